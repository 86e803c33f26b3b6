/**
 * @module
 * `dashbase db serve` exposes the embedded database over the PostgreSQL protocol on a local port
 * (psql, DBeaver and other tools can then look at the data); `dashbase db shell` opens psql on
 * the configured database.
 */
import { spawn, spawnSync } from "node:child_process";
import type { PGlite } from "@electric-sql/pglite";
import type { Command } from "commander";
import type { DatabaseSettings, PostgresDatabaseSettings } from "../../config/settings.js";
import { lockDataDir } from "../../db/drivers/pglite/data-dir-lock.js";
import { resolveDataDir } from "../../db/drivers/pglite/data-dir-path.js";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { exitCodes } from "../output.js";
import { parsePortOption } from "../port-option.js";
import { asAction, runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

export interface EmbeddedServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres?sslmode=disable` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves an embedded data directory (`null`: a fresh in-memory database) on `host:port` (0 picks
 * a free port). Takes the data directory's lock like the app does, so the app must not be running.
 * @example
 * const server = await startEmbeddedServer(".dashbase/data", { port: 0 });
 * console.log(server.url);
 * await server.stop();
 */
export async function startEmbeddedServer(dataDir: string | null, options: { host?: string; port?: number } = {}): Promise<EmbeddedServer> {
  const host = options.host ?? "127.0.0.1";
  // The real directory, as the app opens it: a symlinked one works, and both meet one lock.
  const realDir = dataDir === null ? null : resolveDataDir(dataDir);
  const lock = realDir === null ? undefined : lockDataDir(realDir);
  let client: PGlite | undefined;
  try {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket")]);
    client = await PGlite.create(realDir === null ? {} : { dataDir: realDir });
    // Several connections: database tools open more than one; their queries still run one at a time.
    const server = new PGLiteSocketServer({ db: client, host, port: options.port ?? 5433, maxConnections: 16 });
    await server.start();
    const port = Number(server.getServerConn().split(":").pop());
    const opened = client;
    return {
      url: `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`,
      port,
      async stop() {
        try {
          await server.stop();
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function psqlEnv(settings: PostgresDatabaseSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: settings.host,
    PGPORT: String(settings.port),
    ...(settings.user === undefined ? {} : { PGUSER: settings.user }),
    // Passed in the environment so it never shows in a process list or in output.
    ...(settings.password === undefined ? {} : { PGPASSWORD: settings.password }),
    ...(settings.database === undefined ? {} : { PGDATABASE: settings.database }),
    PGSSLMODE: settings.ssl === false ? "disable" : "require",
  };
}

function runPsql(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("psql", [...args], { stdio: "inherit", env });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
}

/**
 * Adds `db serve` and `db shell`.
 * @example
 * registerServeCommands(program.command("db"));
 */
export function registerServeCommands(db: Command, io: CommandIo = {}): void {
  withCommonOptions(
    db
      .command("serve")
      .description(
        "expose the embedded database on a local port over the PostgreSQL protocol (stop the app first: it uses the same data directory)",
      )
      .option("--port <port>", "port to listen on (0 picks a free one)", "5433")
      .option("--host <host>", "address to listen on", "127.0.0.1"),
  ).action(
    asAction((options: ServeOptions) =>
      runCommand(options, io, async ({ out, database: settings }) => {
        const database: DatabaseSettings = settings().database;
        if (database.kind === "postgres") {
          out.result(
            { ok: true, url: database.displayUrl, embedded: false },
            () => `The configured database is already a PostgreSQL server: connect to ${database.displayUrl}`,
          );
          return exitCodes.ok;
        }
        const server = await startEmbeddedServer(database.dataDir, { host: options.host, port: parsePortOption(options.port) ?? 5433 });
        out.result({ ok: true, url: server.url, embedded: true, dataDir: database.dataDir }, () => [
          `Serving ${database.dataDir ?? "an in-memory database"} at ${out.style.bold(server.url)}`,
          `  psql "${server.url}"`,
          "Press Ctrl+C to stop.",
        ]);
        await waitForSignal();
        await server.stop();
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(
    db.command("shell").description("open psql on the configured database (the embedded one is served on a free port meanwhile)"),
  ).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ database: settings }) => {
        const database = settings().database;
        const probe = spawnSync("psql", ["--version"], { stdio: "ignore" });
        if (probe.error !== undefined) {
          throw new DashbaseError(
            "DASHBASE_E_TOOL_MISSING",
            "psql is not installed: install the PostgreSQL client (e.g. apt install postgresql-client, brew install libpq), or run `dashbase db serve` and connect another tool",
          );
        }
        if (database.kind === "postgres") return (await runPsql([], psqlEnv(database))) === 0 ? exitCodes.ok : exitCodes.error;
        const server = await startEmbeddedServer(database.dataDir, { port: 0 });
        try {
          return (await runPsql([server.url], process.env)) === 0 ? exitCodes.ok : exitCodes.error;
        } finally {
          await server.stop();
        }
      }),
    ),
  );
}
