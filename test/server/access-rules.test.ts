/**
 * Access rules and row ownership on every endpoint kind, on every backend: pages (302 to sign in,
 * 403 page), callbacks (own rule, inherited from a protected page's layout, the strictest of
 * several pages), declared tables and their CSV export, API routes, jobs (enqueue refused,
 * `job.user`), push topics, and owned rows (another owner's rows never shown, a write naming
 * another owner refused). Every refusal is checked with handlers that record being called, with
 * requests crafted by hand.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pgTable, serial, text, uuid } from "drizzle-orm/pg-core";
import { createApp, DataTable, dcc, html, Input, insertRow, Output, State, Topic, type DashbaseApp, type TablePage } from "dashbase";
import type { Database } from "dashbase/db";
import { createTestUser, openTestApp, signIn, type TestApp, type TestVisitor } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { createAuthTables } from "../support/auth-schema.js";
import { fakeClientDir } from "./support/app-harness.js";

const views = pgTable("access_views", {
  id: serial("id").primaryKey(),
  userId: uuid("user_id").notNull(),
  name: text("name").notNull(),
});
const viewsDdl = "CREATE TABLE access_views (id serial primary key, user_id uuid not null, name text not null)";

/** Every handler that ran, by name: a refused request must leave no trace here. */
const ran: string[] = [];
const jobUsers: Array<string | null> = [];
const relayed: Array<string | undefined> = [];

function accessApp(): DashbaseApp {
  const app = createApp({ title: "Access", auth: {}, models: { views }, server: { clientDir: fakeClientDir() } });
  const mine = app.table("mine", { from: views, owner: views.userId, columns: ["name"] });
  const adminLog = app.table("admin-log", { from: views, columns: ["name"] });
  const everyone = app.table("everyone", { from: views, columns: ["name"] });
  // Owned rows on a public page: an anonymous session owns none of a uuid owner column's rows.
  app.table("owned-open", { from: views, owner: views.userId, columns: ["name"] });
  const shared = [dcc.Input({ id: "shared-in" }), html.Div({ id: "shared-out" })];
  app.page("/", {
    layout: html.Div([
      dcc.Input({ id: "pub-in" }),
      html.Div({ id: "pub-out" }),
      dcc.Input({ id: "edit-in" }),
      html.Div({ id: "edit-out" }),
      html.Div({ id: "pub-news" }),
      DataTable({ table: everyone }),
      ...shared,
    ]),
  });
  app.page("/mine", {
    access: "user",
    layout: html.Div([dcc.Input({ id: "name" }), dcc.Input({ id: "owner-field" }), html.Div({ id: "saved" }), DataTable({ table: mine })]),
  });
  app.page("/admin", {
    access: { role: "admin" },
    layout: html.Div([
      dcc.Input({ id: "admin-in" }),
      html.Div({ id: "admin-out" }),
      html.Div({ id: "news" }),
      DataTable({ table: adminLog }),
      ...shared,
    ]),
  });
  app.page("/hello", { access: "user", layout: ({ session }) => html.P(`hello ${session.user?.name ?? "?"}`) });

  app.callback([Output("pub-out", "children")], [Input("pub-in", "value")], ([value]) => {
    ran.push("pub");
    return [String(value ?? "")];
  });
  app.callback(
    [Output("edit-out", "children")],
    [Input("edit-in", "value")],
    ([value]) => {
      ran.push("edit");
      return [String(value ?? "")];
    },
    { access: { role: "editor" } },
  );
  app.callback(
    [Output("saved", "children")],
    [Input<string | undefined>("name", "value")],
    [State<string | undefined>("owner-field", "value")],
    async ([name], [owner], { db, session }) => {
      ran.push("save");
      if (name === undefined || name === "") return [""];
      const row = await insertRow(db, views, owner === undefined ? { name } : { name, userId: owner }, {
        owner: { column: views.userId, session },
      });
      return [`saved ${row.name}`];
    },
  );
  app.callback([Output("admin-out", "children")], [Input("admin-in", "value")], ([value]) => {
    ran.push("admin");
    return [String(value ?? "")];
  });
  app.callback([Output("shared-out", "children")], [Input("shared-in", "value")], ([value]) => {
    ran.push("shared");
    return [String(value ?? "")];
  });
  app.callback([Output("news", "children")], [Topic<string>("admin-news", { access: { role: "admin" } })], ([news]) => [String(news)]);
  app.callback([Output("pub-news", "children")], [Topic<string>("public-news")], ([news]) => [String(news)]);

  const report = app.job(
    "report",
    (_data: null, job) => {
      jobUsers.push(job.user?.email ?? null);
    },
    { access: { role: "admin" }, retries: 0 },
  );
  app.api.get("/api/public", () => {
    ran.push("api-public");
    return { ok: true };
  });
  app.api.get(
    "/api/me",
    ({ session }) => {
      ran.push("api-me");
      return { user: session.user };
    },
    { access: "user" },
  );
  app.api.post(
    "/api/admin",
    () => {
      ran.push("api-admin");
      return { ok: true };
    },
    { access: { role: "admin" } },
  );
  app.api.post("/api/report", async ({ enqueue }) => ({ jobId: await enqueue(report, null) }));
  // An unprotected job that enqueues the protected one: it does so as its own user.
  const relay = app.job(
    "relay",
    async (_data: null, job) => {
      try {
        await job.enqueue(report, null);
        relayed.push("queued");
      } catch (error) {
        relayed.push((error as { code?: string }).code);
      }
    },
    { retries: 0 },
  );
  app.api.post("/api/relay", async ({ enqueue }) => ({ jobId: await enqueue(relay, null) }));
  return app;
}

