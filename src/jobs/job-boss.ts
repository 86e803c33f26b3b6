/**
 * @module
 * pg-boss over dashbase's own `Database` handle: its statements go through the handle's raw
 * executor (the driver's queue on PGlite, the pool on a server: no second pool), its tables in
 * the `dashbase_jobs` schema. dashbase runs its own worker loop (job-worker.ts) on pg-boss's
 * fetch/complete/fail, so pg-boss's own workers, scheduler and monitor stay off.
 */
import { createRequire } from "node:module";
import type PgBoss from "pg-boss";
// Loads pg first, as pg-module.ts does it: pg-boss's own require("pg") then finds it loaded.
import "../db/pg-module.js";
import { withoutSourceMaps } from "../runtime/without-source-maps.js";
import type { Database, Queryable } from "../db/database.js";
import { rawExecutorOf } from "../db/raw-executor.js";
import { createQueueSql, createTablesSql, jobSchema, queueExistsSql, setupLockSql } from "./job-sql.js";
import type { JobDefinition } from "./job-types.js";

// cron-parser and its luxon come with pg-boss: loaded without reading their source maps.
const PgBossClass = withoutSourceMaps(() => createRequire(import.meta.url)("pg-boss") as typeof PgBoss);

/** pg-boss's per-call `db` option: runs its statement in a dashbase transaction. */
export type BossDb = PgBoss.Db;

/** Binds pg-boss's per-call `db` option to a dashbase transaction (or handle). */
export function bossDbOver(queryable: Queryable): BossDb {
  return { executeSql: (text, values) => queryable.query(text, values ?? []) };
}

export interface OpenBossOptions {
  /** Runs pg-boss's maintenance (expiry of overdue active jobs, archiving); workers do, the CLI does not. */
  maintenance: boolean;
  onError: (error: unknown) => void;
}

/**
 * Starts pg-boss on `db`, creating or migrating its schema, and dashbase's two tables beside it.
 * @example
 * const boss = await openBoss(db, { maintenance: true, onError: console.error });
 */
export async function openBoss(db: Database, options: OpenBossOptions): Promise<PgBoss> {
  const raw = rawExecutorOf(db);
  const boss = new PgBossClass({
    db: { executeSql: (text, values) => raw.executeSql(text, values ?? []) },
    schema: jobSchema,
    migrate: true,
    schedule: false,
    supervise: options.maintenance,
  });
  // An EventEmitter without an 'error' listener would throw pg-boss's maintenance errors.
  boss.on("error", options.onError);
  await boss.start();
  await db.transaction(async (tx) => {
    for (const statement of createTablesSql) await tx.query(statement);
  });
  return boss;
}

/**
 * Creates pg-boss's queue (a partition of its job table) for each declared job that has none,
 * one process at a time.
 * @example
 * await createQueues(db, registry.list());
 */
export async function createQueues(db: Database, definitions: readonly JobDefinition[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(setupLockSql);
    for (const { name, options } of definitions) {
      if ((await tx.query(queueExistsSql, [name])).rows.length > 0) continue;
      await tx.query(createQueueSql, [
        name,
        JSON.stringify({
          policy: "standard",
          retryLimit: options.retries,
          retryDelay: Math.ceil(options.retryDelayMs / 1000),
          retryBackoff: options.backoff,
          expireInSeconds: Math.ceil(options.timeoutMs / 1000) + 60,
        }),
      ]);
    }
  });
}

/**
 * Drops the jobs schema (pg-boss's tables and dashbase's beside them), for `db reset`;
 * resolves to true when there was one.
 * @example
 * await dropJobSchema(db);
 */
export async function dropJobSchema(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>("select exists (select 1 from pg_namespace where nspname = $1) as found", [
    jobSchema,
  ]);
  if (rows[0]?.found !== true) return false;
  await db.exec(`drop schema if exists ${jobSchema} cascade`);
  return true;
}
