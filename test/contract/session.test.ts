/**
 * The session manager's contract on memory, PGlite and PostgreSQL: signed cookies, silent new
 * sessions for tampered, expired or unknown cookies, rotation, login, logout and the sweep.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { newSessionId, signSessionId } from "../../src/session/session-cookie.js";
import { createSessionManager, type SessionBackendChoice, type SessionManager, type SessionManagerConfig } from "dashbase/session";
import { createStore } from "dashbase/store";
import { dropServerDatabases, withPooler } from "../support/backends.js";

const secret = "s".repeat(16) + "e".repeat(16) + "-contract";
const otherSecret = "o".repeat(40);

/** The cookie value inside a Set-Cookie header value. */
function cookieValue(setCookie: string | undefined, name = "dashbase_sid"): string {
  assert.ok(setCookie !== undefined, "expected a Set-Cookie value");
  // A Secure cookie carries the __Host- prefix on the wire.
  const match = new RegExp(`^(?:__Host-)?${name}=([^;]*);`).exec(setCookie);
  assert.ok(match !== null, `expected "${name}=..." in ${setCookie}`);
  return match[1] as string;
}

after(dropServerDatabases);

const targets: Array<{ name: string; open(): Promise<Database | undefined> }> = [
  { name: "memory", open: async () => undefined },
  ...withPooler.map((backend) => ({ name: backend.name, open: () => backend.open() })),
];

