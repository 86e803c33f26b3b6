/**
 * @module
 * The connection budget: how many server connections a deployment may hold at once, against the
 * slots the server has left. Without a pooler:
 *
 *     processes × pool max + processes × listeners + migrations
 *       ≤ max_connections − superuser_reserved_connections − reserved_connections − held by other clients
 *
 * Behind a pooler (DASHBASE_DB_POOLER) the app's pools talk to the pooler, whose own limits
 * (max_client_conn, default_pool_size) decide what reaches the server; only the direct
 * connections (listeners, migrations over DATABASE_DIRECT_URL) are counted here then.
 */
import type { PostgresDatabaseSettings } from "../config/settings.js";
import type { Queryable } from "./database.js";

/** What the deployment needs, as the settings describe it. */
export interface ConnectionNeeds {
  /** App processes sharing the server, all machines together (DASHBASE_PROCESSES). */
  processes: number;
  /** Each process's pool size (DASHBASE_DB_POOL_MAX); 0 behind a pooler, which counts its own. */
  poolMax: number;
  /** Session-level connections each process holds (a LISTEN for push). */
  listenersPerProcess: number;
  /** Connections opened to migrate (1 over DATABASE_DIRECT_URL; 0 when migrations use the pool). */
  migrations: number;
}

/** The server's side of the budget. */
export interface ServerSlots {
  maxConnections: number;
  /** superuser_reserved_connections, plus reserved_connections on PostgreSQL 16 and later. */
  reserved: number;
  /** Client connections open now that are not dashbase's (application_name other than "dashbase"). */
  heldByOthers: number;
}

export interface ConnectionBudget extends ConnectionNeeds, ServerSlots {
  /** Connections the deployment may hold at once. */
  needed: number;
  /** Slots left for it: maxConnections − reserved − heldByOthers. */
  available: number;
  ok: boolean;
  /** One line naming the numbers and the settings to change; absent when `ok`. */
  warning?: string;
}

/**
 * The connections a deployment may hold at once.
 * @example
 * connectionsNeeded({ processes: 8, poolMax: 10, listenersPerProcess: 1, migrations: 1 }); // 89
 */
export function connectionsNeeded(needs: ConnectionNeeds): number {
  return needs.processes * (needs.poolMax + needs.listenersPerProcess) + needs.migrations;
}

/** What `settings` ask of the server; `listenersPerProcess` comes from the features the app uses. */
export function connectionNeeds(settings: PostgresDatabaseSettings, listenersPerProcess = 0): ConnectionNeeds {
  const pooled = (settings.pooler ?? "none") !== "none";
  return {
    processes: settings.pool.processes ?? 1,
    poolMax: pooled ? 0 : settings.pool.max,
    listenersPerProcess,
    migrations: settings.direct === undefined ? 0 : 1,
  };
}

/**
 * Weighs `needs` against `slots`.
 * @example
 * weighConnectionBudget({ processes: 8, poolMax: 12, listenersPerProcess: 0, migrations: 0 }, { maxConnections: 100, reserved: 3, heldByOthers: 2 });
 * // { needed: 96, available: 95, ok: false, warning: "..." }
 */
export function weighConnectionBudget(needs: ConnectionNeeds, slots: ServerSlots): ConnectionBudget {
  const needed = connectionsNeeded(needs);
  const available = slots.maxConnections - slots.reserved - slots.heldByOthers;
  const budget: ConnectionBudget = { ...needs, ...slots, needed, available, ok: needed <= available };
  if (budget.ok) return budget;
  const terms = [
    `${needs.processes} process${needs.processes === 1 ? "" : "es"} (DASHBASE_PROCESSES) × (pool max ${needs.poolMax} (DASHBASE_DB_POOL_MAX) + ${needs.listenersPerProcess} listener${needs.listenersPerProcess === 1 ? "" : "s"})`,
    `${needs.migrations} migration connection${needs.migrations === 1 ? "" : "s"}`,
  ];
  budget.warning =
    `the deployment may open ${needed} connections to PostgreSQL (${terms.join(" + ")}) but the server has ${available} left ` +
    `(max_connections ${slots.maxConnections} − ${slots.reserved} reserved − ${slots.heldByOthers} held by other clients): ` +
    `under load requests will wait and fail with DASHBASE_E_DB_BUSY or "too many clients"; lower DASHBASE_DB_POOL_MAX or the number of processes, ` +
    `put a pooler in front (DASHBASE_DB_POOLER=transaction, see docs/scale-out.md), or raise the server's max_connections`;
  return budget;
}

/** Reads the server's slots over `db` (a connection of the deployment itself, which is not counted as another client's). */
export async function readServerSlots(db: Queryable): Promise<ServerSlots> {
  const { rows } = await db.query<{ max_connections: number; reserved: number; others: number }>(
    `select current_setting('max_connections')::int as max_connections,
            current_setting('superuser_reserved_connections')::int
              + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int as reserved,
            (select count(*)::int from pg_stat_activity
               where backend_type = 'client backend' and pid <> pg_backend_pid()
                 and coalesce(application_name, '') <> $1) as others`,
    ["dashbase"],
  );
  const row = rows[0];
  return { maxConnections: row?.max_connections ?? 0, reserved: row?.reserved ?? 0, heldByOthers: row?.others ?? 0 };
}

/**
 * The start-up check: reads the server's slots and weighs what `settings` ask for against them.
 * @example
 * const budget = await checkConnectionBudget(db, settings.database);
 * if (!budget.ok) console.warn(budget.warning);
 */
export async function checkConnectionBudget(
  db: Queryable,
  settings: PostgresDatabaseSettings,
  options: { listenersPerProcess?: number } = {},
): Promise<ConnectionBudget> {
  return weighConnectionBudget(connectionNeeds(settings, options.listenersPerProcess ?? 0), await readServerSlots(db));
}
