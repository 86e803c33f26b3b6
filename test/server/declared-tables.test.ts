/**
 * Tables declared on the app: any process answers their pages without having rendered a page,
 * each request's `where` sees only that request's context, the declaration is frozen once a
 * server exists, and the whole app mounts into a Fastify server of one's own under a prefix.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import Fastify from "fastify";
import { createApp, DataTable, html, Input, Output, dcc, type DashbaseApp, type TablePage } from "dashbase";
import { loadSettings } from "dashbase/config";
import type { Database } from "dashbase/db";
import { dashbase } from "dashbase/server";
import { openTestApp, type TestApp } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir } from "./support/app-harness.js";

const notes = pgTable("declared_notes", {
  id: serial("id").primaryKey(),
  owner: text("owner").notNull(),
  tag: text("tag").notNull(),
  body: text("body").notNull(),
  stars: integer("stars").notNull(),
});
const ddl =
  "CREATE TABLE declared_notes (id serial primary key, owner text not null, tag text not null, body text not null, stars integer not null)";

function notesApp(): DashbaseApp {
  const app = createApp({ title: "Declared", models: { notes }, server: { clientDir: fakeClientDir() } });
  const mine = app.table("mine", {
    from: notes,
    columns: ["body", "stars"],
    where: (ctx) => eq(notes.owner, ctx.session.owner),
    defaultSort: [{ column: "stars", direction: "asc" }],
  });
  const tagged = app.table("tagged", {
    from: notes,
    columns: ["body"],
    where: (ctx) => (ctx.params["tag"] === undefined ? undefined : eq(notes.tag, ctx.params["tag"])),
  });
  app.page("/", { layout: html.Div([dcc.Input({ id: "body" }), html.Div({ id: "added" }), DataTable({ table: mine })]) });
  app.page("/tags/:tag", { layout: ({ params }) => html.Div([html.H1(params.tag), DataTable({ table: tagged })]) });
  app.page("/elsewhere", { layout: html.P("no table here") });
  app.callback([Output("added", "children")], [Input<string | undefined>("body", "value")], async ([body], { db, session }) => {
    if (body === undefined || body === "") return [""];
    await db.insert(notes).values({ owner: session.owner, tag: "t", body, stars: body.length });
    return [`added ${body}`];
  });
  return app;
}

const bodies = (page: unknown): string[] => (page as TablePage).rows.map((row) => String(row["body"]));

for (const backend of backends) {
  describe(`declared tables (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;

    before(async () => {
      db = await backend.open();
      await db.exec(ddl);
      test = await openTestApp(notesApp(), { db });
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await dropServerDatabases();
    });

    it("serves a table's page to a visitor who never rendered its page, on a server that never rendered it", async () => {
      await db.insert(notes).values({ owner: "someone-else", tag: "x", body: "not yours", stars: 1 });
      const visitor = await test.visitor("/elsewhere");
      const answer = await visitor.table("mine", { page: 0 });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { rows: [], total: 0, page: 0, pageSize: 20 });
    });

    it("never shows one visitor's rows to another, with their requests interleaved", async () => {
      const alice = await test.visitor("/");
      const bob = await test.visitor("/");
      for (const [visitor, words] of [
        [alice, ["a1", "a22", "a333"]],
        [bob, ["b1", "b22"]],
      ] as const) {
        for (const word of words)
          assert.equal(
            (
              await visitor.callback({
                outputs: [{ id: "added", property: "children" }],
                inputs: [{ id: "body", property: "value", value: word }],
              })
            ).status,
            200,
          );
      }
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? alice : bob).table("mine", { page: 0 }).then((answer) => ({ who: i % 2 === 0 ? "alice" : "bob", answer })),
        ),
      );
      for (const { who, answer } of answers) {
        assert.equal(answer.status, 200);
        assert.deepEqual(
          bodies(answer.body),
          who === "alice" ? ["a1", "a22", "a333"] : ["b1", "b22"],
          `${who} sees exactly their own rows`,
        );
      }
    });

    it("gives where the path params and query of the page the table is shown on", async () => {
      await db.insert(notes).values([
        { owner: "o", tag: "red", body: "a red note", stars: 1 },
        { owner: "o", tag: "blue", body: "a blue note", stars: 1 },
      ]);
      const visitor = await test.visitor("/tags/red");
      assert.deepEqual(bodies((await visitor.table("tagged", { path: "/tags/red?x=1" })).body), ["a red note"]);
      assert.deepEqual(bodies((await visitor.table("tagged", { path: "/tags/blue" })).body), ["a blue note"]);
      const bad = await visitor.table("tagged", { path: "no-slash" });
      assert.equal(bad.status, 400);
      assert.equal((bad.body as { error: { code: string } }).error.code, "DASHBASE_E_TABLE_QUERY");
    });

    it("answers an undeclared table id with 404 DASHBASE_E_NOT_FOUND", async () => {
      const visitor = await test.visitor("/");
      const answer = await visitor.table("nope", {});
      assert.equal(answer.status, 404);
      assert.equal((answer.body as { error: { code: string } }).error.code, "DASHBASE_E_NOT_FOUND");
    });
  });
}

describe("the declared app", () => {
  it("refuses pages, callbacks, tables and API routes added after a server was created, with DASHBASE_E_APP_FROZEN", async () => {
    const app = notesApp();
    const test = await openTestApp(app);
    try {
      const frozen = (error: unknown): boolean => (error as { code?: unknown }).code === "DASHBASE_E_APP_FROZEN";
      assert.throws(() => app.page("/late", { layout: html.P("late") }), frozen);
      assert.throws(() => app.table("late", { from: notes }), frozen);
      assert.throws(() => app.callback([Output("added", "title")], [Input("body", "value")], () => ["x"]), frozen);
      assert.throws(() => app.api.get("/api/late", () => ({})), frozen);
      assert.equal(app.frozen, true);
    } finally {
      await test.close();
    }
  });

  it("refuses a table id declared twice", () => {
    const app = createApp();
    app.table("twice", { from: notes });
    assert.throws(() => app.table("twice", { from: notes }), /already declared/);
  });
});

describe("mounted into a Fastify server of one's own under a prefix", () => {
  const host = Fastify();
  let db: Database;

  before(async () => {
    db = await backends[0]!.open();
    await db.exec(ddl);
    host.get("/", async () => ({ owner: "the host app" }));
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "m".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    await host.register(dashbase, { app: notesApp(), db, settings, prefix: "/dash" });
    await host.ready();
  });
  after(async () => {
    await host.close();
    await db?.close();
  });

  it("serves pages, the renderer, callbacks and tables under the prefix and leaves the host's routes alone", async () => {
    assert.deepEqual((await host.inject({ url: "/" })).json(), { owner: "the host app" });
    const page = await host.inject({ url: "/dash/tags/green" });
    assert.equal(page.statusCode, 200);
    const boot = JSON.parse(/<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(page.body)![1]!) as {
      csrfToken: string;
      path: string;
      config: { basePath: string; staticBase: string };
    };
    assert.equal(boot.path, "/tags/green", "pages are declared relative to the prefix");
    assert.equal(boot.config.basePath, "/dash");
    assert.match(page.body, /src="\/dash\/_dashbase\/static\/main-abc123\.js"/);
    assert.equal((await host.inject({ url: "/dash/_dashbase/static/main-abc123.js" })).statusCode, 200);
    const cookie = String(page.headers["set-cookie"]).split(";")[0]!;
    const headers = { cookie, "x-dashbase-csrf": boot.csrfToken, "content-type": "application/json" };
    const callback = await host.inject({
      method: "POST",
      url: "/dash/_dashbase/callback",
      headers,
      payload: JSON.stringify({
        callbackId: "added.children",
        outputs: [{ id: "added", property: "children" }],
        inputs: [{ id: "body", property: "value", value: "mounted" }],
        state: [],
        changedPropIds: ["body.value"],
      }),
    });
    assert.equal(callback.statusCode, 200, callback.body);
    const table = await host.inject({ method: "POST", url: "/dash/_dashbase/table/mine", headers, payload: JSON.stringify({ path: "/" }) });
    assert.deepEqual(bodies(table.json()), ["mounted"]);
    const missing = await host.inject({ url: "/dash/_dashbase/nothing" });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "DASHBASE_E_NOT_FOUND");
  });
});
