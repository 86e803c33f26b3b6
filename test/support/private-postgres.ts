/**
 * A PostgreSQL server of this test's own (initdb in a temp folder, on a free loopback port), so
 * fault tests can kill and restart it without touching the machine's shared server.
 * Needs the Debian postgresql binaries; runs the server as the `postgres` user when we are root.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

export interface PrivatePostgres {
  url: string;
  port: number;
  /** Stops the server in immediate mode (as a crash would) and starts it again after `downMs`. */
  crashAndRestart(downMs: number): Promise<void>;
  /** A streaming replica of this server (`pg_basebackup -R`), in the same temp folder, on a port of its own. */
  startReplica(): Promise<PrivateReplica>;
  stop(): void;
}

export interface PrivateReplica {
  url: string;
  port: number;
  /** Stops it in immediate mode; `start()` brings it back. */
  stop(): void;
  start(): void;
}

function binDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const version = fs.readdirSync(base).sort().pop();
  return version === undefined ? undefined : path.join(base, version, "bin");
}

/** True when this machine can start a private server. */
export function canStartPrivatePostgres(): boolean {
  const bin = binDir();
  return bin !== undefined && fs.existsSync(path.join(bin, "pg_ctl"));
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (bin === undefined) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql: apt-get install postgresql");
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]): void => {
    const full = path.join(bin, command);
    const result = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", full, ...args], { encoding: "utf8" })
      : spawnSync(full, args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-pg-"));
  fs.chmodSync(dir, 0o777);
  const dataDir = path.join(dir, "data");
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  run("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = (): void => run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
  start();
  let running = true;
  const replicas: Array<() => void> = [];
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async crashAndRestart(downMs) {
      run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
    async startReplica() {
      const replicaDir = path.join(dir, `replica-${replicas.length + 1}`);
      run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "--no-sync"]);
      const replicaPort = await freePort();
      const replicaOptions = `-p ${replicaPort} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50 -c hot_standby=on`;
      let up = false;
      const startReplica = (): void => {
        run("pg_ctl", [
          "-D",
          replicaDir,
          "-o",
          replicaOptions,
          "-l",
          path.join(dir, `replica-${replicas.length + 1}.log`),
          "-w",
          "-t",
          "30",
          "start",
        ]);
        up = true;
      };
      const stopReplica = (): void => {
        if (!up) return;
        up = false;
        run("pg_ctl", ["-D", replicaDir, "-m", "immediate", "-w", "stop"]);
      };
      startReplica();
      replicas.push(stopReplica);
      return { url: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`, port: replicaPort, stop: stopReplica, start: startReplica };
    },
    stop() {
      if (!running) return;
      running = false;
      for (const stopReplica of replicas) {
        try {
          stopReplica();
        } catch {
          // the primary still has to stop
        }
      }
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
