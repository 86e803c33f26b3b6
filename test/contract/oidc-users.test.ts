/**
 * @module
 * Which user a provider's account signs in as, on each backend: the linked one; else the user with
 * the same address only when the provider verified it; else a new one. Two first sign-ins at once
 * make one user, and a disabled user is refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { userForProviderAccount } from "../../src/auth/oidc-users.js";
import { DashbaseError } from "../../src/errors/dashbase-error.js";
import { createAuthTables } from "../support/auth-schema.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const claims = (subject: string, email: string | null, emailVerified: boolean) => ({
  issuer: "https://id.example.com",
  subject,
  email,
  emailVerified,
  name: `Person ${subject}`,
});

// The PostgreSQL backend's databases are this file's own: dropped when its tests end.
after(dropServerDatabases);

for (const backend of backends) {
  describe(`provider accounts and users (${backend.name})`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      await createAuthTables(db);
    });
    after(() => db.close());

    const userCount = async (): Promise<number> => (await db.query("SELECT count(*)::int AS n FROM auth_users")).rows[0]?.["n"] as number;

    it("creates a user at the first sign-in and finds the same one the next time", async () => {
      const first = await userForProviderAccount(db, claims("a1", "ann@example.com", true));
      assert.equal(await userForProviderAccount(db, claims("a1", "ann@example.com", true)), first);
      const { rows } = await db.query("SELECT name, email FROM auth_users WHERE id = $1", [first]);
      assert.deepEqual(rows[0], { name: "Person a1", email: "ann@example.com" });
    });

    it("links an existing user by address only when the provider verified it", async () => {
      const { rows } = await db.query("INSERT INTO auth_users (name, email) VALUES ('Bob', 'bob@example.com') RETURNING id::text AS id");
      const bob = rows[0]?.["id"] as string;
      const unverified = await userForProviderAccount(db, claims("b-unverified", "bob@example.com", false));
      assert.notEqual(unverified, bob, "an unverified address takes over nobody");
      const unverifiedRow = (await db.query("SELECT email FROM auth_users WHERE id = $1", [unverified])).rows[0];
      assert.equal(unverifiedRow?.["email"], null, "and is not stored as the new user's address");
      assert.equal(await userForProviderAccount(db, claims("b-verified", "bob@example.com", true)), bob);
    });

    it("makes one user when the same account signs in twice at once", async () => {
      const before = await userCount();
      const ids = await Promise.all([1, 2, 3].map(() => userForProviderAccount(db, claims("c1", "cy@example.com", true))));
      assert.equal(new Set(ids).size, 1);
      assert.equal(await userCount(), before + 1);
    });

    it("refuses a disabled user", async () => {
      const id = await userForProviderAccount(db, claims("d1", "di@example.com", true));
      await db.query("UPDATE auth_users SET disabled_at = now() WHERE id = $1", [id]);
      await assert.rejects(
        userForProviderAccount(db, claims("d1", "di@example.com", true)),
        (error: unknown) => error instanceof DashbaseError && error.code === "DASHBASE_E_FORBIDDEN",
      );
    });
  });
}
