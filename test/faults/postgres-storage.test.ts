/**
 * A PostgreSQL server whose storage stops taking writes: a read-only database
 * (default_transaction_read_only, as on a standby) and a full disk (a private server whose
 * database lives in a tablespace on a small tmpfs). Writes answer DASHBASE_E_DB_READ_ONLY (503) or
 * DASHBASE_E_DB_STORAGE_FULL (507), health says not writable while reads still work, and both
 * recover without reopening the handle once the storage takes writes again.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, it } from "node:test";
import pg from "pg";
import { loadSettings, type PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { isDashbaseError, type Database } from "dashbase";
import { dropServerDatabases, freshServerDatabase } from "../support/backends.js";
import { canStartPrivatePostgres, startPrivatePostgres } from "../support/private-postgres.js";
import { mountTmpfs, type Tmpfs } from "../support/tmpfs.js";

after(dropServerDatabases);

const testUrl = process.env["TEST_DATABASE_URL"];

async function eventually(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function admin(settings: PostgresDatabaseSettings, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: "postgres",
  });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** Ends the database's connections, as a failover or restart would; the pool opens new ones. */
const reconnect = (settings: PostgresDatabaseSettings): Promise<void> =>
  admin(settings, "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [
    settings.database,
  ]);

const refused = (code: "DASHBASE_E_DB_READ_ONLY" | "DASHBASE_E_DB_STORAGE_FULL", status: number, wording: RegExp) => (error: unknown) => {
  assert.ok(isDashbaseError(error, code), `expected ${code}, got ${String(error)}`);
  assert.equal(error.status, status);
  assert.match(error.message, wording);
  return true;
};

it(
  "a read-only database (default_transaction_read_only, SQLSTATE 25006): writes answer 503 DASHBASE_E_DB_READ_ONLY, health says not writable, both recover",
  { skip: testUrl === undefined ? "needs TEST_DATABASE_URL" : false, timeout: 60_000 },
  async () => {
    const settings = await freshServerDatabase();
    const db = await createDatabase({ settings, writeProbeIntervalMs: 200 });
    try {
      await db.exec("create table notes (n integer primary key)");
      assert.equal((await db.health()).writable, true);
      await admin(settings, `alter database ${settings.database} set default_transaction_read_only = on`);
      await reconnect(settings);
      await eventually(
        () =>
          db.query("insert into notes values (1)").then(
            () => false,
            (error: unknown) => isDashbaseError(error, "DASHBASE_E_DB_READ_ONLY"),
          ),
        "writes refused as read-only",
      );
      await assert.rejects(db.query("insert into notes values (1)"), refused("DASHBASE_E_DB_READ_ONLY", 503, /read-only/));
      await assert.rejects(
        db.transaction((tx) => tx.query("insert into notes values (2)")),
        refused("DASHBASE_E_DB_READ_ONLY", 503, /read-only/),
      );
      const health = await db.health();
      assert.deepEqual([health.ok, health.writable], [false, false]);
      assert.match(health.error ?? "", /read-only/);
      assert.deepEqual((await db.query("select count(*)::int as n from notes")).rows, [{ n: 0 }], "reads still work");

      await admin(settings, `alter database ${settings.database} reset default_transaction_read_only`);
      await reconnect(settings);
      await eventually(async () => (await db.health()).ok, "health ok once the database takes writes again");
      await db.query("insert into notes values (3)");
    } finally {
      await db.close();
    }
  },
);

const tmpfs: Tmpfs | { reason: string } = canStartPrivatePostgres() ? mountTmpfs(48) : { reason: "no PostgreSQL binaries on this machine" };
after(() => {
  if (!("reason" in tmpfs)) tmpfs.unmount();
});

it(
  "a full disk under the database's tablespace (SQLSTATE 53100): writes answer 507 DASHBASE_E_DB_STORAGE_FULL, health says not writable, both recover when space returns",
  { skip: "reason" in tmpfs ? tmpfs.reason : false, timeout: 120_000 },
  async () => {
    const disk = tmpfs as Tmpfs;
    const server = await startPrivatePostgres();
    let db: Database | undefined;
    try {
      const location = path.join(disk.path, "tablespace");
      fs.mkdirSync(location);
      if (process.getuid?.() === 0) execFileSync("chown", ["postgres", location]);
      const base = loadSettings({ env: { DATABASE_URL: server.url } }).database as PostgresDatabaseSettings;
      await admin(base, `create tablespace small location '${location}'`);
      await admin(base, "create database on_small tablespace small");
      const settings = loadSettings({ env: { DATABASE_URL: server.url.replace(/\/postgres$/, "/on_small") } })
        .database as PostgresDatabaseSettings;
      db = await createDatabase({ settings, writeProbeIntervalMs: 200 });
      await db.exec("create table notes (n integer primary key, body text not null)");
      assert.equal((await db.health()).writable, true);

      const filler = disk.fill();
      // Random bodies do not compress: each row needs new pages in the tablespace.
      await assert.rejects(
        db.query("insert into notes values (1, $1)", [crypto.randomBytes(20_000).toString("hex")]),
        refused("DASHBASE_E_DB_STORAGE_FULL", 507, /storage is full/),
      );
      const health = await db.health();
      assert.deepEqual([health.ok, health.writable], [false, false]);
      assert.match(health.error ?? "", /storage is full/);
      assert.deepEqual((await db.query("select count(*)::int as n from notes")).rows, [{ n: 0 }], "reads still work");

      fs.rmSync(filler);
      await eventually(async () => (await db!.health()).ok, "health ok once space is freed");
      await db.query("insert into notes values (1, $1)", [crypto.randomBytes(20_000).toString("hex")]);
    } finally {
      await db?.close();
      server.stop();
    }
  },
);
