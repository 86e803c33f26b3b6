/**
 * @module
 * The `dashbase_migrations` table (which revisions are applied, with the checksum of their
 * `up.sql`) and the advisory lock that makes concurrent upgrades take turns.
 */
import type { Queryable } from "../db/database.js";

export const migrationTable = "dashbase_migrations";

/** An arbitrary fixed key: every dashbase process migrating one database takes the same lock. */
const lockKey = 7_245_001_153;

export interface AppliedRevision {
  id: string;
  parent: string | null;
  message: string;
  checksum: string;
  appliedAt: Date;
}

/**
 * Waits for the migration lock; released when the transaction ends (commit or rollback),
 * so a crashed process can never leave it held.
 */
export async function takeMigrationLock(tx: Queryable): Promise<void> {
  await tx.query("select pg_advisory_xact_lock($1::bigint)", [lockKey]);
}

/** Creates the table when missing; call inside a transaction that holds the lock. */
export async function ensureMigrationTable(tx: Queryable): Promise<void> {
  await tx.exec(`create table if not exists ${migrationTable} (
  id text primary key,
  parent text,
  message text not null default '',
  checksum text not null,
  applied_at timestamptz not null default now()
)`);
}

/** True when the table exists (reading history must not create it). */
export async function migrationTableExists(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>("select to_regclass($1) is not null as found", [migrationTable]);
  return rows[0]?.found === true;
}

/** Applied revisions, oldest first. */
export async function readApplied(db: Queryable): Promise<AppliedRevision[]> {
  if (!(await migrationTableExists(db))) return [];
  const { rows } = await db.query<{ id: string; parent: string | null; message: string; checksum: string; applied_at: Date }>(
    `select id, parent, message, checksum, applied_at from ${migrationTable} order by applied_at, id`,
  );
  return rows.map((row) => ({ id: row.id, parent: row.parent, message: row.message, checksum: row.checksum, appliedAt: row.applied_at }));
}

export async function recordApplied(
  tx: Queryable,
  revision: { id: string; parent: string | null; message: string; checksum: string },
): Promise<void> {
  await tx.query(`insert into ${migrationTable} (id, parent, message, checksum) values ($1, $2, $3, $4)`, [
    revision.id,
    revision.parent,
    revision.message,
    revision.checksum,
  ]);
}

export async function forgetApplied(tx: Queryable, id: string): Promise<void> {
  await tx.query(`delete from ${migrationTable} where id = $1`, [id]);
}

export async function forgetAllApplied(tx: Queryable): Promise<void> {
  await tx.query(`delete from ${migrationTable}`);
}
