/**
 * `dashbase users create | list | set-password | grant | revoke | sign-out-everywhere | link`
 * run in-process with captured output, on every backend: the database named first (password
 * masked), weak passwords refused with the strength rule's reason, roles sorted and unique,
 * sessions ended, links stored as hashes, and a database without the user tables refused.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { createDatabase } from "dashbase/db";
import type { DatabaseSettings } from "dashbase/config";
import { main } from "../../src/cli/main.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { createAuthTables } from "../support/auth-schema.js";
import { tempDir } from "../support/temp-dir.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json(): Record<string, unknown>;
}

async function dashbaseUsers(env: Record<string, string | undefined>, cwd: string, argv: readonly string[], stdin = ""): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(["users", ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([stdin]),
    env,
    cwd,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`dashbase users on ${backend.name}`, () => {
    it("creates users, refuses weak passwords, lists, sets passwords, grants and revokes roles, signs out everywhere and prints links", async () => {
      const cwd = tempDir("users-cli");
      let settings: DatabaseSettings;
      let env: Record<string, string | undefined>;
      let secret = "";
      if (backend.name === "pglite") {
        const dataDir = path.join(cwd, "data");
        settings = { kind: "embedded", dataDir };
        env = { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: dataDir };
      } else {
        settings = await backend.settings();
        assert.equal(settings.kind, "postgres");
        secret = settings.password ?? "";
        env = { DASHBASE_ENV: "test", DATABASE_URL: settings.displayUrl.replace("***", secret) };
      }
      // Without the user tables: a coded refusal that says how to set them up.
      const db0 = await createDatabase({ settings });
      await db0.close();
      const missing = await dashbaseUsers(env, cwd, ["list", "--json"]);
      assert.equal(missing.code, 1);
      assert.equal((missing.json()["error"] as { code: string }).code, "DASHBASE_E_USERS_NOT_SET_UP");

      const db1 = await createDatabase({ settings });
      await createAuthTables(db1);
      await db1.close();

      const weak = await dashbaseUsers(env, cwd, ["create", "ada@example.com", "--password-stdin", "--json"], "short\n");
      assert.equal(weak.code, 1);
      const weakError = weak.json()["error"] as { code: string; message: string };
      assert.equal(weakError.code, "DASHBASE_E_WEAK_PASSWORD");
      assert.match(weakError.message, /at least 10/);
      assert.ok(!weak.stdout.includes('short"'), "the refused password is not echoed");

      const created = await dashbaseUsers(
        env,
        cwd,
        ["create", "Ada@Example.com", "--name", "Ada", "--role", "viewer", "--password-stdin", "--json"],
        "correct horse battery staple\n",
      );
      assert.equal(created.code, 0, created.stdout + created.stderr);
      const doc = created.json();
      assert.ok(doc["database"] !== undefined, "the JSON names the database it acted on");
      if (secret !== "") assert.ok(!created.stdout.includes(secret) && !created.stderr.includes(secret), "no database password printed");
      assert.equal((doc["user"] as { email: string }).email, "ada@example.com");
      assert.ok(!created.stdout.includes("correct horse"), "the password is never printed");

      const human = await dashbaseUsers(env, cwd, ["create", "bo@example.com", "--no-password"]);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /Created bo@example.com/);
      assert.match(human.stdout + human.stderr, /database/i, "the human output names the database too");

      const duplicate = await dashbaseUsers(env, cwd, ["create", "ada@example.com", "--no-password", "--json"]);
      assert.equal((duplicate.json()["error"] as { code: string }).code, "DASHBASE_E_USER_EXISTS");

      for (const role of ["editor", "admin", "editor"])
        assert.equal((await dashbaseUsers(env, cwd, ["grant", "ada@example.com", role])).code, 0);
      const revoked = await dashbaseUsers(env, cwd, ["revoke", "ada@example.com", "viewer", "--json"]);
      assert.deepEqual((revoked.json()["user"] as { roles: string[] }).roles, ["admin", "editor"], "sorted and unique");
      const badRole = await dashbaseUsers(env, cwd, ["grant", "ada@example.com", "no spaces", "--json"]);
      assert.equal((badRole.json()["error"] as { code: string }).code, "DASHBASE_E_CLI_USAGE");
      const nobody = await dashbaseUsers(env, cwd, ["grant", "nobody@example.com", "admin", "--json"]);
      assert.equal((nobody.json()["error"] as { code: string }).code, "DASHBASE_E_USER_NOT_FOUND");

      const listed = await dashbaseUsers(env, cwd, ["list", "--json"]);
      const users = listed.json()["users"] as Array<{ email: string; roles: string[]; hasPassword: boolean }>;
      assert.deepEqual(
        users.map((user) => [user.email, user.roles, user.hasPassword]),
        [
          ["ada@example.com", ["admin", "editor"], true],
          ["bo@example.com", [], false],
        ],
      );

      const reset = await dashbaseUsers(env, cwd, ["set-password", "bo@example.com", "--password-stdin"], "bo@example.com!!\n");
      assert.equal(reset.code, 1, "a password containing the account's name is refused");
      assert.match(reset.stdout + reset.stderr, /DASHBASE_E_WEAK_PASSWORD/);
      const set = await dashbaseUsers(env, cwd, ["set-password", "bo@example.com", "--password-stdin"], "purple monkey dishwasher\n");
      assert.equal(set.code, 0, set.stdout + set.stderr);

      const db2 = await createDatabase({ settings });
      const ada = (
        await db2.query<{ id: string; hash: string }>(
          "select id::text as id, password_hash as hash from auth_users where email = 'ada@example.com'",
        )
      ).rows[0]!;
      assert.match(ada.hash, /^\$argon2id\$/);
      await db2.exec(`
        create table if not exists dashbase_sessions (id text primary key, anonymous_owner text not null, user_id text, csrf_token text not null, created_at timestamptz not null default now(), expires_at timestamptz not null);
        insert into dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at) values
          ('s1', 'a1', '${ada.id}', 't', now() + interval '1 day'),
          ('s2', 'a2', '${ada.id}', 't', now() + interval '1 day'),
          ('s3', 'a3', null, 't', now() + interval '1 day')`);
      await db2.close();
      const ended = await dashbaseUsers(env, cwd, ["sign-out-everywhere", "ada@example.com", "--json"]);
      assert.equal(ended.json()["sessionsEnded"], 2);

      const link = await dashbaseUsers(env, cwd, [
        "link",
        "ada@example.com",
        "--base-url",
        "https://dash.example.com/",
        "--next",
        "/account",
        "--json",
      ]);
      assert.equal(link.code, 0, link.stdout + link.stderr);
      const url = new URL(link.json()["url"] as string);
      assert.equal(url.origin + url.pathname, "https://dash.example.com/_dashbase/auth/link");
      assert.equal(url.searchParams.get("next"), "/account");
      const token = url.searchParams.get("token")!;
      const db3 = await createDatabase({ settings });
      const rows = (
        await db3.query<{ token_hash: string; user_id: string; minutes: number }>(
          "select token_hash, user_id::text as user_id, round(extract(epoch from expires_at - now()) / 60)::int as minutes from auth_sign_in_links",
        )
      ).rows;
      const left = (await db3.query<{ n: number }>("select count(*)::int as n from dashbase_sessions")).rows[0]!.n;
      await db3.close();
      assert.deepEqual(rows, [{ token_hash: createHash("sha256").update(token).digest("hex"), user_id: ada.id, minutes: 15 }]);
      assert.equal(left, 1, "only the other user's session is left");
    });
  });
}