function code(answer: { body: unknown }): string | undefined {
  return (answer.body as { error?: { code?: string } } | null)?.error?.code;
}

const rows = (answer: { body: unknown }): string[] => (answer.body as TablePage).rows.map((row) => String(row["name"]));

for (const backend of backends) {
  describe(`access rules (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let alice: { id: string };
    let bob: { id: string };
    let admin: { id: string };

    before(async () => {
      db = await backend.open();
      await createAuthTables(db);
      await db.exec(viewsDdl);
      test = await openTestApp(accessApp(), { db });
      alice = await createTestUser(db, { email: "alice@example.com", name: "Alice" });
      bob = await createTestUser(db, { email: "bob@example.com", name: "Bob" });
      admin = await createTestUser(db, { email: "root@example.com", name: "Root", roles: ["admin", "editor"] });
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await dropServerDatabases();
    });

    async function visitorAs(user: { id: string } | null, page = "/"): Promise<TestVisitor> {
      const visitor = await test.visitor(page);
      if (user !== null) await signIn(test, visitor, user.id);
      return visitor;
    }

    it("sends anonymous visitors of a protected page to sign in with next, on full loads and client navigations", async () => {
      const visitor = await visitorAs(null);
      const full = await visitor.get("/mine?tab=2");
      assert.equal(full.status, 302);
      assert.equal(full.headers.location, "/_dashbase/auth/sign-in?next=%2Fmine%3Ftab%3D2");
      const layout = await visitor.layout("/hello");
      assert.equal(layout.status, 200);
      assert.deepEqual(layout.body, { title: "Access", path: "/hello", layout: null, redirect: "/_dashbase/auth/sign-in?next=%2Fhello" });
      const signedIn = await visitorAs(alice);
      const page = await signedIn.get("/hello");
      assert.equal(page.status, 200);
      assert.match(page.text, /hello Alice/);
    });

    it("answers a signed-in user without the page's role with a 403 page, and the holder with the page", async () => {
      const user = await visitorAs(alice);
      const page = await user.get("/admin");
      assert.equal(page.status, 403);
      assert.match(page.text, /requires the role \\"admin\\"/);
      const layout = await user.layout("/admin");
      assert.equal(layout.status, 403);
      assert.equal((await (await visitorAs(admin)).get("/admin")).status, 200);
    });

    it("refuses callbacks by their own rule and by the rule they inherit, before the handler runs", async () => {
      const anonymous = await visitorAs(null);
      const user = await visitorAs(alice);
      const root = await visitorAs(admin);
      const call = (visitor: TestVisitor, out: string, input: string, callbackId: string) =>
        visitor.callback({
          callbackId,
          outputs: [{ id: out, property: "children" }],
          inputs: [{ id: input, property: "value", value: "x" }],
        });
      ran.length = 0;
      // Crafted by hand: the callbacks are named, whatever page the visitor opened.
      assert.equal(code(await call(anonymous, "saved", "name", "saved.children")), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal((await call(anonymous, "saved", "name", "saved.children")).status, 401);
      assert.equal(code(await call(anonymous, "edit-out", "edit-in", "edit-out.children")), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await call(user, "edit-out", "edit-in", "edit-out.children")), "DASHBASE_E_FORBIDDEN");
      assert.equal(code(await call(user, "admin-out", "admin-in", "admin-out.children")), "DASHBASE_E_FORBIDDEN");
      assert.equal((await call(user, "admin-out", "admin-in", "admin-out.children")).status, 403);
      // Shown on a public page and on the admin page: the strictest rule applies.
      assert.equal(code(await call(anonymous, "shared-out", "shared-in", "shared-out.children")), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await call(user, "shared-out", "shared-in", "shared-out.children")), "DASHBASE_E_FORBIDDEN");
      assert.deepEqual(ran, [], "no refused handler ran");
      assert.equal((await call(anonymous, "pub-out", "pub-in", "pub-out.children")).status, 200);
      assert.equal((await call(root, "edit-out", "edit-in", "edit-out.children")).status, 200);
      assert.equal((await call(root, "admin-out", "admin-in", "admin-out.children")).status, 200);
      assert.equal((await call(root, "shared-out", "shared-in", "shared-out.children")).status, 200);
      assert.deepEqual(ran, ["pub", "edit", "admin", "shared"]);
    });

    it("refuses saving a persisted value of a component shown on a protected page", async () => {
      const anonymous = await visitorAs(null);
      const refused = await anonymous.persist("admin-in", "value", "x");
      assert.equal(refused.status, 401);
      assert.equal(code(refused), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await (await visitorAs(alice)).persist("admin-in", "value", "x")), "DASHBASE_E_FORBIDDEN");
      assert.equal((await anonymous.persist("pub-in", "value", "x")).status, 204);
      assert.equal((await (await visitorAs(admin)).persist("admin-in", "value", "x")).status, 204);
    });

    it("refuses declared tables and their export by own or inherited rule", async () => {
      const anonymous = await visitorAs(null);
      const user = await visitorAs(alice);
      assert.equal(code(await anonymous.table("mine", { page: 0 })), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await user.table("admin-log", { page: 0 })), "DASHBASE_E_FORBIDDEN");
      const exported = await user.post("/_dashbase/table/admin-log/export", {});
      assert.equal(exported.status, 403);
      assert.equal(code(exported), "DASHBASE_E_FORBIDDEN");
      assert.equal((await anonymous.table("everyone", { page: 0 })).status, 200);
      assert.equal((await (await visitorAs(admin)).table("admin-log", { page: 0 })).status, 200);
    });

    it("shows and exports only the session's own rows, and refuses a write naming another owner", async () => {
      const a = await visitorAs(alice, "/");
      const b = await visitorAs(bob, "/");
      const save = (visitor: TestVisitor, name: string, owner?: string) =>
        visitor.callback({
          callbackId: "saved.children",
          outputs: [{ id: "saved", property: "children" }],
          inputs: [{ id: "name", property: "value", value: name }],
          state: [{ id: "owner-field", property: "value", ...(owner === undefined ? {} : { value: owner }) }],
        });
      assert.equal((await save(a, "alice-1")).status, 200);
      assert.equal((await save(a, "alice-2", alice.id)).status, 200, "naming oneself is fine");
      assert.equal((await save(b, "bob-1")).status, 200);
      const forged = await save(b, "forged", alice.id);
      assert.equal(forged.status, 403);
      assert.equal(code(forged), "DASHBASE_E_FORBIDDEN");
      assert.deepEqual(rows(await a.table("mine", { page: 0, sortBy: [{ column: "name", direction: "asc" }] })), ["alice-1", "alice-2"]);
      assert.deepEqual(rows(await b.table("mine", { page: 0 })), ["bob-1"]);
      // A filter for the other's rows finds none; the CSV holds only the caller's.
      assert.deepEqual(rows(await b.table("mine", { page: 0, filter: { name: "alice" } })), []);
      const csv = await b.post("/_dashbase/table/mine/export", {});
      assert.equal(csv.status, 200);
      assert.equal(csv.text.trim().split("\r\n").join("|"), "Name|bob-1");
      const stored = await db.query<{ n: string }>("select count(*)::text as n from access_views where name = 'forged'");
      assert.equal(stored.rows[0]!.n, "0");
      const anonymous = await visitorAs(null);
      assert.deepEqual((await anonymous.table("owned-open", { page: 0 })).body, { rows: [], total: 0, page: 0, pageSize: 20 });
      assert.deepEqual(rows(await a.table("owned-open", { page: 0, sortBy: [{ column: "name", direction: "asc" }] })), [
        "alice-1",
        "alice-2",
      ]);
    });

    it("refuses API routes before their handler", async () => {
      const anonymous = await visitorAs(null);
      const user = await visitorAs(alice);
      ran.length = 0;
      const me = await anonymous.get("/api/me");
      assert.equal(me.status, 401);
      assert.equal(code(me), "DASHBASE_E_SIGN_IN_REQUIRED");
      const adminPost = await user.post("/api/admin", {});
      assert.equal(adminPost.status, 403);
      assert.deepEqual(ran, []);
      assert.equal((await anonymous.get("/api/public")).status, 200);
      const mine = await user.get("/api/me");
      assert.equal(mine.status, 200);
      assert.equal((mine.body as { user: { email: string } }).user.email, "alice@example.com");
      assert.equal((await (await visitorAs(admin)).post("/api/admin", {})).status, 200);
    });

    it("refuses to enqueue a protected job for a session that fails its rule, and gives the handler job.user", async () => {
      jobUsers.length = 0;
      const anonymous = await visitorAs(null);
      const user = await visitorAs(alice);
      assert.equal(code(await anonymous.post("/api/report", {})), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await user.post("/api/report", {})), "DASHBASE_E_FORBIDDEN");
      const queued = await (await visitorAs(admin)).post("/api/report", {});
      assert.equal(queued.status, 200, queued.text);
      for (let i = 0; i < 300 && jobUsers.length === 0; i += 1) await sleep(100);
      assert.deepEqual(jobUsers, ["root@example.com"], "only the admin's job ran, and it saw its user");
      // A job enqueuing a protected job does so as its user.
      relayed.length = 0;
      assert.equal((await user.post("/api/relay", {})).status, 200);
      for (let i = 0; i < 300 && relayed.length === 0; i += 1) await sleep(100);
      assert.deepEqual(relayed, ["DASHBASE_E_FORBIDDEN"]);
    });

    it("refuses push subscriptions to a protected topic, and lists on pages only the topics the session may have", async () => {
      const anonymous = await visitorAs(null);
      const user = await visitorAs(alice);
      const root = await visitorAs(admin);
      const poll = (visitor: TestVisitor, topics: string) => visitor.get(`/_dashbase/push/poll?tab=${visitor.tab}&topics=${topics}`);
      assert.equal(code(await poll(anonymous, "public-news,admin-news")), "DASHBASE_E_SIGN_IN_REQUIRED");
      assert.equal(code(await poll(user, "admin-news")), "DASHBASE_E_FORBIDDEN");
      assert.equal((await poll(user, "public-news")).status, 200);
      assert.equal((await poll(root, "public-news,admin-news")).status, 200);
      const topicsOf = async (visitor: TestVisitor) =>
        ((await visitor.open("/")).boot["push"] as { topics: string[] } | undefined)?.topics.sort();
      assert.deepEqual(await topicsOf(anonymous), ["public-news"]);
      assert.deepEqual(await topicsOf(root), ["admin-news", "public-news"]);
    });
  });
}
