/**
 * dashbase behind Debian's PgBouncer in transaction pooling mode with its default settings
 * (which refuse `statement_timeout` as a startup parameter and may run each transaction on
 * another server connection): the pooler found without the switch, the statement timeout inside
 * transactions, the notes app serving callbacks, and the flagship started with
 * `dashbase start --migrate`, migrating over DATABASE_DIRECT_URL while serving through the pooler.
 */
import assert from "node:assert/strict";
import net from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadSettings, type PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { isDashbaseError, type RunningApp } from "dashbase";
import { AppClient } from "../support/app-client.js";
import { dropServerDatabases, freshServerDatabase } from "../support/backends.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";
import { hasPgBouncer, requirePgBouncerInCi, startPgBouncer, type PgBouncer } from "../support/pgbouncer.js";
import { spawnDashbaseStart, type AppProcess } from "../support/spawn-app.js";
import { flagshipSave } from "../support/flagship-save.js";

const testUrl = process.env["TEST_DATABASE_URL"];
if (testUrl) requirePgBouncerInCi();
const skip = !testUrl ? "needs TEST_DATABASE_URL" : !hasPgBouncer() ? "needs Debian's pgbouncer (apt-get install pgbouncer)" : false;

/** A TCP relay to `target` that counts the connections it carried. */
async function countingRelay(target: {
  host: string;
  port: number;
}): Promise<{ port: number; accepted(): number; close(): Promise<void> }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    accepted += 1;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const urlOf = (settings: PostgresDatabaseSettings, port = settings.port): string =>
  `postgres://${settings.user ?? "postgres"}@${settings.host}:${port}/${settings.database ?? ""}`;

