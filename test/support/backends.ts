/**
 * The backends every contract suite runs on: embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL is set (each opened database is a fresh one, dropped afterwards).
 * The database, store and session contracts also run through PgBouncer in transaction mode
 * (`withPooler`), with DATABASE_DIRECT_URL naming the server itself.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadSettings } from "dashbase/config";
import type { DatabaseSettings, PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { hasPgBouncer, requirePgBouncerInCi, startPgBouncer, type PgBouncer } from "./pgbouncer.js";
import { pgliteTemplate } from "./template.js";

export interface Backend {
  name: "pglite" | "postgres" | "pgbouncer";
  /** The driver the opened databases report (`health().driver`). */
  driver: "pglite" | "postgres";
  /** Opens a new, empty database. */
  open(): Promise<Database>;
  /** Settings for a new, empty database (for tests that open handles themselves, or other processes). */
  settings(): Promise<DatabaseSettings>;
}

const testUrl = process.env["TEST_DATABASE_URL"];
const requirePostgres = process.env["CI"] === "true";

if (requirePostgres && !testUrl) {
  throw new Error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL contract suites cannot be skipped in CI");
}

function serverSettings(database?: string): PostgresDatabaseSettings {
  const settings = loadSettings({ env: { DATABASE_URL: testUrl } }).database as PostgresDatabaseSettings;
  return database === undefined
    ? settings
    : { ...settings, database, displayUrl: settings.displayUrl.replace(/\/[^/?]*(\?|$)/, `/${database}$1`) };
}

const created: string[] = [];

async function adminQuery(sql: string): Promise<void> {
  const admin = serverSettings();
  const client = new pg.Client({
    host: admin.host,
    port: admin.port,
    user: admin.user,
    password: admin.password,
    database: admin.database,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database on the test server, dropped when the process exits its tests. */
export async function freshServerDatabase(): Promise<PostgresDatabaseSettings> {
  const name = `dashbase_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  created.push(name);
  return serverSettings(name);
}

/** The pooler this process started for the `pgbouncer` backend, once one of its databases is asked for. */
const pooler: { started?: Promise<PgBouncer> } = {};

/**
 * A fresh database on the test server, reached through PgBouncer in transaction mode
 * (DASHBASE_DB_POOLER=transaction), with the server itself as the direct connection.
 */
export async function freshPooledDatabase(): Promise<PostgresDatabaseSettings> {
  const direct = await freshServerDatabase();
  pooler.started ??= startPgBouncer({ serverHost: direct.host, serverPort: direct.port });
  const bouncer = await pooler.started;
  const url = bouncer.urlFor(`postgres://${direct.user ?? "postgres"}@${direct.host}:${direct.port}/${direct.database ?? ""}`);
  const settings = loadSettings({ env: { DATABASE_URL: url, DASHBASE_DB_POOLER: "transaction" } }).database as PostgresDatabaseSettings;
  return { ...settings, direct: { ...direct, pool: { ...direct.pool, max: 1 } } };
}

/** Drops every database this process created, and stops its PgBouncer (call from an `after` hook). */
export async function dropServerDatabases(): Promise<void> {
  const started = pooler.started;
  delete pooler.started;
  if (started !== undefined) await (await started.catch(() => undefined))?.stop();
  while (created.length > 0) {
    const name = created.pop()!;
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }
}

/** The embedded database, in memory, from the shared template: what most tests open. */
export const pgliteBackend: Backend = {
  name: "pglite",
  driver: "pglite",
  open: async () => createDatabase({ settings: { kind: "embedded", dataDir: null }, template: await pgliteTemplate() }),
  settings: async () => ({ kind: "embedded", dataDir: null }),
};

const postgresBackend: Backend = {
  name: "postgres",
  driver: "postgres",
  open: async () => createDatabase({ settings: await freshServerDatabase() }),
  settings: freshServerDatabase,
};

/** PGlite, plus PostgreSQL when TEST_DATABASE_URL is set. */
export const backends: Backend[] = testUrl ? [pgliteBackend, postgresBackend] : [pgliteBackend];

const pgbouncerBackend: Backend = {
  name: "pgbouncer",
  driver: "postgres",
  open: async () => createDatabase({ settings: await freshPooledDatabase() }),
  settings: freshPooledDatabase,
};

if (testUrl) requirePgBouncerInCi();

/** `backends`, plus PostgreSQL through PgBouncer in transaction mode when TEST_DATABASE_URL is set and pgbouncer is installed. */
export const withPooler: Backend[] = testUrl && hasPgBouncer() ? [...backends, pgbouncerBackend] : backends;
