import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { cacheSessions } from "../../src/app/session-cache.js";
import { createSessionManager, type SessionManager } from "dashbase/session";

function counting(): { manager: SessionManager; finds: () => number } {
  const inner = createSessionManager({ memory: true }, { secret: "c".repeat(40), sweepIntervalMs: 0 });
  let count = 0;
  const manager: SessionManager = {
    ...inner,
    cookieName: inner.cookieName,
    resume: async (cookie, options) => {
      count += 1;
      return inner.resume(cookie, options);
    },
    verifyCsrf: inner.verifyCsrf.bind(inner),
    signedSessionId: inner.signedSessionId.bind(inner),
    destroy: inner.destroy.bind(inner),
    rotate: inner.rotate.bind(inner),
    attachUser: inner.attachUser.bind(inner),
    sweepExpired: inner.sweepExpired.bind(inner),
    close: inner.close.bind(inner),
  };
  return { manager, finds: () => count };
}

describe("session cache", () => {
  it("reuses a resumed session for the same cookie, and forgets it when the session ends here", async () => {
    const { manager, finds } = counting();
    const sessions = cacheSessions(manager, 60_000);
    const started = await sessions.resume(undefined);
    const cookie = started.setCookie!.split(";")[0]!.split("=").slice(1).join("=");
    const first = await sessions.resume(cookie);
    const second = await sessions.resume(cookie);
    assert.equal(first.session.id, started.session.id);
    assert.equal(second.session.id, started.session.id);
    assert.equal(finds(), 2, "the second resume of the same cookie is served from memory");
    await sessions.destroy(second.session);
    const after = await sessions.resume(cookie);
    assert.notEqual(after.session.id, started.session.id, "a destroyed session is not served from memory");
  });

  it("never caches a request without a cookie, and is off with ttl 0", async () => {
    const { manager, finds } = counting();
    const sessions = cacheSessions(manager, 60_000);
    await sessions.resume(undefined);
    await sessions.resume(undefined);
    assert.equal(finds(), 2);
    assert.equal(cacheSessions(manager, 0), manager);
  });

  it("lets go of a session whose time in memory has run out once another is kept", async () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const { manager } = counting();
    const sessions = cacheSessions(manager, 1);
    const cookieOf = (setCookie: string | undefined): string => setCookie!.split(";")[0]!.split("=").slice(1).join("=");
    const first = cookieOf((await sessions.resume(undefined)).setCookie);
    const second = cookieOf((await sessions.resume(undefined)).setCookie);
    const held = new WeakRef((await sessions.resume(first)).session);
    await sleep(5); // past the 1 ms the first session may stay in memory
    await sessions.resume(second);
    await sleep(0);
    gc();
    assert.equal(held.deref(), undefined, "the run-out session is no longer held by the cache");
  });
});
