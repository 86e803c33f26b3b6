/**
 * The session cookie's signature and header text.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
  clearSessionCookie,
  constantTimeEqual,
  isCookieName,
  newSessionId,
  sessionSetCookie,
  signSessionId,
  verifySessionCookie,
} from "../../src/session/session-cookie.js";

const secret = "k".repeat(32);

describe("session cookie", () => {
  it("makes 192-bit random ids that never repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, newSessionId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.equal(Buffer.from(id, "base64url").length, 24);
  });

  it("signs the id with HMAC-SHA256 and verifies it back", () => {
    const id = newSessionId();
    const value = signSessionId(id, secret);
    const expected = createHmac("sha256", secret).update(`dashbase.session.v1:${id}`).digest("base64url");
    assert.equal(value, `${id}.${expected}`);
    assert.deepEqual(verifySessionCookie(value, [secret]), { id, stale: false });
    assert.deepEqual(verifySessionCookie(value, ["n".repeat(32), secret]), { id, stale: true });
  });

  it("rejects every tampered or malformed value without throwing", () => {
    const id = newSessionId();
    const value = signSessionId(id, secret);
    for (let i = 0; i < value.length; i += 1) {
      if (i === 32) continue;
      const changed = value.slice(0, i) + (value[i] === "a" ? "b" : "a") + value.slice(i + 1);
      assert.equal(verifySessionCookie(changed, [secret]), undefined, `position ${i}`);
    }
    for (const bad of [undefined, "", ".", value.slice(1), `${value}=`, value.replace(".", "_"), signSessionId(id, "w".repeat(32))]) {
      assert.equal(verifySessionCookie(bad, [secret]), undefined);
    }
  });

  it("writes the Set-Cookie attributes, Secure and __Host- prefixed only when asked", () => {
    assert.equal(sessionSetCookie("sid", "v", 90_500), "sid=v; Path=/; Max-Age=91; HttpOnly; SameSite=Lax");
    assert.equal(sessionSetCookie("sid", "v", 1000, { secure: true }), "__Host-sid=v; Path=/; Max-Age=1; HttpOnly; SameSite=Lax; Secure");
    assert.equal(
      clearSessionCookie("sid", { secure: true }),
      "__Host-sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure",
    );
    assert.equal(clearSessionCookie("sid"), "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  });

  it("compares tokens for equality only", () => {
    assert.equal(constantTimeEqual("abc", "abc"), true);
    assert.equal(constantTimeEqual("abc", "abd"), false);
    assert.equal(constantTimeEqual("abc", "abcd"), false);
    assert.equal(constantTimeEqual("é", "e\u0301"), false);
  });

  it("accepts only RFC 6265 token cookie names", () => {
    assert.equal(isCookieName("dashbase_sid"), true);
    assert.equal(isCookieName("__Host-sid"), true);
    for (const bad of ["", "a b", "a;b", "a=b", "é"]) assert.equal(isCookieName(bad), false, bad);
  });
});