describe("behind PgBouncer in transaction mode", { skip }, () => {
  let bouncer: PgBouncer;
  let direct: PostgresDatabaseSettings;

  before(async () => {
    direct = await freshServerDatabase();
    bouncer = await startPgBouncer({ serverHost: direct.host, serverPort: direct.port });
  });
  after(async () => {
    await bouncer?.stop();
    await dropServerDatabases();
  });

  it("finds the pooler without the switch when it refuses the statement timeout, says so, and runs named statements on any connection", async () => {
    const notices: string[] = [];
    const settings = loadSettings({ env: { DATABASE_URL: bouncer.urlFor(urlOf(direct)), DASHBASE_DB_POOL_MAX: "6" } }).database;
    const db = await createDatabase({ settings, onNotice: (message) => notices.push(message) });
    try {
      assert.match(notices[0] ?? "", /unsupported startup parameter: statement_timeout/);
      assert.match(notices[0] ?? "", /DASHBASE_DB_POOLER=transaction/);
      await db.exec("create table if not exists marks (id serial primary key, label text not null)");
      // Many callers at once over a pool of 6: each transaction may land on another server
      // connection, where a statement prepared elsewhere does not exist.
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          db.transaction(async (tx) => {
            await tx.query("insert into marks (label) values ($1)", [`m${index}`], { name: "test_insert_mark" });
            await tx.query("select count(*) from marks", [], { name: "test_count_marks" });
          }),
        ),
      );
      const counts = await Promise.all(
        Array.from({ length: 40 }, () => db.query<{ n: string }>("select count(*)::text as n from marks", [], { name: "test_count_text" })),
      );
      assert.ok(counts.every((result) => result.rows[0]?.n === "40"));
    } finally {
      await db.close();
    }
  });

  it("sets the statement timeout inside each transaction, and names the role setting for single statements", async () => {
    const notices: string[] = [];
    const settings = loadSettings({
      env: { DATABASE_URL: bouncer.urlFor(urlOf(direct)), DASHBASE_DB_POOLER: "transaction", DASHBASE_DB_STATEMENT_TIMEOUT_MS: "250" },
    }).database;
    const db = await createDatabase({ settings, onNotice: (message) => notices.push(message) });
    try {
      // The shared test server's role has no statement_timeout of its own.
      assert.equal(notices.length, 1, notices.join("\n"));
      assert.match(notices[0]!, /ALTER ROLE postgres SET statement_timeout = 250/);
      const shown = await db.transaction(async (tx) => (await tx.query<{ statement_timeout: string }>("show statement_timeout")).rows[0]);
      assert.equal(shown?.statement_timeout, "250ms");
      await assert.rejects(
        db.transaction((tx) => tx.query("select pg_sleep(60)")),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_DB_TIMEOUT"),
      );
      // SET LOCAL ends with the transaction: the pooler's server connections are left as they were.
      assert.equal((await db.query<{ statement_timeout: string }>("show statement_timeout")).rows[0]?.statement_timeout, "0");
    } finally {
      await db.close();
    }
  });

  it("serves the notes app's callbacks through the pooler", async () => {
    const env = {
      DASHBASE_ENV: "test",
      DATABASE_URL: bouncer.urlFor(urlOf(direct)),
      DASHBASE_DB_POOLER: "transaction",
      SESSION_SECRET: "p".repeat(40),
    };
    const settings = loadSettings({ env });
    const db = await createDatabase({ settings: settings.database });
    await prepareNotes(db);
    await db.close();
    const running: RunningApp = await notesApp().listen({ settings, port: 0, host: "127.0.0.1" });
    try {
      const client = await AppClient.open(running.url);
      for (let click = 1; click <= 3; click += 1) {
        const answer = await client.callback({
          outputs: [{ id: "saved", property: "children" }],
          inputs: [{ id: "save", property: "n_clicks", value: click }],
          state: [{ id: "body", property: "value", value: `pooled ${click}` }],
        });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.match(JSON.stringify(answer.body), /saved #\d+/);
      }
      const remembered = await client.callback({
        outputs: [{ id: "remembered", property: "children" }],
        inputs: [{ id: "remember", property: "value", value: "kept in the store" }],
      });
      assert.equal(remembered.status, 200, JSON.stringify(remembered.body));
      assert.match(JSON.stringify(remembered.body), /kept in the store/);
    } finally {
      await running.close();
    }
  });

  it("in session mode keeps named statements and sets the statement timeout once on each connection", async () => {
    const sessionBouncer = await startPgBouncer({ serverHost: direct.host, serverPort: direct.port, poolMode: "session" });
    const settings = loadSettings({
      env: { DATABASE_URL: sessionBouncer.urlFor(urlOf(direct)), DASHBASE_DB_POOLER: "session", DASHBASE_DB_STATEMENT_TIMEOUT_MS: "300" },
    }).database;
    const db = await createDatabase({ settings });
    try {
      assert.equal((await db.query<{ statement_timeout: string }>("show statement_timeout")).rows[0]?.statement_timeout, "300ms");
      await db.transaction(async (tx) => {
        await tx.query("select $1::int as x", [1], { name: "test_session_x" });
        const prepared = (await tx.query<{ name: string }>("select name from pg_prepared_statements")).rows.map((row) => row.name);
        assert.ok(prepared.includes("test_session_x"), "the pooler kept the client's server connection, and its statement");
      });
      await assert.rejects(db.query("select pg_sleep(60)"), (error: unknown) => isDashbaseError(error, "DASHBASE_E_DB_TIMEOUT"));
    } finally {
      await db.close();
      await sessionBouncer.stop();
    }
  });

  describe("the flagship started with dashbase start --migrate", () => {
    let app: AppProcess;
    let relay: Awaited<ReturnType<typeof countingRelay>>;
    let database: PostgresDatabaseSettings;

    before(async () => {
      database = await freshServerDatabase();
      relay = await countingRelay({ host: database.host, port: database.port });
      app = await spawnDashbaseStart(path.join("examples", "indicators", "app.ts"), ["--migrate", "--seed"], {
        DASHBASE_ENV: "production",
        SESSION_SECRET: "n".repeat(40),
        DATABASE_URL: bouncer.urlFor(urlOf(database)),
        DASHBASE_DB_POOLER: "transaction",
        DATABASE_DIRECT_URL: urlOf({ ...database, host: "127.0.0.1" }, relay.port),
      });
    });
    after(async () => {
      await app?.kill("SIGTERM");
      await relay?.close();
    });

    it("migrates over DATABASE_DIRECT_URL and serves saves through the pooler", async () => {
      assert.match(app.output(), /applied \d+ revisions?/);
      assert.ok(relay.accepted() >= 1, "the migrations connected to the server directly");
      const acceptedBeforeServing = relay.accepted();
      const client = await AppClient.open(app.url);
      const answer = await client.callback({
        ...flagshipSave("Pooled"),
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body), /Saved as #\d+/);
      assert.equal(relay.accepted(), acceptedBeforeServing, "serving used the pooler, not the direct connection");
      assert.doesNotMatch(app.output(), /unsupported startup parameter/);
    });
  });
});
