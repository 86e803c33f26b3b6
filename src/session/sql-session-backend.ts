/**
 * @module
 * Sessions in the `dashbase_sessions` table, on PGlite or a PostgreSQL server. Expiry is judged
 * by the database's clock, so every app process agrees on it. Only this table is touched: the
 * owners of ended sessions are reported to the caller, who clears their store values.
 */
import type { Database } from "../db/database.js";
import { internalSchemaGate } from "../models/internal-tables.js";
import {
  sessionEnded,
  type FoundSession,
  type NewSession,
  type OwnersEnded,
  type SessionBackend,
  type SessionRecord,
} from "./session-backend.js";

const columns = "id, anonymous_owner, user_id, csrf_token, expires_at";
const expiry = "now() + $5::float8 * interval '1 millisecond'";
const sweepBatch = 1000;

const sql = {
  find: `SELECT ${columns}, (extract(epoch FROM (expires_at - now())) * 1000)::float8 AS remaining_ms
         FROM dashbase_sessions WHERE id = $1 AND expires_at > now()`,
  create: `INSERT INTO dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4, ${expiry}) RETURNING ${columns}`,
  extend: `UPDATE dashbase_sessions SET expires_at = now() + $2::float8 * interval '1 millisecond' WHERE id = $1 AND expires_at > now() RETURNING expires_at`,
  persist: `INSERT INTO dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4, ${expiry})
            ON CONFLICT (id) DO NOTHING RETURNING ${columns}`,
  // An ended session's marker: an empty owner and token, kept as long as a cookie of it could be valid.
  end: `INSERT INTO dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at)
        VALUES ($1, '', NULL, '', now() + $2::float8 * interval '1 millisecond')
        ON CONFLICT (id) DO UPDATE SET anonymous_owner = '', user_id = NULL, csrf_token = '', expires_at = EXCLUDED.expires_at`,
  // Nobody to tell: one statement per batch, and SKIP LOCKED lets processes sweeping at once split the work.
  sweep: `WITH gone AS (DELETE FROM dashbase_sessions WHERE id IN (
            SELECT id FROM dashbase_sessions WHERE expires_at <= now() LIMIT ${sweepBatch} FOR UPDATE SKIP LOCKED)
            RETURNING anonymous_owner)
          SELECT count(*)::int AS removed, (count(*) FILTER (WHERE anonymous_owner <> ''))::int AS sessions FROM gone`,
  // Someone to tell: read a batch, report its owners, then remove it; a crash or a failed report
  // in between leaves the batch for the next sweep. Processes sweeping at once may report the
  // same owners twice, which is harmless; only the removals they each made are counted.
  expired: `SELECT id, anonymous_owner FROM dashbase_sessions WHERE expires_at <= now() LIMIT ${sweepBatch}`,
  removeExpired: "DELETE FROM dashbase_sessions WHERE id = ANY($1::text[]) AND expires_at <= now() RETURNING anonymous_owner",
} as const;

/**
 * The fixed statements run as named prepared statements (parsed and planned once per server
 * connection); their texts never change and name their columns. The rare sweep stays unnamed.
 */
const named = {
  find: { name: "dashbase_session_find" },
  create: { name: "dashbase_session_create" },
  extend: { name: "dashbase_session_extend" },
  persist: { name: "dashbase_session_persist" },
  end: { name: "dashbase_session_end" },
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

  async find(id: string): Promise<FoundSession | typeof sessionEnded | undefined> {
    await this.ready();
    const row = (await this.db.query(sql.find, [id], named.find)).rows[0];
    if (row === undefined) return undefined;
    return row["anonymous_owner"] === "" ? sessionEnded : { record: toRecord(row), remainingMs: row["remaining_ms"] as number };
  }

  async persist(session: NewSession, maxAgeMs: number): Promise<SessionRecord | typeof sessionEnded> {
    await this.ready();
    const inserted = (await this.db.query(sql.persist, params(session, maxAgeMs), named.persist)).rows[0];
    if (inserted !== undefined) return toRecord(inserted);
    // The id has a row: made by a request of the same session a moment ago, or its ended marker.
    const found = await this.find(session.id);
    return found === undefined || found === sessionEnded ? sessionEnded : found.record;
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
      await tx.query(sql.end, [oldId, maxAgeMs], named.end);
      const { rows } = await tx.query(sql.create, params(next, maxAgeMs), named.create);
      return toRecord(rows[0] as Record<string, unknown>);
    });
  }

  async destroy(id: string, maxAgeMs: number): Promise<void> {
    await this.ready();
    await this.db.query(sql.end, [id, maxAgeMs], named.end);
  }

  async sweepExpired(ended?: OwnersEnded): Promise<number> {
    await this.ready();
    let total = 0;
    for (;;) {
      if (ended === undefined) {
        const counts = (await this.db.query(sql.sweep)).rows[0] ?? {};
        total += Number(counts["sessions"] ?? 0);
        if (Number(counts["removed"] ?? 0) < sweepBatch) return total;
        continue;
      }
      const { rows } = await this.db.query(sql.expired);
      if (rows.length === 0) return total;
      // Ended markers (empty owner) have nobody to report.
      const owners = [...new Set(rows.map((row) => row["anonymous_owner"] as string))].filter((owner) => owner !== "");
      if (owners.length > 0) await ended(owners);
      const removed = await this.db.query(sql.removeExpired, [rows.map((row) => row["id"] as string)]);
      total += removed.rows.filter((row) => row["anonymous_owner"] !== "").length;
      if (rows.length < sweepBatch) return total;
    }
  }
}
