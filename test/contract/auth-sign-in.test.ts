/**
 * Password sign-in and sign-out over the wire, on both backends: the prebuilt page carries the
 * session's CSRF token and every POST needs it; signing in and out moves the session to a new id
 * (the old cookie is then anonymous); `next` is honoured only for paths of the app; an unknown
 * account and a wrong password get the same answer; `session.user` reaches layouts and callbacks;
 * what a visitor saved before signing in is adopted by the user (the user's own values win) and
 * follows the user to a second browser; failures are rate-limited in the database, shared by two
 * app instances; no password or hash reaches a log line or an answer; Secure `__Host-` cookies
 * behind HTTPS.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createApp, dcc, html, Input, Output, type AppServer, type Database } from "dashbase";
import { hashPassword, signInPath, signOutPath, signOutEverywhere, users } from "dashbase/auth";
import { createDatabase } from "dashbase/db";
import { createMigrator } from "dashbase/migrations";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir, TestClient, testSettings } from "../server/support/app-harness.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "ratings-signin", "migrations");
const ada = { name: "Ada", email: "ada@example.org", password: "correct horse battery" };
const bob = { name: "Bob", email: "bob@example.org", password: "tremble purple sunrise" };

/** Every log line the server writes. */
class LogCapture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

function authApp(options: { logs?: LogCapture; rateLimit?: { perAccount?: number; perAddress?: number } } = {}) {
  const app = createApp({
    title: "Auth test",
    auth: { ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }) },
    server: { clientDir: fakeClientDir(), logger: options.logs === undefined ? false : { level: "debug", stream: options.logs } },
  });
  app.page("/", {
    layout: ({ session }) =>
      html.Div([
        html.P(session.user === null ? "anonymous" : `user:${session.user.name}:${session.user.roles.join(",")}`, { id: "who" }),
        dcc.Input({ id: "note", value: "", persistence: "server" }),
        dcc.Input({ id: "ask", value: "", persistence: "server" }),
        html.P("", { id: "answer" }),
      ]),
  });
  app.callback([Output("answer", "children")], [Input<string>("ask", "value")], ([value], { session }) => [
    `${value}:${session.user?.name ?? "anonymous"}`,
  ]);
  return app;
}

async function prepare(db: Database): Promise<void> {
  const report = await createMigrator(db, { dir: migrationsDir }).upgrade();
  assert.equal(report.failure, undefined);
  for (const account of [ada, bob]) {
    await db
      .insert(users)
      .values({ name: account.name, email: account.email, passwordHash: await hashPassword(account.password), roles: ["viewer"] });
  }
}

function cookieOf(answer: LightMyRequestResponse): string | undefined {
  const header = answer.headers["set-cookie"];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [header];
  return all.find((cookie) => /^(__Host-)?dashbase_sid=/.test(cookie));
}

/** What the page's "who" line says: "anonymous" or "user:<name>:<roles>". */
function who(answer: LightMyRequestResponse): string {
  return /"(anonymous|user:[^"]*)"/.exec(answer.body)?.[1] ?? "";
}

