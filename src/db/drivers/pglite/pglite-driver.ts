/**
 * @module
 * The embedded driver: PGlite (PostgreSQL compiled to WebAssembly) in this process, persistent
 * in a data directory that this process locks, or in memory.
 */
import fs from "node:fs";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import type { EmbeddedDatabaseSettings } from "../../../config/settings.js";
import type { Orm, QueryResult } from "../../database.js";
import type { Driver, DriverConnection } from "../../driver.js";
import { rawQueryParsers } from "../../type-parsers.js";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";

export interface PgliteDriverOptions {
  /** A `dumpDataDir()` tarball to start a new database from, skipping initdb (tests, templates). */
  template?: Blob;
}

type PgliteSession = Pick<PgliteTransaction, "query" | "exec">;

// The raw-query parsers are the instance's own (given to PGlite.create), never a per-query
// option: PGlite merges a per-query `parsers` into a copy of its whole parser table on every
// statement, which was an eighth of a callback's CPU time. drizzle still passes its own
// per-query parsers (dates kept as text for its column mappers), so the ORM sees no change.
// Statement names (query(text, params, { name })) are not passed on: PGlite parses in-process.
async function runQuery(session: PgliteSession, text: string, params: readonly unknown[]): Promise<QueryResult<Record<string, unknown>>> {
  const result = await session.query<Record<string, unknown>>(text, params as unknown[]);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}

function connectionOver(session: PgliteTransaction): DriverConnection {
  return {
    query: (text, params) => runQuery(session, text, params),
    exec: async (script) => {
      await session.exec(script);
    },
    // drizzle only calls query() on the client it is given, which a PGlite transaction has.
    orm: () => drizzle(session as unknown as PGlite) as unknown as Orm,
  };
}

/** Opens (creating if needed) the embedded database described by `settings`. */
export async function openPgliteDriver(settings: EmbeddedDatabaseSettings, options: PgliteDriverOptions = {}): Promise<Driver> {
  let lock: DataDirLock | undefined;
  const dataDir = settings.dataDir;
  if (dataDir !== null) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    const fresh = dataDir === null || fs.readdirSync(dataDir).length === 0;
    client = await PGlite.create({
      parsers: rawQueryParsers,
      ...(dataDir === null ? {} : { dataDir }),
      ...(fresh && options.template !== undefined ? { loadDataDir: options.template } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  let closed = false;
  return {
    kind: "pglite",
    location: dataDir ?? "memory",
    orm: drizzle(client) as unknown as Orm,
    query: (text, params) => runQuery(client, text, params),
    exec: async (script) => {
      await client.exec(script);
    },
    transaction: (fn) => client.transaction((tx) => fn(connectionOver(tx))),
    poolStats: () => ({ max: 1, total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
