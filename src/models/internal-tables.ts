/**
 * @module
 * dashbase's own tables besides migrations: `dashbase_sessions` (browser sessions),
 * `dashbase_store` (the per-user key-value store) and `dashbase_push` (push messages, kept minutes), and `ensureInternalSchema`, which creates them.
 * The SQL is plain PostgreSQL 15: the same statements run on PGlite and on a server.
 */
import type { Database } from "../db/database.js";

/** The tables `ensureInternalSchema` owns; migrations and drift checks should leave them alone. */
export const internalTableNames = ["dashbase_sessions", "dashbase_store", "dashbase_push"] as const;

/**
 * A fixed advisory-lock key (the ASCII of "dbsschem") so that processes starting at once create
 * the tables one after another: two concurrent `CREATE TABLE IF NOT EXISTS` can still collide
 * on the catalog's unique index.
 */
const schemaLockKey = "7161130094069165421";

/**
 * `owner`, `namespace` and `key` are separate columns compared byte for byte (COLLATE "C"):
 * no owner can reach another's keys by prefix, and key order is the same on every server.
 * The primary key starts with `owner` so that clearing an owner across namespaces (when an
 * anonymous session ends) uses the index.
 */
const internalSchemaSql = `
CREATE TABLE IF NOT EXISTS dashbase_store (
  owner text COLLATE "C" NOT NULL,
  namespace text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  value jsonb NOT NULL,
  expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dashbase_store_pkey PRIMARY KEY (owner, namespace, key)
);
CREATE INDEX IF NOT EXISTS dashbase_store_expires_at_idx ON dashbase_store (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS dashbase_sessions (
  id text COLLATE "C" NOT NULL,
  anonymous_owner text COLLATE "C" NOT NULL,
  user_id text COLLATE "C",
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CONSTRAINT dashbase_sessions_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS dashbase_sessions_expires_at_idx ON dashbase_sessions (expires_at);
CREATE INDEX IF NOT EXISTS dashbase_sessions_user_id_idx ON dashbase_sessions (user_id) WHERE user_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS dashbase_push (
  id bigserial NOT NULL,
  owner text COLLATE "C",
  tab text COLLATE "C",
  topic text COLLATE "C",
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CONSTRAINT dashbase_push_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS dashbase_push_created_at_idx ON dashbase_push (created_at);
CREATE INDEX IF NOT EXISTS dashbase_push_undelivered_idx ON dashbase_push (owner) WHERE delivered_at IS NULL AND topic IS NULL;
`;

/**
 * Creates `dashbase_sessions`, `dashbase_store` and `dashbase_push` (and their indexes) when missing.
 * Idempotent, and safe when several processes start at once: it holds a transaction-scoped
 * advisory lock while it runs. The store and the session manager call it themselves before
 * their first statement; call it at startup to fail early instead.
 * @example
 * const db = await createDatabase();
 * await ensureInternalSchema(db);
 */
export async function ensureInternalSchema(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [schemaLockKey]);
    await tx.exec(internalSchemaSql);
  });
}

/**
 * Runs `ensureInternalSchema(db)` once per caller, retrying on the next call if it failed.
 * Returns a function to await before a statement; after success it costs one boolean check.
 */
export function internalSchemaGate(db: Database): () => Promise<void> | undefined {
  let ready = false;
  let pending: Promise<void> | undefined;
  return () => {
    if (ready) return undefined;
    pending ??= ensureInternalSchema(db).then(
      () => {
        ready = true;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
