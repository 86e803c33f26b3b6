/**
 * @module
 * Sessions in the `dashbase_sessions` table, on PGlite or a PostgreSQL server. Expiry is judged
 * by the database's clock, so every app process agrees on it. Only this table is touched: the
 * owners of ended sessions are reported to the caller, who clears their store values.
 */
import type { Database } from "../db/database.js";
import { internalSchemaGate } from "../models/internal-tables.js";
import type { FoundSession, NewSession, OwnersEnded, SessionBackend, SessionRecord } from "./session-backend.js";

const columns = "id, anonymous_owner, user_id, csrf_token, expires_at";
const expiry = "now() + $5::float8 * interval '1 millisecond'";
const sweepBatch = 1000;

const sql = {
  find: `SELECT ${columns}, (extract(epoch FROM (expires_at - now())) * 1000)::float8 AS remaining_ms
         FROM dashbase_sessions WHERE id = $1 AND expires_at > now()`,
  create: `INSERT INTO dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4, ${expiry}) RETURNING ${columns}`,
  extend: `UPDATE dashbase_sessions SET expires_at = now() + $2::float8 * interval '1 millisecond' WHERE id = $1 AND expires_at > now() RETURNING expires_at`,
  remove: "DELETE FROM dashbase_sessions WHERE id = $1",
  // Nobody to tell: one statement per batch, and SKIP LOCKED lets processes sweeping at once split the work.
  sweep: `DELETE FROM dashbase_sessions WHERE id IN (
            SELECT id FROM dashbase_sessions WHERE expires_at <= now() LIMIT ${sweepBatch} FOR UPDATE SKIP LOCKED)`,
  // Someone to tell: read a batch, report its owners, then remove it; a crash or a failed report
  // in between leaves the batch for the next sweep. Processes sweeping at once may report the
  // same owners twice, which is harmless; only the removals they each made are counted.
  expired: `SELECT id, anonymous_owner FROM dashbase_sessions WHERE expires_at <= now() LIMIT ${sweepBatch}`,
  removeExpired: "DELETE FROM dashbase_sessions WHERE id = ANY($1::text[]) AND expires_at <= now()",
} as const;

/**
 * The fixed statements run as named prepared statements (parsed and planned once per server
 * connection); their texts never change and name their columns. The rare sweep stays unnamed.
 */
const named = {
  find: { name: "dashbase_session_find" },
  create: { name: "dashbase_session_create" },
  extend: { name: "dashbase_session_extend" },
  remove: { name: "dashbase_session_remove" },
} as const;

function toRecord(row: Record<string, unknown>): SessionRecord {
  return {
    id: row["id"] as string,
    anonymousOwner: row["anonymous_owner"] as string,
    userId: (row["user_id"] as string | null) ?? null,
    csrfToken: row["csrf_token"] as string,
    expiresAt: row["expires_at"] as Date,
  };
}

function params(session: NewSession, maxAgeMs: number): unknown[] {
  return [session.id, session.anonymousOwner, session.userId, session.csrfToken, maxAgeMs];
}

export class SqlSessionBackend implements SessionBackend {
  private readonly schemaReady: () => Promise<void> | undefined;

  constructor(private readonly db: Database) {
    this.schemaReady = internalSchemaGate(db);
  }

  private async ready(): Promise<void> {
    const pending = this.schemaReady();
    if (pending !== undefined) await pending;
  }

  async find(id: string): Promise<FoundSession | undefined> {
    await this.ready();
    const row = (await this.db.query(sql.find, [id], named.find)).rows[0];
    return row === undefined ? undefined : { record: toRecord(row), remainingMs: row["remaining_ms"] as number };
  }

  async create(session: NewSession, maxAgeMs: number): Promise<SessionRecord> {
    await this.ready();
    const { rows } = await this.db.query(sql.create, params(session, maxAgeMs), named.create);
    return toRecord(rows[0] as Record<string, unknown>);
  }

  async extend(id: string, maxAgeMs: number): Promise<Date | undefined> {
    await this.ready();
    const row = (await this.db.query(sql.extend, [id, maxAgeMs], named.extend)).rows[0];
    return row?.["expires_at"] as Date | undefined;
  }

  async replace(oldId: string, next: NewSession, maxAgeMs: number): Promise<SessionRecord> {
    await this.ready();
    return this.db.transaction(async (tx) => {
      await tx.query(sql.remove, [oldId], named.remove);
      const { rows } = await tx.query(sql.create, params(next, maxAgeMs), named.create);
      return toRecord(rows[0] as Record<string, unknown>);
    });
  }

  async destroy(id: string): Promise<void> {
    await this.ready();
    await this.db.query(sql.remove, [id], named.remove);
  }

  async sweepExpired(ended?: OwnersEnded): Promise<number> {
    await this.ready();
    let total = 0;
    for (;;) {
      if (ended === undefined) {
        const { rowCount } = await this.db.query(sql.sweep);
        total += rowCount;
        if (rowCount < sweepBatch) return total;
        continue;
      }
      const { rows } = await this.db.query(sql.expired);
      if (rows.length === 0) return total;
      await ended([...new Set(rows.map((row) => row["anonymous_owner"] as string))]);
      total += (await this.db.query(sql.removeExpired, [rows.map((row) => row["id"] as string)])).rowCount;
      if (rows.length < sweepBatch) return total;
    }
  }
}
