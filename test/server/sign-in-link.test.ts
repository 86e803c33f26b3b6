/**
 * One-time sign-in links (`dashbase users link`) on every backend: the link signs the browser in
 * (a new session id, the user attached) and redirects to `next`; it works once, not after it
 * expires, not with a tampered token; only the token's SHA-256 is stored.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createApp, html } from "dashbase";
import { createSignInLink, signInLinkPath } from "dashbase/auth";
import type { Database } from "dashbase/db";
import { createTestUser, openTestApp, type TestApp } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { createAuthTables } from "../support/auth-schema.js";
import { fakeClientDir } from "./support/app-harness.js";

function linkApp() {
  const app = createApp({ title: "Links", auth: {}, server: { clientDir: fakeClientDir() } });
  app.page("/", { layout: html.P("start") });
  app.api.get("/api/me", ({ session }) => ({ email: session.user?.email ?? null }));
  return app;
}

const code = (answer: { body: unknown }) => (answer.body as { error?: { code?: string } } | null)?.error?.code;

for (const backend of backends) {
  describe(`one-time sign-in links (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let user: { id: string };

    before(async () => {
      db = await backend.open();
      await createAuthTables(db);
      test = await openTestApp(linkApp(), { db });
      user = await createTestUser(db, { email: "forgetful@example.com" });
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await dropServerDatabases();
    });

    it("signs the browser in once, redirects to next, and stores only the token's hash", async () => {
      const { token, expiresAt } = await createSignInLink(db, user.id);
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");
      assert.ok(expiresAt.getTime() - Date.now() > 14 * 60_000 && expiresAt.getTime() - Date.now() <= 15 * 60_000 + 5_000);
      const stored = await db.query<{ token_hash: string }>("select token_hash from auth_sign_in_links");
      assert.deepEqual(
        stored.rows.map((row) => row.token_hash),
        [createHash("sha256").update(token).digest("hex")],
      );
      const visitor = await test.visitor("/");
      const before = visitor.sessionCookie;
      const answer = await visitor.get(`${signInLinkPath}?token=${token}&next=%2Fsettings`);
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.location, "/settings");
      assert.notEqual(visitor.sessionCookie, before, "the session id changed at sign-in");
      assert.deepEqual((await visitor.get("/api/me")).body, { email: "forgetful@example.com" });
      const used = await db.query<{ used: boolean }>("select used_at is not null as used from auth_sign_in_links");
      assert.equal(used.rows[0]!.used, true);

      const again = await (await test.visitor("/")).get(`${signInLinkPath}?token=${token}`);
      assert.equal(again.status, 400);
      assert.equal(code(again), "DASHBASE_E_SIGN_IN_LINK_INVALID");
    });

    it("refuses an expired link, a tampered token and a missing one alike", async () => {
      const { token } = await createSignInLink(db, user.id);
      await db.query("update auth_sign_in_links set expires_at = now() - interval '1 second' where used_at is null");
      const visitor = await test.visitor("/");
      for (const url of [`${signInLinkPath}?token=${token}`, `${signInLinkPath}?token=${token.slice(0, -1)}A`, signInLinkPath]) {
        const answer = await visitor.get(url);
        assert.equal(answer.status, 400, url);
        assert.equal(code(answer), "DASHBASE_E_SIGN_IN_LINK_INVALID");
      }
      assert.deepEqual((await visitor.get("/api/me")).body, { email: null });
    });

    it("lets exactly one of two racing requests with the same link sign in", async () => {
      const { token } = await createSignInLink(db, user.id);
      const [a, b] = await Promise.all([test.visitor("/"), test.visitor("/")]);
      const answers = await Promise.all([a.get(`${signInLinkPath}?token=${token}`), b.get(`${signInLinkPath}?token=${token}`)]);
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [303, 400]);
    });
  });
}
