import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State, DashbaseError } from "dashbase";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir, serve, TestClient } from "./support/app-harness.js";
import { tempDir } from "../support/temp-dir.js";

const visits = pgTable("server_visits", { id: serial("id").primaryKey(), name: text("name").notNull(), stars: integer("stars").notNull() });

function assetsDir(): string {
  const dir = tempDir("assets");
  fs.writeFileSync(path.join(dir, "site.css"), "h1 { color: teal; }");
  fs.writeFileSync(path.join(dir, "extra.js"), "console.log('extra');");
  fs.writeFileSync(path.join(dir, "logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dir;
}

function buildApp(logLines: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const app = createApp({
    title: "Server test",
    models: { visits },
    assetsDir: assetsDir(),
    server: { clientDir: fakeClientDir(), bodyLimit: 4096, logger: { level: "info", stream } },
  });
  const visitsTable = app.table("visits", { from: visits, columns: ["name", "stars"], pageSize: 2 });
  app.page("/", {
    title: "Home",
    layout: () =>
      html.Div([
        html.H1("Visits"),
        html.P("</script><script>alert(1)</script>", { id: "tricky" }),
        dcc.Input({ id: "name", persistence: "server", value: "default" }),
        html.Button("Save", { id: "save" }),
        html.Div({ id: "saved" }),
        DataTable({ table: visitsTable }),
      ]),
  });
  app.page("/country/:code", {
    title: ({ params }) => `Country ${params.code}`,
    layout: ({ params }) => html.H1(params.code, { id: "country" }),
  });
  app.callback(
    [Output("saved", "children")],
    [Input<number>("save", "n_clicks")],
    [State<string>("name", "value")],
    async ([clicks], [name], { db, ctx }) => {
      if (!clicks) throw new PreventUpdate();
      if (name === "explode") throw new Error("secret internal detail");
      if (name === "busy") throw new DashbaseError("DASHBASE_E_DB_BUSY", "no database connection became free within 5000 ms");
      const rows = await db
        .insert(visits)
        .values({ name: name ?? "", stars: clicks })
        .returning();
      return [`Saved #${rows[0]!.id} (${ctx.triggeredId as string})`];
    },
  );
  app.api.get("/api/visits", async ({ db, session }) => ({ count: (await db.select().from(visits)).length, owner: session.owner }));
  app.api.post("/api/echo", async ({ request, store }) => {
    await store.set("last-echo", request.body);
    return { echoed: request.body, stored: await store.get("last-echo") };
  });
  return app;
}

const saveBody = (name: string, clicks: number | null = 1) => ({
  callbackId: "saved.children",
  outputs: [{ id: "saved", property: "children" }],
  inputs: [{ id: "save", property: "n_clicks", value: clicks }],
  state: [{ id: "name", property: "value", value: name }],
  changedPropIds: ["save.n_clicks"],
});

for (const backend of backends) {
  describe(`app server through inject() (${backend.name})`, () => {
    let db: Database;
    let server: AppServer;
    const logLines: string[] = [];
    before(async () => {
      db = await backend.open();
      await db.exec("CREATE TABLE server_visits (id serial primary key, name text not null, stars integer not null)");
      server = await serve(buildApp(logLines), db);
    });
    after(async () => {
      await server.close();
      await db.close();
      await dropServerDatabases();
    });

    it("serves the page shell with boot data, the renderer, the app's assets and an escaped boot JSON", async () => {
      const client = new TestClient(server);
      const { answer, boot } = await client.open("/");
      assert.equal(answer.statusCode, 200);
      assert.match(answer.headers["content-type"] as string, /^text\/html/);
      assert.match(answer.body, /<title>Home<\/title>/);
      assert.match(answer.body, /<script type="module" src="\/_dashbase\/static\/main-abc123\.js"><\/script>/);
      assert.match(answer.body, /<link rel="stylesheet" href="\/_dashbase\/static\/main-def456\.css">/);
      assert.match(answer.body, /<link rel="stylesheet" href="\/assets\/site\.css\?v=[\w-]+">/);
      assert.match(answer.body, /<script defer src="\/assets\/extra\.js\?v=[\w-]+"><\/script>/);
      assert.equal(answer.body.includes("</script><script>alert(1)"), false, "no value can close the boot script");
      assert.equal(answer.body.match(/<\/script>/g)?.length, 3);
      assert.equal(typeof boot["csrfToken"], "string");
      assert.equal(boot["title"], "Home");
      assert.equal(boot["path"], "/");
      assert.deepEqual(boot["config"], {
        staticBase: "/_dashbase/static/",
        basePath: "",
        manifest: { "main.js": "main-abc123.js", "main.css": "main-def456.css", "plotly-basic.js": "plotly-basic-0a1b2c.js" },
      });
      assert.equal((boot["dependencies"] as unknown[]).length, 1);
      assert.match(JSON.stringify(boot["layout"]), /"<\/script><script>alert\(1\)<\/script>"/);
      assert.match(answer.headers["set-cookie"] as string, /^dashbase_sid=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    });

    it("answers an unknown path with the not-found page and status 404, and fills path params", async () => {
      const client = new TestClient(server);
      const missing = await client.get("/nowhere");
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /Page not found/);
      const { boot } = await client.open("/country/fr");
      assert.equal(boot["title"], "Country fr");
    });

    it("serves layouts for client-side navigation, with 404 for unknown paths and 400 without a path", async () => {
      const client = new TestClient(server);
      const page = await client.get("/_dashbase/layout?path=%2Fcountry%2Fde%3Fyear%3D2000");
      assert.equal(page.statusCode, 200);
      assert.deepEqual(page.json(), {
        title: "Country de",
        path: "/country/de",
        layout: { type: "html.H1", props: { id: "country", children: "de" } },
      });
      assert.equal((await client.get("/_dashbase/layout?path=/nope")).statusCode, 404);
      const bad = await client.get("/_dashbase/layout");
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, "DASHBASE_E_BAD_REQUEST");
    });

    it("lists the dependencies", async () => {
      const answer = await new TestClient(server).get("/_dashbase/dependencies");
      assert.deepEqual(answer.json(), [
        {
          id: "saved.children",
          outputs: [{ id: "saved", property: "children" }],
          inputs: [{ id: "save", property: "n_clicks" }],
          state: [{ id: "name", property: "value" }],
          preventInitialCall: false,
        },
      ]);
    });

    it("runs a callback that writes to the database, and answers 204 for PreventUpdate", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const answer = await client.post("/_dashbase/callback", saveBody("Ada", 2));
      assert.equal(answer.statusCode, 200);
      assert.match(answer.json().response.saved.children, /^Saved #\d+ \(save\)$/);
      const prevented = await client.post("/_dashbase/callback", saveBody("Ada", null));
      assert.equal(prevented.statusCode, 204);
      assert.equal(prevented.body, "");
    });

    it("refuses unknown callbacks and properties with coded 4xx answers before any handler runs", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const before = (await db.select().from(visits)).length;
      const unknown = await client.post("/_dashbase/callback", { ...saveBody("x"), callbackId: "nope.children" });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, "DASHBASE_E_CALLBACK_UNKNOWN");
      const wrongProperty = await client.post("/_dashbase/callback", {
        ...saveBody("x"),
        state: [{ id: "name", property: "type", value: "x" }],
      });
      assert.equal(wrongProperty.statusCode, 400);
      assert.equal(wrongProperty.json().error.code, "DASHBASE_E_CALLBACK_MISMATCH");
      assert.equal(typeof wrongProperty.json().error.requestId, "string");
      assert.equal((await db.select().from(visits)).length, before);
    });

    it("refuses a POST without the session's CSRF token, or with another session's", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const missing = await client.post("/_dashbase/callback", saveBody("x"), { "x-dashbase-csrf": "" });
      assert.equal(missing.statusCode, 403);
      assert.equal(missing.json().error.code, "DASHBASE_E_CSRF");
      const other = new TestClient(server);
      await other.open("/");
      const crossed = await client.post("/_dashbase/callback", saveBody("x"), { "x-dashbase-csrf": other.csrfToken! });
      assert.equal(crossed.statusCode, 403);
      const noCookie = await server.fastify.inject({
        method: "POST",
        url: "/_dashbase/persist",
        payload: { id: "name", property: "value", value: 1 },
        headers: { "x-dashbase-csrf": client.csrfToken! },
      });
      assert.equal(noCookie.statusCode, 403);
    });

    it("refuses a body over the limit with 413 DASHBASE_E_BODY_TOO_LARGE", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const answer = await client.post("/_dashbase/callback", saveBody("x".repeat(5000)));
      assert.equal(answer.statusCode, 413);
      assert.equal(answer.json().error.code, "DASHBASE_E_BODY_TOO_LARGE");
    });

    it("answers a throwing handler with a coded 500, logs it with the request id, and keeps working", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const failed = await client.post("/_dashbase/callback", saveBody("explode"), { "x-request-id": "req-explode-1" });
      assert.equal(failed.statusCode, 500);
      assert.deepEqual(Object.keys(failed.json().error).sort(), ["code", "message", "requestId"]);
      assert.equal(failed.json().error.code, "DASHBASE_E_CALLBACK_FAILED");
      assert.equal(failed.json().error.requestId, "req-explode-1");
      const logged = logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line["reqId"] === "req-explode-1" && line["level"] === 50);
      assert.ok(logged, "the error is logged at level error under the request id");
      assert.equal(logged["code"], "DASHBASE_E_CALLBACK_FAILED");
      assert.match(JSON.stringify(logged["err"]), /secret internal detail/);
      assert.equal(
        logLines.some((line) => line.includes(client.csrfToken!) || line.includes(client.cookie!.split("=")[1]!)),
        false,
        "no secret in the logs",
      );
      const next = await client.post("/_dashbase/callback", saveBody("Grace"));
      assert.equal(next.statusCode, 200);
    });

    it("answers a busy database with a coded 503 and Retry-After", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const answer = await client.post("/_dashbase/callback", saveBody("busy"));
      assert.equal(answer.statusCode, 503);
      assert.equal(answer.json().error.code, "DASHBASE_E_DB_BUSY");
      assert.equal(answer.headers["retry-after"], "1");
    });

    it("keeps a server-persisted value across reloads and for any browser with the same cookie", async () => {
      const client = new TestClient(server);
      await client.open("/");
      assert.equal((await client.post("/_dashbase/persist", { id: "name", property: "value", value: "Katherine" })).statusCode, 204);
      const { boot } = await client.open("/");
      assert.match(JSON.stringify(boot["layout"]), /"id":"name","persistence":"server","value":"Katherine"/);
      const sameCookie = new TestClient(server);
      sameCookie.cookie = client.cookie;
      const layout = await sameCookie.get("/_dashbase/layout?path=/");
      assert.match(layout.body, /"value":"Katherine"/);
      const stranger = new TestClient(server);
      const theirs = await stranger.open("/");
      assert.match(JSON.stringify(theirs.boot["layout"]), /"value":"default"/);
      const bad = await client.post("/_dashbase/persist", { id: "name", property: "no such prop!", value: 1 });
      assert.equal(bad.statusCode, 400);
    });

    it("pages, sorts and filters a DataTable bound to a query, refusing unknown columns", async () => {
      const client = new TestClient(server);
      await client.open("/");
      for (const [name, stars] of [
        ["Ada", 5],
        ["Linus", 3],
        ["Barbara", 4],
      ] as const)
        await db.insert(visits).values({ name, stars });
      const page = await client.post("/_dashbase/table/visits", {
        page: 0,
        pageSize: 2,
        sortBy: [{ column: "stars", direction: "desc" }],
        filter: { name: "a" },
      });
      assert.equal(page.statusCode, 200);
      const json = page.json();
      assert.equal(json.page, 0);
      assert.equal(json.pageSize, 2);
      assert.deepEqual(Object.keys(json.rows[0]).sort(), ["name", "stars"]);
      assert.equal(json.rows[0].stars, 5);
      const bad = await client.post("/_dashbase/table/visits", { sortBy: [{ column: "id", direction: "asc" }] });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, "DASHBASE_E_TABLE_QUERY");
      assert.equal((await client.post("/_dashbase/table/nope", {})).statusCode, 404);
    });

    it("serves API routes with the session and store, CSRF-checked on POST", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const list = await client.get("/api/visits");
      assert.equal(list.statusCode, 200);
      assert.equal(typeof list.json().count, "number");
      const echoed = await client.post("/api/echo", { hello: "world" });
      assert.deepEqual(echoed.json(), { echoed: { hello: "world" }, stored: { hello: "world" } });
      assert.equal((await client.post("/api/echo", { a: 1 }, { "x-dashbase-csrf": "wrong" })).statusCode, 403);
      const unknown = await client.post("/api/nothing", {});
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, "DASHBASE_E_NOT_FOUND");
    });

    it("reports health with the database's state", async () => {
      const answer = await new TestClient(server).get("/_dashbase/health");
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.json().status, "ok");
      assert.equal(answer.json().database.ok, true);
    });

    it("sets security headers on pages, JSON and errors", async () => {
      const client = new TestClient(server);
      for (const answer of [
        await client.get("/"),
        await client.get("/_dashbase/dependencies"),
        await client.post("/_dashbase/callback", {}),
      ]) {
        assert.match(
          answer.headers["content-security-policy"] as string,
          /default-src 'self'; script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')?;.*frame-ancestors 'none'/,
        );
        assert.equal(answer.headers["x-content-type-options"], "nosniff");
        assert.equal(answer.headers["referrer-policy"], "strict-origin-when-cross-origin");
        assert.equal(typeof answer.headers["x-request-id"], "string");
      }
    });

    it("serves the renderer fingerprinted, precompressed and cached for a year; the app's assets revalidated", async () => {
      const client = new TestClient(server);
      const br = await client.get("/_dashbase/static/main-abc123.js", { "accept-encoding": "gzip, deflate, br" });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal(br.headers["content-encoding"], "br");
      assert.equal(br.headers["vary"], "Accept-Encoding");
      assert.match(br.headers["content-type"] as string, /^text\/javascript/);
      const gzip = await client.get("/_dashbase/static/main-def456.css", { "accept-encoding": "gzip" });
      assert.equal(gzip.headers["content-encoding"], "gzip");
      const plain = await client.get("/_dashbase/static/main-def456.css", { "accept-encoding": "identity" });
      assert.equal(plain.headers["content-encoding"], undefined);
      assert.match(plain.body, /margin: 0/);
      assert.equal((await client.get("/_dashbase/static/missing-1.js")).statusCode, 404);
      assert.equal((await client.get("/_dashbase/static/..%2Fmanifest.json")).statusCode, 404);
      assert.equal((await client.get("/_dashbase/static/%2E%2E/%2E%2E/etc/passwd")).statusCode, 404);
      const asset = await client.get("/assets/logo.svg");
      assert.equal(asset.statusCode, 200);
      assert.equal(asset.headers["content-type"], "image/svg+xml");
      assert.equal(asset.headers["cache-control"], "no-cache");
      const again = await client.get("/assets/logo.svg", { "if-none-match": asset.headers["etag"] as string });
      assert.equal(again.statusCode, 304);
    });
  });
}

