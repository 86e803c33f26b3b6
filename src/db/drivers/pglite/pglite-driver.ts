/**
 * @module
 * The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) in this process, persistent
 * in a data directory that this process locks, or in memory.
 */
import fs from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { EmbeddedDatabaseSettings } from "../../../config/settings.js";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import type { Orm, QueryResult } from "../../database.js";
import type { Driver, DriverConnection } from "../../driver.js";
import { thrownText } from "../../thrown-text.js";
import { storageProblemOf } from "../../translate-error.js";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import { resolveDataDir } from "./data-dir-path.js";
import { PgliteInstance, type PgliteSession } from "./pglite-instance.js";

export interface PgliteDriverOptions {
  /** A `dumpDataDir()` tarball to start a new database from, skipping initdb (tests, templates). */
  template?: Blob;
  /** How often a stopped instance (a PANIC on a full disk) may try to reopen; default 2000 ms. */
  reopenIntervalMs?: number;
}

// Statement names (query(text, params, { name })) are not passed on: PGlite parses in-process.
async function runQuery(session: PgliteSession, text: string, params: readonly unknown[]): Promise<QueryResult<Record<string, unknown>>> {
  const result = await session.query<Record<string, unknown>>(text, params as unknown[]);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}

/**
 * drizzle's PGlite client, routed through the instance (its order, its transactions, its
 * recovery from a dead PGlite): drizzle calls only query(),
 * exec() and transaction() on it (drizzle-orm is pinned; test/contract/embedded-orm-client.test.ts runs
 * ORM statements and transactions through it).
 */
function ormClient(instance: PgliteInstance): Orm {
  const client = {
    query: (text: string, params?: unknown[], options?: Record<string, unknown>) => instance.run((s) => s.query(text, params, options)),
    exec: (script: string, options?: Record<string, unknown>) => instance.run((s) => s.exec(script, options)),
    transaction: <T>(fn: (tx: PgliteSession) => Promise<T>) => instance.transaction(fn),
  };
  return drizzle({ client: client as unknown as PGlite }) as unknown as Orm;
}

function connectionOver(session: PgliteSession): DriverConnection {
  return {
    query: (text, params) => runQuery(session, text, params),
    exec: async (script) => {
      await session.exec(script);
    },
    // drizzle only calls query() on the client it is given, which the session has.
    orm: () => drizzle({ client: session as unknown as PGlite }) as unknown as Orm,
  };
}

/** Free bytes for unprivileged writers under `dir`, or undefined where statfs is not available. */
function freeBytes(dir: string): number | undefined {
  try {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** What PGlite threw at start-up, as a coded error that names the directory (never "[object Object]"). */
function openFailure(dataDir: string, realDir: string, error: unknown): DashbaseError {
  const where = realDir === dataDir ? dataDir : `${dataDir} (${realDir})`;
  const reason = thrownText(error);
  // PGlite says only "failed to initialize properly" when initdb or recovery cannot write.
  const free = freeBytes(realDir);
  if (storageProblemOf(error) === "full" || (free !== undefined && free < 16 * 1024 * 1024)) {
    return new DashbaseError(
      "DASHBASE_E_DB_STORAGE_FULL",
      `the embedded database in ${where} could not start: its storage is full (${free === undefined ? reason : `${free} bytes free; ${reason}`}); free disk space, or set DASHBASE_DATA_DIR to a directory on a disk with room`,
      { cause: error, details: { dataDir, freeBytes: free } },
    );
  }
  if (storageProblemOf(error) === "read-only") {
    return new DashbaseError(
      "DASHBASE_E_DB_READ_ONLY",
      `the embedded database in ${where} could not start: its storage is read-only (${reason}); make it writable`,
      {
        cause: error,
        details: { dataDir },
      },
    );
  }
  return new DashbaseError(
    "DASHBASE_E_DATA_DIR_UNUSABLE",
    `the embedded database in ${where} could not start: ${reason}; check that the directory holds a PGlite database of this version (or is empty), or set DASHBASE_DATA_DIR to a new directory`,
    { cause: error, details: { dataDir } },
  );
}

/** Opens (creating if needed) the embedded database described by `settings`. */
export async function openPgliteDriver(settings: EmbeddedDatabaseSettings, options: PgliteDriverOptions = {}): Promise<Driver> {
  let lock: DataDirLock | undefined;
  // ":memory:" means no directory here too, as in DASHBASE_DATA_DIR: settings written by hand
  // with it used to create a directory of that name beside the app.
  const dataDir = settings.dataDir === ":memory:" ? null : settings.dataDir;
  // The real directory, for PGlite (which cannot mount a symlink) and for the lock.
  const realDir = dataDir === null ? null : resolveDataDir(dataDir);
  if (realDir !== null) lock = lockDataDir(realDir);
  let instance: PgliteInstance;
  try {
    const fresh = realDir === null || fs.readdirSync(realDir).length === 0;
    instance = await PgliteInstance.open({
      dataDir: realDir,
      ...(fresh && options.template !== undefined ? { template: options.template } : {}),
      ...(options.reopenIntervalMs === undefined ? {} : { reopenIntervalMs: options.reopenIntervalMs }),
      ...(settings.memoryMb === undefined ? {} : { memoryMb: settings.memoryMb }),
      ...(settings.tierUp === undefined ? {} : { tierUp: settings.tierUp }),
    });
  } catch (error) {
    lock?.release();
    if (dataDir === null || realDir === null) throw error instanceof Error ? error : new Error(thrownText(error), { cause: error });
    throw openFailure(dataDir, realDir, error);
  }
  let closed = false;
  return {
    kind: "pglite",
    location: dataDir ?? "memory",
    orm: ormClient(instance),
    query: (text, params) => instance.run((session) => runQuery(session, text, params)),
    exec: (script) =>
      instance.run(async (session) => {
        await session.exec(script);
      }),
    transaction: (fn) => instance.transaction((session) => fn(connectionOver(session))),
    poolStats: () => ({ max: 1, total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await instance.close();
      } finally {
        lock?.release();
      }
    },
  };
}
