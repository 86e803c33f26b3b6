/**
 * Debian's PgBouncer (`/usr/sbin/pgbouncer`) on a free loopback port, in front of the shared
 * PostgreSQL server, in transaction pooling mode with its default settings otherwise: the
 * pooler a PaaS user puts in front of PostgreSQL when connections run out.
 * It refuses to run as root, so when we are root it drops to the `postgres` user (`-u`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, canConnect } from "./free-port.js";

export const pgbouncerBinary = "/usr/sbin/pgbouncer";

export interface PgBouncer {
  port: number;
  /** `server`'s URL with the host and port replaced by the pooler's. */
  urlFor(server: string): string;
  /** What PgBouncer printed (its log goes to stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** True when this machine has Debian's pgbouncer. */
export function hasPgBouncer(): boolean {
  return fs.existsSync(pgbouncerBinary);
}

/** Throws under CI=true when pgbouncer is missing: the pooler runs must never be skipped there. */
export function requirePgBouncerInCi(): void {
  if (!hasPgBouncer() && process.env["CI"] === "true") {
    throw new Error(`CI=true but ${pgbouncerBinary} is missing: apt-get install pgbouncer (the PgBouncer runs cannot be skipped in CI)`);
  }
}

/**
 * Starts PgBouncer in front of the server at `serverHost:serverPort` (trust authentication), in
 * transaction mode unless `poolMode` says otherwise.
 * @example
 * const bouncer = await startPgBouncer({ serverPort: 5432 });
 * const url = bouncer.urlFor("postgres://postgres@127.0.0.1:5432/test"); // postgres://postgres@127.0.0.1:<port>/test
 */
export async function startPgBouncer(
  options: { serverHost?: string; serverPort?: number; users?: string[]; poolMode?: "transaction" | "session" } = {},
): Promise<PgBouncer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-pgbouncer-"));
  fs.chmodSync(dir, 0o755);
  const users = options.users ?? ["postgres"];
  // With auth_type = trust a user must still be listed in the auth file.
  fs.writeFileSync(path.join(dir, "userlist.txt"), users.map((user) => `"${user}" ""\n`).join(""));
  const config = path.join(dir, "pgbouncer.ini");
  fs.writeFileSync(
    config,
    [
      "[databases]",
      `* = host=${options.serverHost ?? "127.0.0.1"} port=${options.serverPort ?? 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      `pool_mode = ${options.poolMode ?? "transaction"}`,
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(pgbouncerBinary, [...(asRoot ? ["-u", "postgres"] : []), config], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  for (let attempt = 0; !(await canConnect(port)); attempt += 1) {
    if (!running || attempt > 200) {
      child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    urlFor(server) {
      const url = new URL(server);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    log: () => output,
    async stop() {
      if (running) {
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