for (const target of targets) {
  describe(`sessions on ${target.name}`, () => {
    let db: Database | undefined;
    const managers: SessionManager[] = [];
    let choice: SessionBackendChoice;
    const manager = (config: Partial<SessionManagerConfig> = {}): SessionManager => {
      const created = createSessionManager(choice, { secret, sweepIntervalMs: 0, ...config });
      managers.push(created);
      return created;
    };

    before(async () => {
      db = await target.open();
      choice = db === undefined ? { memory: true } : { db };
    });
    after(async () => {
      await Promise.all(managers.map((m) => m.close()));
      await db?.close();
    });

    it("starts a session without a cookie and sends a signed, HttpOnly, SameSite=Lax cookie", async () => {
      const sessions = manager();
      const { session, setCookie } = await sessions.resume(undefined);
      assert.equal(sessions.cookieName, "dashbase_sid");
      assert.match(session.id, /^[A-Za-z0-9_-]{32}$/);
      assert.equal(session.userId, null);
      assert.equal(session.owner, session.anonymousOwner);
      assert.notEqual(session.owner, session.id);
      assert.ok(session.csrfToken.length >= 40);
      assert.ok(session.expiresAt.getTime() > Date.now() + 29 * 86_400_000);
      assert.match(
        setCookie ?? "",
        /^dashbase_sid=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/,
      );
      const secure = await sessions.resume(undefined, { secure: true });
      assert.match(secure.setCookie ?? "", /; Secure$/);
    });

    it("resumes the same session from its cookie without sending it again", async () => {
      const sessions = manager();
      const first = await sessions.resume(undefined);
      const again = await sessions.resume(cookieValue(first.setCookie));
      assert.deepEqual(again.session, first.session);
      assert.equal(again.setCookie, undefined);
    });

    it("silently starts a new session for a tampered, foreign, unknown or malformed cookie", async () => {
      const sessions = manager();
      const first = await sessions.resume(undefined);
      const value = cookieValue(first.setCookie);
      const flip = (text: string, at: number): string => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
      const bad = [
        flip(value, 3), // the id changed, the signature kept
        flip(value, value.length - 2), // the signature changed
        signSessionId(first.session.id, otherSecret), // signed with another secret
        signSessionId(newSessionId(), secret), // well signed, but no such session
        `${first.session.id}.`,
        "",
        "garbage",
        ".",
        "x".repeat(5000),
        `${value}x`,
        value.replace(".", ""),
        `${value.slice(0, 32)}.${"é".repeat(43)}`,
      ];
      for (const cookie of bad) {
        const result = await sessions.resume(cookie);
        assert.notEqual(result.session.id, first.session.id, `cookie ${cookie.slice(0, 60)}`);
        assert.notEqual(result.session.owner, first.session.owner);
        assert.ok(result.setCookie !== undefined);
      }
      assert.equal((await sessions.resume(value)).session.id, first.session.id);
    });

    it("starts a new session once the old one has expired", async () => {
      const sessions = manager({ maxAgeMs: 60 });
      const first = await sessions.resume(undefined);
      assert.match(first.setCookie ?? "", /Max-Age=1;/);
      await sleep(150);
      const later = await sessions.resume(cookieValue(first.setCookie));
      assert.notEqual(later.session.id, first.session.id);
      assert.ok(later.setCookie !== undefined);
    });

    it("extends a session that is used, re-sending the cookie at most once per refresh interval", async () => {
      // Refreshed once less than 9 s of 10 s are left: wide margins for a loaded machine.
      const sessions = manager({ maxAgeMs: 10_000 });
      const first = await sessions.resume(undefined);
      const cookie = cookieValue(first.setCookie);
      assert.equal((await sessions.resume(cookie)).setCookie, undefined);
      await sleep(1_100);
      const refreshed = await sessions.resume(cookie);
      assert.equal(refreshed.session.id, first.session.id);
      assert.ok(refreshed.setCookie !== undefined);
      assert.ok(refreshed.session.expiresAt.getTime() > first.session.expiresAt.getTime());
      assert.equal((await sessions.resume(cookie)).setCookie, undefined);
    });

    it("accepts a cookie signed with a previous secret and re-signs it with the current one", async () => {
      const sessions = manager({ previousSecrets: [otherSecret] });
      const started = await sessions.resume(undefined);
      const signedBefore = signSessionId(started.session.id, otherSecret);
      const resumed = await sessions.resume(signedBefore);
      assert.equal(resumed.session.id, started.session.id);
      assert.equal(cookieValue(resumed.setCookie), signSessionId(started.session.id, secret));
      assert.notEqual((await manager().resume(signedBefore)).session.id, started.session.id);
    });

    it("rotates the id keeping the owner and CSRF token; the old cookie then starts a new session", async () => {
      const sessions = manager();
      const first = await sessions.resume(undefined);
      const rotated = await sessions.rotate(first.session, { secure: true });
      assert.notEqual(rotated.session.id, first.session.id);
      assert.equal(rotated.session.owner, first.session.owner);
      assert.equal(rotated.session.csrfToken, first.session.csrfToken);
      assert.match(rotated.setCookie, /; Secure$/);
      assert.equal((await sessions.resume(cookieValue(rotated.setCookie))).session.id, rotated.session.id);
      assert.notEqual((await sessions.resume(cookieValue(first.setCookie))).session.id, first.session.id);
    });

    it("attaches a user with a new id and CSRF token, and keys the store by the user id", async () => {
      const sessions = manager();
      const first = await sessions.resume(undefined);
      const signedIn = await sessions.attachUser(first.session, "user-42");
      assert.equal(signedIn.session.userId, "user-42");
      assert.equal(signedIn.session.owner, "user-42");
      assert.equal(signedIn.session.anonymousOwner, first.session.anonymousOwner);
      assert.notEqual(signedIn.session.id, first.session.id);
      assert.notEqual(signedIn.session.csrfToken, first.session.csrfToken);
      const resumed = await sessions.resume(cookieValue(signedIn.setCookie));
      assert.equal(resumed.session.userId, "user-42");
      assert.notEqual((await sessions.resume(cookieValue(first.setCookie))).session.userId, "user-42");
      await assert.rejects(sessions.attachUser(resumed.session, ""), (error: unknown) =>
        isDashbaseError(error, "DASHBASE_E_SESSION_OPTION"),
      );
    });

    it("checks the CSRF token in constant time and refuses anything else", async () => {
      const sessions = manager();
      const { session } = await sessions.resume(undefined);
      assert.equal(sessions.verifyCsrf(session, session.csrfToken), true);
      for (const token of [
        undefined,
        "",
        session.csrfToken.slice(1),
        `${session.csrfToken}x`,
        session.csrfToken.toUpperCase(),
        "é".repeat(43),
      ]) {
        assert.equal(sessions.verifyCsrf(session, token), false, String(token));
      }
    });

    it("destroys a session: the cookie is cleared and, wired to the store, its anonymous store values go, a user's stay", async () => {
      const store = createStore(choice, { sweepIntervalMs: 0 });
      const sessions = manager({ onOwnersEnded: (owners) => store.deleteOwners(owners) });
      const anonymous = await sessions.resume(undefined);
      await store.set(anonymous.session.owner, "draft", "anonymous draft");
      const signedIn = await sessions.attachUser(anonymous.session, "user-destroy");
      await store.set(signedIn.session.owner, "draft", "user draft");
      const { setCookie } = await sessions.destroy(signedIn.session);
      assert.match(setCookie, /^dashbase_sid=; Path=\/; Max-Age=0; .*HttpOnly; SameSite=Lax$/);
      assert.notEqual((await sessions.resume(cookieValue(signedIn.setCookie))).session.id, signedIn.session.id);
      assert.equal(await store.get("user-destroy", "draft"), "user draft");
      assert.equal(await store.get(anonymous.session.owner, "draft"), undefined);
      await store.close();
    });

    it("sweeps expired sessions and, wired to the store, their anonymous store values", async () => {
      // A database of its own, so sessions of other tests cannot expire into the count.
      const own = await target.open();
      const ownChoice: SessionBackendChoice = own === undefined ? { memory: true } : { db: own };
      const store = createStore(ownChoice, { sweepIntervalMs: 0 });
      const sessions = createSessionManager(ownChoice, {
        secret,
        maxAgeMs: 50,
        sweepIntervalMs: 0,
        onOwnersEnded: (owners) => store.deleteOwners(owners),
      });
      try {
        const a = await sessions.resume(undefined);
        await sessions.resume(undefined);
        await store.set(a.session.owner, "k", 1);
        await store.set("user-kept", "k", 1);
        await sleep(120);
        assert.equal(await sessions.sweepExpired(), 2);
        assert.equal(await sessions.sweepExpired(), 0);
        assert.equal(await store.get(a.session.owner, "k"), undefined);
        assert.equal(await store.get("user-kept", "k"), 1);
      } finally {
        await store.close();
        await sessions.close();
        await own?.close();
      }
    });

    it("leaves the store alone when ending sessions without onOwnersEnded", async () => {
      const store = createStore(choice, { sweepIntervalMs: 0 });
      const sessions = manager();
      const { session } = await sessions.resume(undefined);
      await store.set(session.owner, "draft", "kept");
      await sessions.destroy(session);
      assert.equal(await store.get(session.owner, "draft"), "kept");
      await store.close();
    });

    it("refuses a short secret, a bad cookie name and a bad maxAgeMs with coded errors", () => {
      assert.throws(
        () => createSessionManager(choice, { secret: "short" }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_SECRET") && /32 characters/.test(error.message),
      );
      assert.throws(
        () => createSessionManager(choice, { secret, previousSecrets: ["x"] }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_SECRET"),
      );
      assert.throws(
        () => createSessionManager(choice, { secret, cookieName: "bad name;" }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_OPTION"),
      );
      assert.throws(
        () => createSessionManager(choice, { secret, maxAgeMs: 0 }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_OPTION"),
      );
      assert.throws(
        () => createSessionManager({ db: undefined as unknown as Database }, { secret }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_OPTION"),
      );
      assert.throws(
        () => createSessionManager(choice, { secret, onOwnersEnded: "store" as never }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_OPTION") && /onOwnersEnded/.test(error.message),
      );
      const named = manager({ cookieName: "__Host-app" });
      assert.equal(named.cookieName, "__Host-app");
    });
  });
}

for (const backend of withPooler.filter((candidate) => candidate.name === "postgres")) {
  describe("sessions across processes on postgres", () => {
    it("resumes on one process a session started on another", async () => {
      const settings = await backend.settings();
      const [one, two] = await Promise.all([createDatabase({ settings }), createDatabase({ settings })]);
      try {
        const first = createSessionManager({ db: one }, { secret, sweepIntervalMs: 0 });
        const second = createSessionManager({ db: two }, { secret, sweepIntervalMs: 0 });
        const started = await first.resume(undefined);
        const resumed = await second.resume(cookieValue(started.setCookie));
        assert.deepEqual(resumed.session, started.session);
        const signedIn = await second.attachUser(resumed.session, "u");
        assert.equal((await first.resume(cookieValue(signedIn.setCookie))).session.userId, "u");
      } finally {
        await one.close();
        await two.close();
      }
    });
  });
}
