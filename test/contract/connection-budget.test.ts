/**
 * The connection budget: processes × pool max + listeners + migrations against the server's
 * max_connections less its reserved slots and what other clients hold; the start-up warning
 * of `dashbase start`, with the numbers and the settings to change.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import pg from "pg";
import { loadSettings, type PostgresDatabaseSettings } from "dashbase/config";
import { checkConnectionBudget, connectionNeeds, connectionsNeeded, createDatabase, weighConnectionBudget } from "dashbase/db";
import { dropServerDatabases, freshServerDatabase } from "../support/backends.js";
import { spawnDashbaseStart } from "../support/spawn-app.js";

const testUrl = process.env["TEST_DATABASE_URL"];
const settingsFor = (env: Record<string, string>): PostgresDatabaseSettings =>
  loadSettings({ env: { DASHBASE_ENV: "test", ...env } }).database as PostgresDatabaseSettings;

describe("the connection budget", () => {
  it("adds processes × (pool max + listeners) and the migration connection", () => {
    assert.equal(connectionsNeeded({ processes: 8, poolMax: 10, listenersPerProcess: 1, migrations: 1 }), 89);
    const plain = connectionNeeds(
      settingsFor({ DATABASE_URL: "postgres://app@db/app", DASHBASE_PROCESSES: "4", DASHBASE_DB_POOL_MAX: "30" }),
    );
    assert.deepEqual(plain, { processes: 4, poolMax: 30, listenersPerProcess: 0, migrations: 0 });
    const pooled = connectionNeeds(
      settingsFor({
        DATABASE_URL: "postgres://app@pooler:6432/app",
        DASHBASE_DB_POOLER: "transaction",
        DATABASE_DIRECT_URL: "postgres://app@db/app",
        DASHBASE_PROCESSES: "4",
      }),
      1,
    );
    // Behind a pooler only the direct connections reach the server from dashbase itself.
    assert.deepEqual(pooled, { processes: 4, poolMax: 0, listenersPerProcess: 1, migrations: 1 });
  });

  it("warns with every number and the settings to change when the tutorial stack's 8 workers would hold 96 of 100 slots", () => {
    const budget = weighConnectionBudget(
      { processes: 8, poolMax: 12, listenersPerProcess: 0, migrations: 0 },
      { maxConnections: 100, reserved: 3, heldByOthers: 2 },
    );
    assert.equal(budget.needed, 96);
    assert.equal(budget.available, 95);
    assert.equal(budget.ok, false);
    assert.match(
      budget.warning ?? "",
      /may open 96 connections to PostgreSQL \(8 processes \(DASHBASE_PROCESSES\) × \(pool max 12 \(DASHBASE_DB_POOL_MAX\)/,
    );
    assert.match(budget.warning ?? "", /the server has 95 left \(max_connections 100 − 3 reserved − 2 held by other clients\)/);
    assert.match(budget.warning ?? "", /DASHBASE_DB_POOLER=transaction/);
    const fits = weighConnectionBudget(
      { processes: 2, poolMax: 10, listenersPerProcess: 1, migrations: 1 },
      { maxConnections: 100, reserved: 3, heldByOthers: 0 },
    );
    assert.equal(fits.ok, true);
    assert.equal(fits.warning, undefined);
  });
});

describe("the connection budget on a PostgreSQL server", { skip: testUrl ? false : "needs TEST_DATABASE_URL" }, () => {
  after(dropServerDatabases);

  it("reads the server's slots, counting other clients' connections and not dashbase's own", async () => {
    const database = await freshServerDatabase();
    const db = await createDatabase({ settings: database });
    const other = new pg.Client({
      host: database.host,
      port: database.port,
      user: database.user,
      database: database.database,
      application_name: "psql-by-hand",
    });
    await other.connect();
    try {
      const [server] = (await db.query<{ max: number }>("select current_setting('max_connections')::int as max")).rows;
      const fits = await checkConnectionBudget(db, database);
      assert.equal(fits.maxConnections, server!.max);
      assert.ok(fits.reserved >= 0);
      assert.ok(fits.heldByOthers >= 1, "the hand-opened connection is another client's");
      assert.equal(fits.ok, fits.needed <= fits.available);
      const oversized = await checkConnectionBudget(
        db,
        { ...database, pool: { ...database.pool, max: server!.max + 1 } },
        { listenersPerProcess: 1 },
      );
      assert.equal(oversized.ok, false);
      assert.match(oversized.warning ?? "", new RegExp(`max_connections ${server!.max} −`));
    } finally {
      await other.end();
      await db.close();
    }
  });

  it("dashbase start warns at start-up when the pool is larger than the server can give, and still serves", async () => {
    const database = await freshServerDatabase();
    const app = await spawnDashbaseStart(path.join("examples", "minimal", "app.ts"), ["--migrate"], {
      DASHBASE_ENV: "development",
      SESSION_SECRET: "b".repeat(40),
      DATABASE_URL: `postgres://${database.user ?? "postgres"}@${database.host}:${database.port}/${database.database}`,
      DASHBASE_PROCESSES: "3",
      DASHBASE_DB_POOL_MAX: "40",
    });
    try {
      assert.match(
        app.output(),
        /warning: the deployment may open 123 connections to PostgreSQL \(3 processes \(DASHBASE_PROCESSES\) × \(pool max 40 \(DASHBASE_DB_POOL_MAX\) \+ 1 listener\)/,
      );
      assert.equal((await fetch(app.url)).status, 200);
    } finally {
      await app.kill("SIGTERM");
    }
  });
});
