/**
 * Passwords: argon2id PHC hashes that verify only the right password, an unknown account's check
 * doing the same work and answering false, and new passwords refused with
 * DASHBASE_E_WEAK_PASSWORD, a message that says why and never quotes the password.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDashbaseError } from "dashbase";
import { assertStrongPassword, hashPassword, passwordWeakness, verifyPassword } from "dashbase/auth";

describe("password hashes", () => {
  it("stores argon2id PHC strings that verify the password and nothing else", async () => {
    const hash = await hashPassword("correct horse battery");
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!hash.includes("correct horse battery"));
    assert.equal(await verifyPassword(hash, "correct horse battery"), true);
    assert.equal(await verifyPassword(hash, "correct horse batterY"), false);
    assert.equal(await verifyPassword("not a hash", "correct horse battery"), false);
  });

  it("answers false for an account without a hash (after the same work)", async () => {
    assert.equal(await verifyPassword(null, "anything at all"), false);
    assert.equal(await verifyPassword(undefined, ""), false);
  });
});

describe("weak passwords", () => {
  it("refuses short, repetitive, common and personal passwords with a coded error that never quotes them", () => {
    const cases: Array<[string, RegExp, { email?: string; name?: string }?]> = [
      ["short1", /at least 10/],
      ["aaaaaaaaaaaa", /too few different characters/],
      ["Password123", /most common/],
      ["lovelace-2024!", /name or e-mail/, { email: "lovelace@example.org" }],
      ["x".repeat(1025) + "yz12", /at most 1024/],
    ];
    for (const [password, reason, context] of cases) {
      assert.match(passwordWeakness(password, context) ?? "", reason, password.slice(0, 20));
      assert.throws(
        () => assertStrongPassword(password, context),
        (error: unknown) =>
          isDashbaseError(error, "DASHBASE_E_WEAK_PASSWORD") && reason.test(error.message) && !error.message.includes(password),
      );
    }
    assert.throws(
      () => assertStrongPassword(12345678901),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_WEAK_PASSWORD"),
    );
    assert.equal(assertStrongPassword("tremble purple sunrise", { email: "bob@example.org", name: "Bob" }), "tremble purple sunrise");
  });
});
