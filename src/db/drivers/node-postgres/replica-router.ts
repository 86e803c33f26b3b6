/**
 * @module
 * Read routing over streaming replicas (DATABASE_READ_URL): a read goes to the first replica
 * that is up, no further behind than DASHBASE_DB_READ_MAX_LAG_MS, and (for a session that has
 * written) has replayed the WAL past that session's last write; otherwise to the primary.
 *
 * A replica's state (its replay position and lag) is read at most once a second, and again when
 * a session needs a position it has not yet reached: the replay position only moves forward, so a
 * cached position that is already past the write is proof enough. A replica that fails to connect
 * is passed over for a few seconds. A statement a replica refuses as a write (SQLSTATE 25006) or
 * cancels for a recovery conflict (40001) runs again on the primary: the replica ran none of it.
 */
import type pg from "pg";
import type { PostgresDatabaseSettings, ReadReplicaSettings } from "../../../config/settings.js";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { isConnectionError } from "../../translate-error.js";

/** How long a replica that failed to connect is passed over. */
const downForMs = 2_000;
/** How long a replica's state is trusted before it is read again. */
const stateTtlMs = 1_000;
/** SQLSTATEs after which the same statement is sent to the primary instead. */
const primaryAgain = new Set(["25006", "40001"]);
const transactionStart = /^\s*(begin|start\s+transaction)\b/i;
/** node-postgres's words when no connection could be had within the acquire timeout. */
const acquireTimeout = /timeout exceeded when trying to connect/i;

/** Something statements can be sent to: a pg.Pool, or the router's stand-in for one. */
export interface PgQueryable {
  query(config: unknown, values?: unknown): Promise<pg.QueryResult>;
}

interface ReplicaState {
  readonly settings: PostgresDatabaseSettings;
  readonly pool: pg.Pool;
  downUntil: number;
  checkedAt: number;
  /** The WAL position replayed so far (0 until read). */
  replayed: bigint;
  lagMs: number;
  checking: Promise<void> | undefined;
}

/**
 * Parses a `pg_lsn` text (`16/B374D848`) into a number that compares as positions do.
 * @example
 * parseLsn("0/3000060") > parseLsn("0/3000028"); // true
 */
export function parseLsn(text: string): bigint | undefined {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (match === null) return undefined;
  return (BigInt(`0x${match[1] ?? "0"}`) << 32n) + BigInt(`0x${match[2] ?? "0"}`);
}

// While WAL waits to be replayed, the lag is counted from the last replayed commit: an upper
// bound. With nothing waiting the replica is current however long the primary has been idle.
const stateQuery = `select pg_is_in_recovery() as recovery, coalesce(pg_last_wal_replay_lsn()::text, '0/0') as replayed,
  case when not pg_is_in_recovery() or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
       else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0) end as lag_ms`;

/**
 * Chooses where each read goes. Built by the node-postgres driver when DATABASE_READ_URL is set.
 * @example
 * const router = new ReplicaRouter(primaryPool, settings.reads, (replica) => new pg.Pool({ ... }));
 * await router.target(undefined).query("select 1");
 */
export class ReplicaRouter {
  private readonly replicas: ReplicaState[];
  private next = 0;

  constructor(
    private readonly primary: pg.Pool,
    private readonly reads: ReadReplicaSettings,
    makePool: (settings: PostgresDatabaseSettings) => pg.Pool,
    onIdleError?: (error: Error) => void,
  ) {
    this.replicas = reads.replicas.map((settings) => {
      const pool = makePool(settings);
      pool.on("error", (error) => onIdleError?.(error));
      return { settings, pool, downUntil: 0, checkedAt: 0, replayed: 0n, lagMs: 0, checking: undefined };
    });
  }

  /**
   * A stand-in for a pool that sends each statement to a replica fit for a reader whose last
   * write ended at WAL position `after` (undefined: no write to wait for), else to the primary.
   */
  target(after: bigint | undefined): PgQueryable {
    return { query: (config, values) => this.run(after, config, values) };
  }

  private async run(after: bigint | undefined, config: unknown, values: unknown): Promise<pg.QueryResult> {
    // Each statement may go to another server: a transaction begun here (drizzle's
    // `orm.transaction()` on a read handle) would not hold. `db.transaction()` runs on the primary.
    const text = typeof config === "string" ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text === "string" && transactionStart.test(text)) {
      throw new DashbaseError(
        "DASHBASE_E_RAW_TRANSACTION_CONTROL",
        `"${text.trim().slice(0, 20)}" cannot be sent through a read handle (db.readOnly()), whose statements may each go to another server: use db.transaction(async (tx) => { ... }), which runs on the primary`,
      );
    }
    const replica = await this.choose(after);
    if (replica !== undefined) {
      try {
        return await (replica.pool.query as (c: unknown, v: unknown) => Promise<pg.QueryResult>)(config, values);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (isConnectionError(error) || acquireTimeout.test(String(error))) {
          // A full replica pool is busy, not down: this one read goes to the primary.
          if (replica.pool.totalCount < replica.settings.pool.max) replica.downUntil = Date.now() + downForMs;
        } else if (typeof code !== "string" || !primaryAgain.has(code)) throw error;
      }
    }
    return (this.primary.query as (c: unknown, v: unknown) => Promise<pg.QueryResult>)(config, values);
  }

  /** The first replica fit to answer, taking turns among several; undefined means the primary. */
  private async choose(after: bigint | undefined): Promise<ReplicaState | undefined> {
    const count = this.replicas.length;
    const start = this.next;
    this.next = (this.next + 1) % count;
    for (let index = 0; index < count; index += 1) {
      const replica = this.replicas[(start + index) % count];
      if (replica !== undefined && (await this.fit(replica, after))) return replica;
    }
    return undefined;
  }

  private async fit(replica: ReplicaState, after: bigint | undefined): Promise<boolean> {
    if (Date.now() < replica.downUntil) return false;
    const stale = Date.now() - replica.checkedAt > stateTtlMs;
    if (stale || (after !== undefined && replica.replayed < after)) await this.check(replica);
    if (Date.now() < replica.downUntil || replica.lagMs > this.reads.maxLagMs) return false;
    return after === undefined || replica.replayed >= after;
  }

  /** Reads the replica's state; concurrent readers share one query. */
  private check(replica: ReplicaState): Promise<void> {
    replica.checking ??= (async () => {
      try {
        const { rows } = await replica.pool.query<{ recovery: boolean; replayed: string; lag_ms: string | number }>(stateQuery);
        const row = rows[0];
        // A URL that names a server out of recovery (a promoted replica, a primary) is current.
        replica.replayed = row?.recovery === false ? BigInt(2) ** 64n : (parseLsn(row?.replayed ?? "") ?? 0n);
        replica.lagMs = Number(row?.lag_ms ?? 0);
        replica.checkedAt = Date.now();
      } catch {
        replica.downUntil = Date.now() + downForMs;
      } finally {
        replica.checking = undefined;
      }
    })();
    return replica.checking;
  }

  /** Replica connections open right now, all replicas together. */
  connections(): number {
    return this.replicas.reduce((sum, replica) => sum + replica.pool.totalCount, 0);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.replicas.map((replica) => replica.pool.end()));
  }
}