async function signIn(client: TestClient, account: { email: string; password: string }, next = "/"): Promise<LightMyRequestResponse> {
  if (client.csrfToken === undefined) await client.open("/");
  const answer = await client.post(signInPath, { email: account.email, password: account.password, next });
  if (answer.statusCode === 200) await client.open("/");
  return answer;
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const form = { "content-type": "application/x-www-form-urlencoded" };

function withoutRequestId(body: string): unknown {
  const parsed = JSON.parse(body) as { error: Record<string, unknown> };
  const { requestId: _requestId, ...rest } = parsed.error;
  return rest;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`password sign-in on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    const logs = new LogCapture();

    before(async () => {
      db = await backend.open();
      await prepare(db);
      server = await authApp({ logs, rateLimit: { perAccount: 50, perAddress: 1000 } }).createServer({ db, settings: testSettings() });
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    it("serves the sign-in page with the session's CSRF token, labelled fields and the renderer's stylesheet", async () => {
      const client = new TestClient(server);
      const page = await client.get(`${signInPath}?next=%2Fhistory`);
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers["content-type"]), /text\/html/);
      assert.equal(page.headers["cache-control"], "no-store");
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token, "the form carries the CSRF token");
      assert.match(page.body, /<label for="dashbase-sign-in-email">E-mail address<\/label>/);
      assert.match(page.body, /<label for="dashbase-sign-in-password">Password<\/label>/);
      assert.match(page.body, /name="next" value="\/history"/);
      assert.match(page.body, /<link rel="stylesheet" href="\/_dashbase\/static\/main-def456\.css">/);
      const css = await client.get("/_dashbase/auth/sign-in.css");
      assert.match(css.body, /var\(--dashbase-danger\)/);
      // The token is the session's: a JSON POST with it is accepted.
      client.csrfToken = token;
      const answer = await client.post(signInPath, { email: ada.email, password: ada.password });
      assert.equal(answer.statusCode, 200);
    });

    it("refuses a sign-in or sign-out POST without the session's CSRF token, before counting or checking anything", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const none = await client.post(signInPath, { email: ada.email, password: ada.password }, { "x-dashbase-csrf": "" });
      assert.equal(none.statusCode, 403);
      assert.equal(JSON.parse(none.body).error.code, "DASHBASE_E_CSRF");
      const wrong = await client.post(signInPath, { email: ada.email, password: ada.password }, { "x-dashbase-csrf": "x".repeat(43) });
      assert.equal(wrong.statusCode, 403);
      const formWrong = await client.post(signInPath, formBody({ email: ada.email, password: ada.password, _csrf: "nope" }), {
        ...form,
        "x-dashbase-csrf": "",
      });
      assert.equal(formWrong.statusCode, 403);
      assert.match(formWrong.body, /role="alert"/);
      const cookieless = await server.fastify.inject({
        method: "POST",
        url: signOutPath,
        payload: "{}",
        headers: { "content-type": "application/json" },
      });
      assert.equal(cookieless.statusCode, 403);
      assert.equal((await client.get("/")).statusCode, 200);
      assert.equal(who(await client.get("/")), "anonymous");
    });

    it("signs in with a new session id: the layout and callbacks see the user, and the old cookie is anonymous", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const anonymousCookie = client.cookie!;
      const answer = await client.post(signInPath, { email: "  ADA@example.org ", password: ada.password, next: "/" });
      assert.equal(answer.statusCode, 200);
      const body = JSON.parse(answer.body) as { user: { name: string; email: string }; next: string };
      assert.deepEqual([body.user.name, body.user.email, body.next], ["Ada", ada.email, "/"]);
      const signedCookie = cookieOf(answer)!.split(";")[0]!;
      assert.notEqual(signedCookie, anonymousCookie, "the session id changes at sign-in");
      await client.open("/");
      assert.equal(who(await client.get("/")), "user:Ada:viewer");
      const call = await client.post("/_dashbase/callback", {
        callbackId: "answer.children",
        outputs: [{ id: "answer", property: "children" }],
        inputs: [{ id: "ask", property: "value", value: "hello" }],
        changedPropIds: ["ask.value"],
      });
      assert.equal(JSON.parse(call.body).response.answer.children, "hello:Ada");
      // The cookie from before sign-in is not a way into the signed-in session.
      const replay = await server.fastify.inject({ method: "GET", url: "/", headers: { cookie: anonymousCookie } });
      assert.equal(who(replay), "anonymous");
    });

    it("signs out with a new session: the signed-in cookie no longer works, and sign-out needs the token", async () => {
      const client = new TestClient(server);
      await signIn(client, ada);
      const signedCookie = client.cookie!;
      assert.equal(who(await client.get("/")), "user:Ada:viewer");
      const refused = await client.post(signOutPath, {}, { "x-dashbase-csrf": "wrong" });
      assert.equal(refused.statusCode, 403);
      assert.equal(who(await client.get("/")), "user:Ada:viewer");
      const out = await client.post(signOutPath, formBody({ _csrf: client.csrfToken!, next: "/" }), { ...form, "x-dashbase-csrf": "" });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers["location"], "/");
      assert.match(cookieOf(out)!, /^dashbase_sid=; Path=\/; Max-Age=0/);
      const replay = await server.fastify.inject({ method: "GET", url: "/", headers: { cookie: signedCookie } });
      assert.equal(who(replay), "anonymous", "the signed-in cookie starts an anonymous session once signed out");
    });

    it("answers a form sign-in with a redirect to `next`, and only to a path of this app", async () => {
      for (const [next, expected] of [
        ["/history?view=3", "/history?view=3"],
        ["//evil.example/", "/"],
        ["https://evil.example/", "/"],
        ["/\\evil.example", "/"],
        ["/\t/evil.example", "/"],
        ["javascript:alert(1)", "/"],
      ] as const) {
        const client = new TestClient(server);
        await client.open("/");
        const answer = await client.post(
          signInPath,
          formBody({ email: ada.email, password: ada.password, next, _csrf: client.csrfToken! }),
          {
            ...form,
            "x-dashbase-csrf": "",
          },
        );
        assert.equal(answer.statusCode, 303, next);
        assert.equal(answer.headers["location"], expected, next);
      }
    });

    it("gives an unknown account, a wrong password and a disabled account the same answer, which never echoes the password", async () => {
      await db
        .insert(users)
        .values({ name: "Gone", email: "gone@example.org", passwordHash: await hashPassword("gone gone gone 1"), disabledAt: new Date() });
      const answers: LightMyRequestResponse[] = [];
      for (const attempt of [
        { email: "nobody@example.org", password: "secret-unknown-pw-1" },
        { email: ada.email, password: "secret-wrong-pw-2" },
        { email: "gone@example.org", password: "gone gone gone 1" },
      ]) {
        const client = new TestClient(server);
        await client.open("/");
        const answer = await client.post(signInPath, attempt);
        assert.ok(!answer.body.includes(attempt.password), "the answer never carries the password");
        answers.push(answer);
      }
      assert.deepEqual(
        answers.map((answer) => answer.statusCode),
        [401, 401, 401],
      );
      const bodies = answers.map((answer) => withoutRequestId(answer.body));
      assert.deepEqual(bodies[0], bodies[1]);
      assert.deepEqual(bodies[1], bodies[2]);
      assert.equal((bodies[0] as { code: string }).code, "DASHBASE_E_SIGN_IN_FAILED");
      // As a form: the page again, the same for both, with the e-mail kept and the password not.
      const pages: string[] = [];
      for (const attempt of [
        { email: "nobody@example.org", password: "secret-unknown-pw-3" },
        { email: "nobody2@example.org", password: "secret-wrong-pw-4" },
      ]) {
        const client = new TestClient(server);
        await client.open("/");
        const answer = await client.post(signInPath, formBody({ ...attempt, _csrf: client.csrfToken! }), {
          ...form,
          "x-dashbase-csrf": "",
        });
        assert.equal(answer.statusCode, 401);
        assert.ok(!answer.body.includes(attempt.password));
        pages.push(answer.body.replace(/value="[^"]*"/g, 'value=""'));
      }
      assert.equal(pages[0], pages[1]);
      assert.match(pages[0]!, /role="alert">The e-mail address or the password is wrong/);
    });

    it("adopts what the visitor saved before signing in where the user has nothing, and the values follow the user to another browser", async () => {
      // Browser 1: Ada signs in and saves a persisted value as herself.
      const first = new TestClient(server);
      await signIn(first, ada);
      assert.equal((await first.post("/_dashbase/persist", { id: "note", property: "value", value: "ada's own note" })).statusCode, 204);
      // Browser 2: anonymous, saves its own note and a store value, then signs in as Ada.
      const second = new TestClient(server);
      await second.open("/");
      assert.equal((await second.post("/_dashbase/persist", { id: "note", property: "value", value: "anonymous note" })).statusCode, 204);
      assert.equal((await second.post("/_dashbase/persist", { id: "ask", property: "value", value: "anonymous ask" })).statusCode, 204);
      const { rows: before } = await db.query<{ owner: string }>(
        "select distinct owner from dashbase_store where value::text like '%anonymous%'",
      );
      assert.equal(before.length, 1);
      const anonymousOwner = before[0]!.owner;
      await signIn(second, ada);
      const page = (await second.get("/")).body;
      // The user's own value wins; the one she did not have is adopted.
      assert.match(page, /ada's own note/);
      assert.doesNotMatch(page, /anonymous note/);
      assert.match(page, /anonymous ask/);
      const { rows: left } = await db.query("select key from dashbase_store where owner = $1", [anonymousOwner]);
      assert.deepEqual(left, [], "the anonymous owner's values are gone");
      // Browser 1 sees the adopted value too: values are the user's, not the browser's.
      assert.match((await first.get("/")).body, /anonymous ask/);
      // Bob sees none of it.
      const bobs = new TestClient(server);
      await signIn(bobs, bob);
      assert.doesNotMatch((await bobs.get("/")).body, /ada's own note|anonymous ask/);
    });

    it("signs a user out of every browser at once", async () => {
      const one = new TestClient(server);
      const two = new TestClient(server);
      await signIn(one, bob);
      await signIn(two, bob);
      const { rows } = await db.query<{ id: string }>("select id::text as id from auth_users where email = $1", [bob.email]);
      assert.ok((await signOutEverywhere(db, rows[0]!.id)) >= 2);
      // Other processes' session caches forget within session.cacheMs; this one's too.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal(who(await one.get("/")), "anonymous");
      assert.equal(who(await two.get("/")), "anonymous");
    });

    it("never writes a password, a hash or a session token to the log", async () => {
      const client = new TestClient(server);
      await signIn(client, { email: ada.email, password: "log-probe-wrong-password" });
      await signIn(client, ada);
      await client.post(signOutPath, {});
      const { rows } = await db.query<{ password_hash: string }>("select password_hash from auth_users where email = $1", [ada.email]);
      assert.ok(logs.text.length > 0, "the server logged the requests");
      for (const secret of ["log-probe-wrong-password", ada.password, rows[0]!.password_hash, "$argon2id$", client.csrfToken!]) {
        assert.ok(!logs.text.includes(secret), `the log must not contain ${secret.slice(0, 12)}...`);
      }
    });
  });

  describe(`the sign-in rate limit shared by two app instances on ${backend.name}`, () => {
    let first: AppServer;
    let second: AppServer;
    const handles: Database[] = [];

    before(async () => {
      const settings = await backend.settings();
      const db1 = await createDatabase({ settings });
      await prepare(db1);
      // Two instances with their own connections to one database (PGlite: one handle, it is one process's).
      const db2 = backend.name === "pglite" ? db1 : await createDatabase({ settings });
      handles.push(...new Set([db1, db2]));
      // Behind a trusted proxy, so each test can come from an address of its own (X-Forwarded-For).
      const settings2 = { ...testSettings(), server: { ...testSettings().server, trustProxy: true } };
      first = await authApp({ rateLimit: { perAccount: 3, perAddress: 20 } }).createServer({ db: db1, settings: settings2 });
      second = await authApp({ rateLimit: { perAccount: 3, perAddress: 20 } }).createServer({ db: db2, settings: settings2 });
    });
    after(async () => {
      await first?.close();
      await second?.close();
      for (const handle of handles) await handle.close();
    });

    it("refuses an account's attempts past the shared count, with Retry-After, whether the account exists or not", async () => {
      const clients = [new TestClient(first), new TestClient(second)];
      for (const client of clients) await client.open("/");
      for (const email of [ada.email, "nobody@example.org"]) {
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 5; attempt += 1) {
          const client = clients[attempt % 2]!;
          statuses.push(
            (await client.post(signInPath, { email, password: `wrong password ${attempt}` }, { "x-forwarded-for": "192.0.2.1" }))
              .statusCode,
          );
        }
        assert.deepEqual(statuses, [401, 401, 401, 429, 429], email);
      }
      const limited = await clients[0]!.post(signInPath, { email: ada.email, password: ada.password });
      assert.equal(limited.statusCode, 429, "not even the right password is checked once limited");
      assert.equal(JSON.parse(limited.body).error.code, "DASHBASE_E_SIGN_IN_RATE_LIMITED");
      const retryAfter = Number(limited.headers["retry-after"]);
      assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
      // An unknown account's refusal is the same answer.
      const unknown = await clients[1]!.post(signInPath, { email: "nobody@example.org", password: "x" });
      assert.deepEqual(withoutRequestId(unknown.body), withoutRequestId(limited.body));
      // Bob is not limited by Ada's failures.
      assert.equal((await clients[1]!.post(signInPath, { email: bob.email, password: bob.password })).statusCode, 200);
    });

    it("counts concurrent attempts atomically: no more than the limit are ever checked", async () => {
      const clients = [new TestClient(first), new TestClient(second)];
      for (const client of clients) await client.open("/");
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          clients[index % 2]!.post(
            signInPath,
            { email: "race@example.org", password: `wrong ${index}` },
            { "x-forwarded-for": "192.0.2.2" },
          ),
        ),
      );
      const statuses = answers.map((answer) => answer.statusCode).sort();
      assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429, 429, 429]);
    });

    it("limits one address across accounts", async () => {
      const clients = [new TestClient(first), new TestClient(second)];
      for (const client of clients) await client.open("/");
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 22; attempt += 1) {
        const answer = await clients[attempt % 2]!.post(
          signInPath,
          { email: `someone${attempt}@example.org`, password: "wrong" },
          { "x-forwarded-for": "192.0.2.3" },
        );
        statuses.push(answer.statusCode);
      }
      assert.deepEqual(statuses, [...Array<number>(20).fill(401), 429, 429]);
    });
  });

  describe(`session cookies in production behind HTTPS on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;

    before(async () => {
      db = await backend.open();
      await prepare(db);
      const settings = testSettings("production");
      server = await authApp().createServer({ db, settings: { ...settings, server: { ...settings.server, trustProxy: true } } });
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    it("names the cookie __Host-, Secure, Path=/ and without Domain, and signs in and out over it", async () => {
      const https = { "x-forwarded-proto": "https" };
      const page = await server.fastify.inject({ method: "GET", url: signInPath, headers: https });
      const cookie = cookieOf(page)!;
      assert.match(cookie, /^__Host-dashbase_sid=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
      assert.doesNotMatch(cookie, /Domain=/i);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const signedIn = await server.fastify.inject({
        method: "POST",
        url: signInPath,
        headers: { ...https, ...form, cookie: cookie.split(";")[0]! },
        payload: formBody({ email: ada.email, password: ada.password, _csrf: token, next: "/" }),
      });
      assert.equal(signedIn.statusCode, 303);
      const signedCookie = cookieOf(signedIn)!;
      assert.match(signedCookie, /^__Host-dashbase_sid=.*; Secure$/);
      const home = await server.fastify.inject({ method: "GET", url: "/", headers: { ...https, cookie: signedCookie.split(";")[0]! } });
      assert.equal(who(home), "user:Ada:viewer");
      // The same cookie under the plain name is not the session (the prefix is what HTTPS reads).
      const plain = await server.fastify.inject({
        method: "GET",
        url: "/",
        headers: { ...https, cookie: signedCookie.split(";")[0]!.replace("__Host-", "") },
      });
      assert.equal(who(plain), "anonymous");
      const failed = await server.fastify.inject({
        method: "POST",
        url: signInPath,
        headers: { ...https, "content-type": "application/json", cookie: signedCookie.split(";")[0]!, "x-dashbase-csrf": "bad" },
        payload: JSON.stringify({ email: ada.email, password: "production-secret-probe" }),
      });
      assert.equal(failed.statusCode, 403);
      assert.ok(!failed.body.includes("production-secret-probe"));
    });
  });
}
