/**
 * CSRF and session cookies through the app: every state-changing POST (callback, persist, table,
 * API route) without the session's token, with a wrong one or with another session's is refused
 * 403 DASHBASE_E_CSRF before anything is written; no answer invites a cross-origin request; a
 * tampered, forged or swapped session cookie silently starts a fresh session that sees nothing
 * of the old one's store values, persisted inputs or notes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { ensureClientBuilt } from "../support/browser.js";
import { notesAppWithRoutes } from "../support/fuzz-app.js";
import { notes, prepareNotes } from "../support/notes-app.js";
import { TestClient, testSettings } from "../server/support/app-harness.js";

const rememberCall = (value: string) => ({
  callbackId: "remembered.children",
  outputs: [{ id: "remembered", property: "children" }],
  inputs: [{ id: "remember", property: "value", value }],
  changedPropIds: ["remember.value"],
});

const saveCall = (body: string, clicks = 1) => ({
  callbackId: "saved.children",
  outputs: [{ id: "saved", property: "children" }],
  inputs: [{ id: "save", property: "n_clicks", value: clicks }],
  state: [{ id: "body", property: "value", value: body }],
  changedPropIds: ["save.n_clicks"],
});

/** Every POST a browser makes, with a body that would change something. */
const writes: Array<[string, unknown]> = [
  ["/_dashbase/callback", saveCall("forged note")],
  ["/_dashbase/callback", rememberCall("forged value")],
  ["/_dashbase/persist", { id: "body", property: "value", value: "forged draft" }],
  ["/_dashbase/table/my-notes", { page: 0 }],
  ["/api/notes", { body: "forged api note" }],
  ["/api/remember", { value: "forged api value" }],
];

