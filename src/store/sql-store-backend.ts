/**
 * @module
 * The store over a dashbase Database (PGlite or a PostgreSQL server): one parameterized
 * statement per call, expiry judged by the database's clock, and an `update` that is atomic
 * across connections and processes. A write under a per-owner quota is a short transaction:
 * it takes a transaction-scoped advisory lock on the owner, counts what the owner holds, and
 * writes only when the result stays within the quota, so concurrent writers of one owner (in
 * any process) take turns and can never overshoot it together.
 */
import type { Database, Queryable, QueryResult } from "../db/database.js";
import { internalSchemaGate } from "../models/internal-tables.js";
import type { StoreAddress, StoreBackend, UpdateStep } from "./store-backend.js";
import { enforceQuota, unlimited, type StoreQuota } from "./store-quota.js";

const live = "(expires_at IS NULL OR expires_at > now())";
const expiry = "CASE WHEN $5::float8 IS NULL THEN NULL ELSE now() + $5::float8 * interval '1 millisecond' END";
const sweepBatch = 1000;

/** The statements the store runs (exported for the benchmark, which times them raw). */
export const storeSql = {
  get: `SELECT value FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND key = $3 AND ${live}`,
  getMany: `SELECT key, value FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND key = ANY($3::text[]) AND ${live}`,
  has: `SELECT 1 AS one FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND key = $3 AND ${live}`,
  keys: `SELECT key FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND ${live} ORDER BY key`,
  entries: `SELECT key, value FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND ${live} ORDER BY key`,
  set: `INSERT INTO dashbase_store (owner, namespace, key, value, expires_at, updated_at)
        VALUES ($1, $2, $3, $4::jsonb, ${expiry}, now())
        ON CONFLICT (owner, namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
  setMany: `INSERT INTO dashbase_store (owner, namespace, key, value, expires_at, updated_at)
        SELECT $1, $2, item.key, item.value::jsonb, ${expiry.replaceAll("$5", "$3")}, now()
        FROM unnest($4::text[], $5::text[]) AS item(key, value)
        ON CONFLICT (owner, namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
  delete: `DELETE FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND key = $3 RETURNING ${live} AS live`,
  clear: `WITH gone AS (DELETE FROM dashbase_store WHERE owner = $1 AND namespace = $2 RETURNING expires_at)
          SELECT count(*) AS n FROM gone WHERE ${live}`,
  lockRow: `SELECT value, ${live} AS live FROM dashbase_store WHERE owner = $1 AND namespace = $2 AND key = $3 FOR UPDATE`,
  updateRow: `UPDATE dashbase_store SET value = $4::jsonb, updated_at = now(),
        expires_at = CASE WHEN $5::float8 IS NOT NULL THEN now() + $5::float8 * interval '1 millisecond'
                          WHEN $6::boolean AND ${live} THEN expires_at ELSE NULL END
        WHERE owner = $1 AND namespace = $2 AND key = $3`,
  insertIfAbsent: `INSERT INTO dashbase_store (owner, namespace, key, value, expires_at, updated_at)
        VALUES ($1, $2, $3, $4::jsonb, ${expiry}, now()) ON CONFLICT (owner, namespace, key) DO NOTHING`,
  // One owner's writers take turns (hashtext collisions merely make two owners share a turn).
  ownerLock: "SELECT pg_advisory_xact_lock(hashtext('dashbase.store.owner:' || $1)) AS locked",
  // What the owner holds ($1) and would hold once the keys $3 of namespace $2 hold the values $4.
  // Bytes are the key's and the value's JSON text as stored, so both sides are measured alike.
  usage: `SELECT count(*)::int AS keys, coalesce(sum(size), 0)::float8 AS bytes,
          (count(*) FILTER (WHERE NOT replaced))::int AS kept_keys,
          coalesce(sum(size) FILTER (WHERE NOT replaced), 0)::float8 AS kept_bytes,
          (SELECT coalesce(sum(octet_length(item.key) + octet_length(item.value::jsonb::text)), 0)
             FROM unnest($3::text[], $4::text[]) AS item(key, value))::float8 AS new_bytes
        FROM (SELECT namespace = $2 AND key = ANY($3::text[]) AS replaced, octet_length(key) + octet_length(value::text) AS size
              FROM dashbase_store WHERE owner = $1 AND ${live}) AS held`,
  // Uses the primary key, which starts with owner.
  deleteOwners: "DELETE FROM dashbase_store WHERE owner = ANY($1::text[])",
  // SKIP LOCKED: several processes sweeping at once split the work instead of queueing on it.
  sweep: `DELETE FROM dashbase_store WHERE (owner, namespace, key) IN (
          SELECT owner, namespace, key FROM dashbase_store WHERE expires_at <= now() LIMIT ${sweepBatch} FOR UPDATE SKIP LOCKED)`,
} as const;
const sql = storeSql;

type Row = Record<string, unknown>;
type StatementKey = Exclude<keyof typeof storeSql, "sweep">;

/**
 * The fixed statements run as named prepared statements: on a PostgreSQL server each connection
 * parses and plans them once, which takes about half the time off a get. Their texts never
 * change and name their columns, so a prepared plan stays valid. The rare sweep stays unnamed.
 */
export const storeSqlNames = Object.freeze(
  Object.fromEntries(
    (Object.keys(storeSql) as Array<keyof typeof storeSql>)
      .filter((key) => key !== "sweep")
      .map((key) => [key, Object.freeze({ name: `dashbase_store_${key}` })]),
  ) as Record<StatementKey, { readonly name: string }>,
);
const named = storeSqlNames;

/** The store's backend over `db`; creates dashbase's tables before its first statement. */
export class SqlStoreBackend implements StoreBackend {
  private readonly schemaReady: () => Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly quota: StoreQuota,
  ) {
    this.schemaReady = internalSchemaGate(db);
  }

  /**
   * Runs `write` for `owner` within the quota: under the owner's lock, after counting what the
   * owner would hold once `entries` (keys of `namespace` and their JSON) are written.
   */
  private async withinQuota(
    owner: string,
    namespace: string,
    entries: ReadonlyArray<readonly [string, string]>,
    write: (q: Queryable) => Promise<unknown>,
  ): Promise<void> {
    const pending = this.schemaReady();
    if (pending !== undefined) await pending;
    await this.db.transaction(async (tx) => {
      await tx.query(sql.ownerLock, [owner], named.ownerLock);
      await this.checkUse(tx, owner, namespace, entries);
      await write(tx);
    });
  }

  private async checkUse(q: Queryable, owner: string, namespace: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    const keys = entries.map((entry) => entry[0]);
    const { rows } = await q.query(sql.usage, [owner, namespace, keys, entries.map((entry) => entry[1])], named.usage);
    const row = rows[0] ?? {};
    enforceQuota(this.quota, {
      keys: Number(row["keys"] ?? 0),
      bytes: Number(row["bytes"] ?? 0),
      keysAfter: Number(row["kept_keys"] ?? 0) + keys.length,
      bytesAfter: Number(row["kept_bytes"] ?? 0) + Number(row["new_bytes"] ?? 0),
    });
  }

  /** No extra async frame once the tables exist: this sits on every call's hot path. */
  private run(key: StatementKey, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const pending = this.schemaReady();
    return pending === undefined
      ? this.db.query(sql[key], params, named[key])
      : pending.then(() => this.db.query(sql[key], params, named[key]));
  }

  async get(a: StoreAddress): Promise<unknown> {
    return (await this.run("get", [a.owner, a.namespace, a.key])).rows[0]?.["value"];
  }

  async getMany(namespace: string, owner: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const { rows } = await this.run("getMany", [owner, namespace, keys]);
    return new Map(rows.map((row) => [row["key"] as string, row["value"]]));
  }

  async has(a: StoreAddress): Promise<boolean> {
    return (await this.run("has", [a.owner, a.namespace, a.key])).rows.length > 0;
  }

  async keys(namespace: string, owner: string): Promise<string[]> {
    return (await this.run("keys", [owner, namespace])).rows.map((row) => row["key"] as string);
  }

  async entries(namespace: string, owner: string): Promise<Array<[string, unknown]>> {
    return (await this.run("entries", [owner, namespace])).rows.map((row) => [row["key"] as string, row["value"]]);
  }

  async set(a: StoreAddress, json: string, ttlMs: number | null): Promise<void> {
    const params = [a.owner, a.namespace, a.key, json, ttlMs];
    if (unlimited(this.quota)) await this.run("set", params);
    else await this.withinQuota(a.owner, a.namespace, [[a.key, json]], (q) => q.query(sql.set, params, named.set));
  }

  async setMany(namespace: string, owner: string, entries: ReadonlyArray<readonly [string, string]>, ttlMs: number | null): Promise<void> {
    if (entries.length === 0) return;
    const params = [owner, namespace, ttlMs, entries.map((entry) => entry[0]), entries.map((entry) => entry[1])];
    if (unlimited(this.quota)) await this.run("setMany", params);
    else await this.withinQuota(owner, namespace, entries, (q) => q.query(sql.setMany, params, named.setMany));
  }

  async delete(a: StoreAddress): Promise<boolean> {
    const { rows } = await this.run("delete", [a.owner, a.namespace, a.key]);
    return rows[0]?.["live"] === true;
  }

  async clear(namespace: string, owner: string): Promise<number> {
    const { rows } = await this.run("clear", [owner, namespace]);
    return Number(rows[0]?.["n"] ?? 0);
  }

  /**
   * Locks the row (SELECT ... FOR UPDATE) so concurrent updates queue on it. A missing key has
   * no row to lock: the new value is inserted with ON CONFLICT DO NOTHING, and when another
   * transaction inserted the key first (which that INSERT waits for), the loop locks and
   * rereads the row it created, so no increment is lost.
   */
  async update(a: StoreAddress, step: UpdateStep, ttlMs: number | null | undefined): Promise<void> {
    const pending = this.schemaReady();
    if (pending !== undefined) await pending;
    const key = [a.owner, a.namespace, a.key];
    const limited = !unlimited(this.quota);
    await this.db.transaction(async (tx) => {
      // The owner's lock first, as every limited write takes it, so writers never wait on each other in a circle.
      if (limited) await tx.query(sql.ownerLock, [a.owner], named.ownerLock);
      for (;;) {
        const { rows } = await tx.query(sql.lockRow, key, named.lockRow);
        const row = rows[0];
        if (row !== undefined) {
          const json = await step(row["live"] === true ? row["value"] : undefined);
          if (limited) await this.checkUse(tx, a.owner, a.namespace, [[a.key, json]]);
          await tx.query(sql.updateRow, [...key, json, ttlMs ?? null, ttlMs === undefined], named.updateRow);
          return;
        }
        const json = await step(undefined);
        if (limited) await this.checkUse(tx, a.owner, a.namespace, [[a.key, json]]);
        const inserted = await tx.query(sql.insertIfAbsent, [...key, json, ttlMs ?? null], named.insertIfAbsent);
        if (inserted.rowCount === 1) return;
      }
    });
  }

  async deleteOwners(owners: readonly string[]): Promise<void> {
    await this.run("deleteOwners", [owners]);
  }

  async sweepExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = this.schemaReady();
      if (pending !== undefined) await pending;
      const { rowCount } = await this.db.query(sql.sweep);
      total += rowCount;
      if (rowCount < sweepBatch) return total;
    }
  }
}
