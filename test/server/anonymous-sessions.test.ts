/**
 * Anonymous sessions cost the database nothing until they store something: cookie-less GET and
 * HEAD requests of pages, of the health check, of layouts and of API routes create no session
 * row; the first write (a store value, a server-persisted value) creates exactly one, the values
 * survive later requests, and CSRF still guards every POST. Through inject(), on every backend.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppServer, Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";
import { fakeClientDir, testSettings, TestClient } from "./support/app-harness.js";

after(dropServerDatabases);

const remember = (value: string) => ({
  callbackId: "remembered.children",
  outputs: [{ id: "remembered", property: "children" }],
  inputs: [{ id: "remember", property: "value", value }],
  state: [],
  changedPropIds: ["remember.value"],
});

function app() {
  const built = notesApp();
  Object.assign(built.options, { server: { clientDir: fakeClientDir(), logger: false } });
  built.api.get("/api/hello", async ({ session }) => ({ hello: "world", persisted: session.persisted }));
  built.api.get("/api/read", async ({ store }) => ({ value: (await store.get<string>("api")) ?? null }));
  built.api.post("/api/write", async ({ store, request }) => {
    await store.set("api", String((request.body as { value?: unknown }).value));
    return { ok: true };
  });
  built.api.post("/api/hook", async () => ({ ok: true }), { csrf: false });
  return built;
}

for (const backend of backends) {
  describe(`anonymous sessions without a row on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    const rows = async (): Promise<number> =>
      (await db.query<{ n: number }>("select count(*)::int as n from dashbase_sessions where anonymous_owner <> ''")).rows[0]!.n;

    before(async () => {
      db = await backend.open();
      await prepareNotes(db);
      server = await app().createServer({ settings: testSettings(), db });
    });
    after(async () => {
      await server.close();
      await db.close();
    });

    it("creates no session row for 50 cookie-less GET and HEAD requests of pages, health, layouts and API routes", async () => {
      const before = await rows();
      const requests: Array<{ method: "GET" | "HEAD" | "POST"; url: string }> = [
        { method: "GET", url: "/" },
        { method: "HEAD", url: "/" },
        { method: "GET", url: "/_dashbase/health" },
        { method: "HEAD", url: "/_dashbase/health" },
        { method: "GET", url: "/_dashbase/layout?path=/" },
        { method: "GET", url: "/api/hello" },
        { method: "HEAD", url: "/api/hello" },
        { method: "GET", url: "/api/read" },
        { method: "POST", url: "/api/hook" },
        { method: "GET", url: "/no-such-page" },
      ];
      for (let i = 0; i < 5; i += 1) {
        for (const request of requests) {
          const answer = await server.fastify.inject(request);
          assert.ok(answer.statusCode < 500, `${request.method} ${request.url}: ${answer.statusCode}`);
        }
      }
      const hello = await server.fastify.inject({ method: "GET", url: "/api/hello" });
      assert.deepEqual(hello.json(), { hello: "world", persisted: false });
      assert.equal(await rows(), before);
    });

    it("creates no row for a browser that only reads, however many requests it makes with its cookie", async () => {
      const before = await rows();
      const client = new TestClient(server);
      await client.open("/");
      for (let i = 0; i < 20; i += 1) {
        assert.equal((await client.get("/_dashbase/layout?path=/")).statusCode, 200);
        assert.deepEqual((await client.get("/api/read")).json(), { value: null });
      }
      assert.equal(await rows(), before);
    });

    it("creates exactly one row at the first store write, and the value survives later requests", async () => {
      const before = await rows();
      const client = new TestClient(server);
      const { boot } = await client.open("/");
      const firstCookie = client.cookie;
      const written = await client.post("/_dashbase/callback", remember("kept"));
      assert.equal(written.statusCode, 200, written.body);
      assert.deepEqual(written.json(), { response: { remembered: { children: "kept" } } });
      assert.equal(await rows(), before + 1);
      assert.notEqual(client.cookie, firstCookie, "the write's answer carries the cookie of a session with a row");
      // Later requests, writes included, reuse that row.
      for (let i = 0; i < 5; i += 1) {
        assert.equal((await client.post("/_dashbase/callback", remember(`kept ${i}`))).statusCode, 200);
        assert.equal((await client.post("/api/write", { value: `api ${i}` })).statusCode, 200);
      }
      assert.equal(await rows(), before + 1);
      assert.deepEqual((await client.get("/api/read")).json(), { value: "api 4" });
      assert.deepEqual((await client.post("/_dashbase/callback", remember(""))).json(), {
        response: { remembered: { children: "kept 4" } },
      });
      // The CSRF token of the page loaded before the row still works, and so does the old cookie.
      assert.equal(client.csrfToken, boot["csrfToken"]);
      const old = new TestClient(server);
      old.cookie = firstCookie;
      old.csrfToken = client.csrfToken;
      assert.deepEqual((await old.get("/api/read")).json(), { value: "api 4" });
      assert.equal(await rows(), before + 1);
    });

    it("saves a server-persisted value of an anonymous page with its CSRF token, and refuses a forged one", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const before = await rows();
      const forged = await client.post(
        "/_dashbase/persist",
        { id: "body", property: "value", value: "x" },
        { "x-dashbase-csrf": "forged" },
      );
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json<{ error: { code: string } }>().error.code, "DASHBASE_E_CSRF");
      const crossSite = await server.fastify.inject({
        method: "POST",
        url: "/_dashbase/persist",
        headers: { cookie: client.cookie!, "content-type": "application/json" },
        payload: JSON.stringify({ id: "body", property: "value", value: "x" }),
      });
      assert.equal(crossSite.statusCode, 403, "a cross-site form post carries the cookie but cannot know the token");
      assert.equal(await rows(), before, "a refused POST makes no row");
      const saved = await client.post("/_dashbase/persist", { id: "body", property: "value", value: "my draft" });
      assert.equal(saved.statusCode, 204, saved.body);
      assert.equal(await rows(), before + 1);
      assert.match((await client.get("/_dashbase/layout?path=/")).body, /"id":"body","value":"my draft"/);
      const stranger = new TestClient(server);
      await stranger.open("/");
      assert.doesNotMatch((await stranger.get("/_dashbase/layout?path=/")).body, /my draft/);
    });

    it("starts over from a tampered cookie, with no row", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const before = await rows();
      const value = client.cookie!.split("=")[1]!;
      const tampered = `dashbase_sid=${value.slice(0, 40)}${value[40] === "a" ? "b" : "a"}${value.slice(41)}`;
      const answer = await server.fastify.inject({ method: "GET", url: "/", headers: { cookie: tampered } });
      assert.equal(answer.statusCode, 200);
      const renewed = String(answer.headers["set-cookie"]).split(";")[0]!;
      assert.ok(renewed.startsWith("dashbase_sid=") && renewed !== tampered && renewed !== client.cookie);
      assert.equal(await rows(), before);
    });
  });
}