function tamper(cookie: string): string {
  const last = cookie.at(-1) === "A" ? "B" : "A";
  return `${cookie.slice(0, -1)}${last}`;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`CSRF and session cookies on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    let victim: TestClient;

    before(async () => {
      await ensureClientBuilt();
      db = await backend.open();
      await prepareNotes(db);
      server = await notesAppWithRoutes().createServer({ db, settings: testSettings() });
      victim = new TestClient(server);
      await victim.open("/");
      assert.equal((await victim.post("/_dashbase/callback", rememberCall("victim's value"))).statusCode, 200);
      assert.equal((await victim.post("/_dashbase/persist", { id: "body", property: "value", value: "victim's draft" })).statusCode, 204);
      assert.equal((await victim.post("/_dashbase/callback", saveCall("victim's note"))).statusCode, 200);
    });

    after(async () => {
      await server?.close();
      await db?.close();
    });

    const noteCount = async () => (await db.select().from(notes)).length;

    it("refuses every POST without a token, with a wrong one, an empty one or another session's, writing nothing", async () => {
      const other = new TestClient(server);
      await other.open("/");
      const before = await noteCount();
      for (const [url, body] of writes) {
        const variants: Array<[string, Record<string, string | string[]>]> = [
          ["no token", {}],
          ["empty token", { "x-dashbase-csrf": "" }],
          ["wrong token", { "x-dashbase-csrf": "A".repeat(43) }],
          ["another session's token", { "x-dashbase-csrf": other.csrfToken! }],
          ["the token twice", { "x-dashbase-csrf": [victim.csrfToken!, victim.csrfToken!] }],
        ];
        for (const [label, headers] of variants) {
          const answer = await server.fastify.inject({
            method: "POST",
            url,
            payload: JSON.stringify(body),
            headers: { "content-type": "application/json", cookie: victim.cookie!, ...headers },
          });
          assert.equal(answer.statusCode, 403, `${url} with ${label}`);
          assert.equal(answer.json().error.code, "DASHBASE_E_CSRF", `${url} with ${label}`);
        }
      }
      assert.equal(await noteCount(), before, "no note was written");
      const layout = await victim.get("/_dashbase/layout?path=/");
      assert.match(layout.body, /"value":"victim's draft"/, "the persisted input is unchanged");
      const mine = await victim.get("/api/mine");
      assert.equal(mine.json().remembered, "victim's value", "the store value is unchanged");
    });

    it("refuses a forged form post (a cross-site form cannot set the header) and a token without the cookie", async () => {
      for (const contentType of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
        const answer = await server.fastify.inject({
          method: "POST",
          url: "/api/notes",
          payload: "body=forged",
          headers: { "content-type": contentType, cookie: victim.cookie! },
        });
        assert.ok(answer.statusCode === 403 || answer.statusCode === 415, `${contentType}: ${answer.statusCode}`);
        assert.match(answer.json().error.code, /^DASHBASE_E_(CSRF|BAD_REQUEST)$/);
      }
      const tokenOnly = await server.fastify.inject({
        method: "POST",
        url: "/api/remember",
        payload: { value: "x" },
        headers: { "x-dashbase-csrf": victim.csrfToken! },
      });
      assert.equal(tokenOnly.statusCode, 403, "a stolen token is useless without the session's cookie");
    });

    it("answers a cross-origin preflight without any Access-Control-Allow header", async () => {
      for (const url of ["/_dashbase/callback", "/api/notes", "/api/mine"]) {
        const answer = await server.fastify.inject({
          method: "OPTIONS",
          url,
          headers: {
            origin: "https://evil.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-dashbase-csrf, content-type",
          },
        });
        assert.equal(answer.statusCode, 404, url);
        for (const name of Object.keys(answer.headers)) assert.doesNotMatch(name, /^access-control-allow/, `${url} answers ${name}`);
      }
      const simple = await server.fastify.inject({
        method: "GET",
        url: "/api/mine",
        headers: { origin: "https://evil.example", cookie: victim.cookie! },
      });
      assert.equal(simple.headers["access-control-allow-origin"], undefined);
    });

    it("gives a tampered, forged or swapped cookie a fresh session that sees nothing of the old one", async () => {
      const [id, signature] = victim.cookie!.split("=")[1]!.split(".") as [string, string];
      const attacker = new TestClient(server);
      await attacker.open("/");
      const [, attackerSignature] = attacker.cookie!.split("=")[1]!.split(".") as [string, string];
      const forged = [
        tamper(victim.cookie!),
        `dashbase_sid=${id}`,
        `dashbase_sid=${id}.`,
        `dashbase_sid=${id}.${attackerSignature}`,
        `dashbase_sid=${id.slice(0, -1)}${id.at(-1) === "a" ? "b" : "a"}.${signature}`,
        `dashbase_sid=${id}.${signature}x`,
        `dashbase_sid=${encodeURIComponent(`${id}.${signature}`).replace(".", "%2E")}`,
        `dashbase_sid=${"A".repeat(32)}.${"A".repeat(43)}`,
      ];
      for (const cookie of forged) {
        const client = new TestClient(server);
        client.cookie = cookie;
        const { answer, boot } = await client.open("/");
        const setCookie = String(answer.headers["set-cookie"] ?? "");
        assert.match(setCookie, /^dashbase_sid=/, `${cookie}: a new cookie is sent`);
        assert.notEqual(client.cookie, victim.cookie, `${cookie}: not the victim's session`);
        assert.notEqual(boot["csrfToken"], victim.csrfToken);
        assert.equal(answer.body.includes("victim"), false, `${cookie}: the page carries nothing of the victim's`);
        const remembered = await client.post("/_dashbase/callback", rememberCall(""));
        assert.deepEqual(
          remembered.json(),
          { response: { remembered: { children: "" } } },
          `${cookie}: the victim's store value stays hidden`,
        );
        const mine = await client.get("/api/mine");
        assert.deepEqual(mine.json(), { remembered: null, notes: [] }, `${cookie}: the API shows nothing of the victim's`);
        const table = await client.post("/_dashbase/table/my-notes", { page: 0 });
        assert.equal(table.json().total, 0, `${cookie}: the table shows none of the victim's notes`);
      }
      // A forged cookie with the victim's own CSRF token is refused: the token belongs to the old session.
      const replay = await server.fastify.inject({
        method: "POST",
        url: "/api/remember",
        payload: { value: "x" },
        headers: { cookie: tamper(victim.cookie!), "x-dashbase-csrf": victim.csrfToken! },
      });
      assert.equal(replay.statusCode, 403);
      assert.equal((await victim.get("/api/mine")).json().remembered, "victim's value", "the victim's own session still works");
      const victimRows = await db.select().from(notes).where(eq(notes.body, "victim's note"));
      assert.equal(victimRows.length, 1);
    });

    it("sends the cookie HttpOnly and SameSite=Lax, and Secure behind a trusted HTTPS proxy", async () => {
      const plain = await server.fastify.inject({ method: "GET", url: "/" });
      assert.match(String(plain.headers["set-cookie"]), /; HttpOnly; SameSite=Lax$/);
      assert.doesNotMatch(String(plain.headers["set-cookie"]), /Secure/);
      const proxied = await notesAppWithRoutes().createServer({
        db,
        settings: { ...testSettings(), server: { ...testSettings().server, trustProxy: true } },
      });
      try {
        const https = await proxied.fastify.inject({ method: "GET", url: "/", headers: { "x-forwarded-proto": "https" } });
        assert.match(String(https.headers["set-cookie"]), /; HttpOnly; SameSite=Lax.*; Secure|; Secure.*; HttpOnly/);
        assert.match(String(https.headers["strict-transport-security"]), /max-age=\d+/);
      } finally {
        await proxied.close();
      }
    });
  });
}
