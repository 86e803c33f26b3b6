/**
 * @module
 * A server started as its own process for the start-up and memory benches: launched, polled until
 * its first 200, its resident memory read from /proc, stopped with its whole process group.
 * Also the flagship's launch command and a prepared embedded data directory or PostgreSQL database.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const root = path.resolve(import.meta.dirname, "..");
export const bin = path.join(root, "bin", "dashbase.js");
export const flagship = path.join(root, "examples", "indicators", "app.ts");

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

export interface Launched {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the first 200 on `/`. */
  firstOkMs: number;
  stop(): Promise<void>;
}

/** The environment without any database or profile choice of the shell that runs the bench. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "DATABASE_DIRECT_URL",
    "DASHBASE_DATABASE",
    "DASHBASE_DATA_DIR",
    "DASHBASE_ENV",
    "NODE_ENV",
    "PORT",
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env)) if (name.startsWith("PG")) delete env[name];
  return { ...env, ...extra };
}

/** Starts `args` (after node) with PORT set and polls `/` until it answers 200. */
export async function launch(args: string[], env: NodeJS.ProcessEnv, limitMs = 120_000): Promise<Launched> {
  const port = await freePort();
  const started = performance.now();
  // detached: its own process group, so stopping it stops `dashbase dev`'s child as well
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (exited) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 10_000);
    await exit;
    clearTimeout(timer);
  };
  for (;;) {
    if (exited) throw new Error(`${args.join(" ")} ended before its first page:\n${stderr}`);
    if (performance.now() - started > limitMs) {
      await stop();
      throw new Error(`${args.join(" ")}: no page after ${limitMs} ms:\n${stderr}`);
    }
    const status = await fetch(`http://127.0.0.1:${port}/`).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.status;
      },
      () => 0,
    );
    if (status === 200) return { child, port, firstOkMs: performance.now() - started, stop };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resident set size of process `pid` in MB (Linux /proc), summed over `pid`'s threads. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A production environment for the flagship on the embedded database in `dataDir`. */
export function productionEmbedded(dataDir: string): NodeJS.ProcessEnv {
  return cleanEnv({
    DASHBASE_ENV: "production",
    DASHBASE_DATABASE: "embedded",
    DASHBASE_DATA_DIR: dataDir,
    SESSION_SECRET: "b".repeat(64),
  });
}

/** A production environment for the flagship on the PostgreSQL database at `url`. */
export function productionPostgres(url: string): NodeJS.ProcessEnv {
  return cleanEnv({ DASHBASE_ENV: "production", DATABASE_URL: url, SESSION_SECRET: "b".repeat(64) });
}

/** Migrates and seeds the flagship's database named by `env` (one development start, stopped at its first page). */
export async function prepareFlagship(env: NodeJS.ProcessEnv): Promise<void> {
  const launched = await launch([bin, "start", flagship, "--migrate", "--seed"], { ...env, DASHBASE_ENV: "development" }, 300_000);
  await launched.stop();
}

/** A new embedded data directory under the system's temporary folder. */
export function tempDataDir(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), `dashbase-${name}-`)), "data");
}

/** The PostgreSQL server the benches may use (BENCH_DATABASE_URL, else TEST_DATABASE_URL), if any. */
export function benchServerUrl(): string | undefined {
  return process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
}

/** Creates a new database on the server at `serverUrl`; returns its URL and a function dropping it. */
export async function tempServerDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${database}`);
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}