describe("app server in production", () => {
  let db: Database;
  let server: AppServer;
  before(async () => {
    db = await backends[0]!.open();
    await db.exec("CREATE TABLE server_visits (id serial primary key, name text not null, stars integer not null)");
    const app = buildApp([]);
    server = await serve(app, db, "production");
  });
  after(async () => {
    await server.close();
    await db.close();
  });

  it("hides the message and stack of a failed handler from the browser", async () => {
    const client = new TestClient(server);
    await client.open("/");
    const failed = await client.post("/_dashbase/callback", saveBody("explode"));
    assert.equal(failed.statusCode, 500);
    assert.equal(failed.body.includes("secret internal detail"), false);
    assert.equal(failed.body.includes("at "), false);
    assert.match(failed.json().error.message, /request id/);
  });

  it("reports 503 from the health endpoint when the database is gone", async () => {
    const closedDb = await backends[0]!.open();
    const app = createApp({ server: { clientDir: fakeClientDir(), logger: false } });
    app.page("/", { layout: html.P("x") });
    const other = await serve(app, closedDb);
    await closedDb.close();
    const answer = await other.fastify.inject({ method: "GET", url: "/_dashbase/health" });
    assert.equal(answer.statusCode, 503);
    assert.equal(answer.json().status, "unavailable");
    await other.close();
  });
});

describe("app server without a built renderer", () => {
  it("refuses to start, telling to run npm run build", async () => {
    const db = await backends[0]!.open();
    const app = createApp({ server: { clientDir: path.join(os.tmpdir(), "dashbase-no-client-here") } });
    await assert.rejects(
      serve(app, db),
      (error: unknown) =>
        error instanceof DashbaseError && error.code === "DASHBASE_E_CLIENT_NOT_BUILT" && /run `npm run build`/.test(error.message),
    );
    await db.close();
  });
});
