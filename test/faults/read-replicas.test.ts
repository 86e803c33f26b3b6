/**
 * Read replicas (DATABASE_READ_URL) on a real streaming replica: a private primary started by the
 * test and a `pg_basebackup -R` copy of it on another port (never the machine's shared server).
 * Read routing is seen by the routed statement itself (`pg_is_in_recovery()`); read-your-writes,
 * and the fallbacks to the primary when the replica is stopped or its replay is paused.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import pg from "pg";
import { createApp, html, Input, Output, PreventUpdate, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { AppClient } from "../support/app-client.js";
import { canStartPrivatePostgres, startPrivatePostgres, type PrivatePostgres, type PrivateReplica } from "../support/private-postgres.js";

const available = canStartPrivatePostgres();
if (!available && process.env["CI"] === "true")
  throw new Error("CI=true but no PostgreSQL binaries to start a private primary and replica with");

const items = pgTable("items", { id: serial("id").primaryKey(), title: text("title").notNull(), n: integer("n") });

/** Polls `check` until it returns true, for at most `limitMs`; the state is what is asserted, never the time. */
async function until(what: string, check: () => Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function onReplica(db: Database, after?: string): Promise<boolean> {
  const { rows } = await db.readOnly({ after }).query<{ r: boolean }>("select pg_is_in_recovery() as r");
  return rows[0]?.r === true;
}

describe("read replicas", { skip: available ? false : "no PostgreSQL binaries on this machine" }, () => {
  let primary: PrivatePostgres;
  let replica: PrivateReplica;
  let control: pg.Client;
  const open: Database[] = [];

  const openDb = async (maxLagMs: number): Promise<Database> => {
    const settings = loadSettings({
      env: {
        DATABASE_URL: primary.url,
        DATABASE_READ_URL: replica.url,
        DASHBASE_DB_READ_MAX_LAG_MS: String(maxLagMs),
        DASHBASE_DB_POOL_MAX: "3",
        DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "2000",
      },
    });
    const db = await createDatabase({ settings: settings.database });
    open.push(db);
    return db;
  };

  before(async () => {
    primary = await startPrivatePostgres();
    const setup = new pg.Client({ connectionString: primary.url });
    await setup.connect();
    await setup.query("create table items (id serial primary key, title text not null, n integer)");
    await setup.query("insert into items (title, n) values ('first', 1)");
    await setup.end();
    replica = await primary.startReplica();
    control = new pg.Client({ connectionString: replica.url });
    await control.connect();
  });

  after(async () => {
    await Promise.allSettled(open.map((db) => db.close()));
    await control?.end().catch(() => undefined);
    primary?.stop();
  });

  it("sends readOnly() statements and query builders to the replica, and writes and transactions to the primary", async () => {
    const db = await openDb(60_000);
    await until(
      "the replica has the table",
      async () => (await control.query("select to_regclass('items') is not null as t")).rows[0].t === true,
    );
    assert.equal(await onReplica(db), true);
    const built = await db
      .readOnly()
      .select({ r: sql<boolean>`pg_is_in_recovery()`, count: sql<number>`count(*)::int` })
      .from(items);
    assert.equal(built[0]?.r, true, "a drizzle select on the read handle runs on the replica");
    const { rows } = await db.query<{ r: boolean }>("select pg_is_in_recovery() as r");
    assert.equal(rows[0]?.r, false, "the handle itself is the primary");
    const inTx = await db
      .readOnly()
      .transaction(async (tx) => (await tx.query<{ r: boolean }>("select pg_is_in_recovery() as r")).rows[0]?.r);
    assert.equal(inTx, false, "a transaction opened on the read handle runs on the primary");
    const written = await db
      .readOnly()
      .query<{ id: number }>("insert into items (title, n) values ('through read handle', 2) returning id");
    assert.equal(written.rowCount, 1, "a write the replica refuses (25006) runs again on the primary");
    await assert.rejects(
      db.readOnly().orm.transaction(async () => undefined),
      // drizzle wraps what the driver threw ("Failed query: begin", with it as the cause)
      (error: unknown) => (error as { cause?: { code?: unknown } }).cause?.code === "DASHBASE_E_RAW_TRANSACTION_CONTROL",
      "drizzle's own transaction on a read handle is refused: its statements could each go to another server",
    );
  });

  it("reads a session's own write: with its write position, the read waits for a replica that has it or goes to the primary", async () => {
    const db = await openDb(60_000);
    await control.query("select pg_wal_replay_pause()");
    try {
      await db.query("insert into items (title, n) values ('mine', 3)");
      const position = await db.writePosition();
      assert.match(position ?? "", /^[0-9A-F]+\/[0-9A-F]+$/);
      const mine = await db
        .readOnly({ after: position })
        .query<{ r: boolean; seen: number }>("select pg_is_in_recovery() as r, count(*)::int as seen from items where title = 'mine'");
      assert.deepEqual(mine.rows[0], { r: false, seen: 1 }, "the replica has not replayed the write, so the primary answers");
      const anyone = await db
        .readOnly()
        .query<{ r: boolean; seen: number }>("select pg_is_in_recovery() as r, count(*)::int as seen from items where title = 'mine'");
      assert.deepEqual(anyone.rows[0], { r: true, seen: 0 }, "a read without a position may still see the replica's older state");
      await control.query("select pg_wal_replay_resume()");
      await until("the replica replays past the write and answers that reader again", () => onReplica(db, position));
      const replayed = await db
        .readOnly({ after: position })
        .query<{ seen: number }>("select count(*)::int as seen from items where title = 'mine'");
      assert.equal(replayed.rows[0]?.seen, 1);
    } finally {
      await control.query("select pg_wal_replay_resume()");
    }
  });

  it("falls back to the primary while the replica lags past DASHBASE_DB_READ_MAX_LAG_MS, and returns to it once caught up", async () => {
    const db = await openDb(300);
    await until("the replica answers", () => onReplica(db));
    await control.query("select pg_wal_replay_pause()");
    try {
      await db.query("insert into items (title, n) values ('lagging', 4)");
      await until("reads fall back to the primary while replay is paused", async () => !(await onReplica(db)));
      await control.query("select pg_wal_replay_resume()");
      await until("reads return to the replica once it has caught up", () => onReplica(db));
    } finally {
      await control.query("select pg_wal_replay_resume()");
    }
  });

  it("falls back to the primary while the replica is down, without an error, and returns to it once it is back", async () => {
    const db = await openDb(60_000);
    await until("the replica answers", () => onReplica(db));
    await control.end();
    replica.stop();
    try {
      for (let round = 0; round < 5; round += 1) {
        assert.equal(await onReplica(db), false, "every read answers, from the primary");
      }
    } finally {
      replica.start();
      control = new pg.Client({ connectionString: replica.url });
      await control.connect();
    }
    await until("reads return to the replica once it is back", () => onReplica(db));
  });

  describe("through the app: layouts read from the replica, and a session reads its own writes on any process", () => {
    let running: RunningApp;
    let otherProcess: RunningApp;

    before(async () => {
      const app = (): ReturnType<typeof createApp> => {
        const built = createApp({ title: "Items", models: { items } });
        built.api.post("/api/items", async ({ db }) => {
          await db.query("insert into items (title, n) values ('api', 0)");
          return { added: true };
        });
        built.table("items", { from: items, columns: ["id", "title"], pageSize: 100 });
        built.page("/", {
          title: "Items",
          layout: async ({ db }) => {
            const { rows } = await db.query<{ r: boolean; n: number }>(
              "select pg_is_in_recovery() as r, count(*)::int as n from items where title = 'app'",
            );
            return html.Div([
              html.Span(rows[0]?.r === true ? "replica" : "primary", { id: "where" }),
              html.Span(String(rows[0]?.n), { id: "count" }),
              html.Button("Add", { id: "add" }),
              html.Div({ id: "out" }),
            ]);
          },
        });
        built.callback([Output("out", "children")], [Input("add", "n_clicks")], async ([clicks], { db }) => {
          if (!clicks) throw new PreventUpdate();
          await db.query("insert into items (title, n) values ('app', $1)", [Number(clicks)]);
          return ["added"];
        });
        return built;
      };
      const settings = loadSettings({
        env: {
          DASHBASE_ENV: "test",
          DATABASE_URL: primary.url,
          DATABASE_READ_URL: replica.url,
          DASHBASE_DB_READ_MAX_LAG_MS: "60000",
          SESSION_SECRET: "s".repeat(40),
          DASHBASE_DB_POOL_MAX: "3",
        },
      });
      running = await app().listen({ settings, port: 0, host: "127.0.0.1" });
      otherProcess = await app().listen({ settings, port: 0, host: "127.0.0.1" });
    });

    after(async () => {
      await running?.close();
      await otherProcess?.close();
    });

    const layoutText = async (client: AppClient): Promise<string> => JSON.stringify((await client.layout("/")).body);

    it("renders from the replica, and after a callback's write renders that session's page where the write is visible", async () => {
      const client = await AppClient.open(running.url);
      await until("the layout reads from the replica", async () => (await layoutText(client)).includes('"replica"'));
      await control.query("select pg_wal_replay_pause()");
      try {
        const answer = await client.callback({
          outputs: [{ id: "out", property: "children" }],
          inputs: [{ id: "add", property: "n_clicks", value: 1 }],
        });
        assert.equal(answer.status, 200);
        assert.match(client.sessionCookie, /dashbase_read_after=[0-9A-F]+\/[0-9A-F]+/, "the write position comes back in a cookie");
        // The same session's next request lands on the other process: the cookie carries the position there.
        const sameSession = AppClient.withCookieOf(client, otherProcess.url);
        const mine = await layoutText(sameSession);
        assert.match(mine, /"primary"/);
        assert.match(mine, /"children":"1"/, `the session sees its own write: ${mine}`);
        const stranger = await AppClient.open(otherProcess.url);
        assert.match(await layoutText(stranger), /"replica"/, "another session keeps reading from the (older) replica");
        // A declared table's pages read the same way: the stranger's from the replica (without the row), the writer's with it.
        const appRows = async (client: AppClient): Promise<number> =>
          ((await client.post("/_dashbase/table/items", { page: 0 })).body as { rows: Array<{ title: string }> }).rows.filter(
            (row) => row.title === "app",
          ).length;
        assert.equal(await appRows(stranger), 0, "the stranger's table page comes from the replica, which has not replayed the write");
        assert.equal(await appRows(sameSession), 1, "the writer's table page shows its write");

        const apiUser = await AppClient.open(running.url);
        assert.equal((await apiUser.post("/api/items", {})).status, 200);
        assert.match(apiUser.sessionCookie, /dashbase_read_after=/, "a POST API route sends the write position too");
      } finally {
        await control.query("select pg_wal_replay_resume()");
      }
    });
  });
});
