/**
 * The indicators example's revisions (made by `dashbase db generate`) on every backend: they
 * upgrade and downgrade cleanly, leave no drift from the models, and `dashbase db check` says so.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { Command, CommanderError } from "commander";
import { registerDbCommands } from "../../src/cli/commands/db.js";
import { createMigrator } from "dashbase/migrations";
import { checkDrift } from "../../src/migrations/drift-check.js";
import * as exampleModels from "../../examples/indicators/models.js";
import { authModels } from "dashbase/auth";
import { seed } from "../../examples/indicators/seed.js";
import { backends, dropServerDatabases, freshServerDatabase } from "../support/backends.js";

const migrationsDir = path.resolve("examples/indicators/migrations");
// The app has sign-in (`auth: {}`): dashbase's user tables are its models too, in a revision of their own.
const models = { ...authModels, ...exampleModels };
const revisions = 2;
const tables = [
  "indicators",
  "observations",
  "user_preferences",
  "auth_users",
  "auth_user_identities",
  "auth_sign_in_attempts",
  "auth_sign_in_links",
];

interface Run {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

/** `dashbase db <argv> --app examples/indicators/app.ts --json`, in this process. */
async function dashbaseDb(env: Record<string, string | undefined>, argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const program = new Command("dashbase")
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  let code = 0;
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd: process.cwd(),
    // Commands return their exit code (main() passes it on) instead of setting process.exitCode.
    onExit: (exit: number) => (code = exit),
  };
  registerDbCommands(program, io);
  try {
    await program.parseAsync(["db", ...argv, "--app", "examples/indicators/app.ts", "--json"], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  }
  return { code, json: stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr };
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`indicators revisions on ${backend.name}`, () => {
    it("upgrade, seed, downgrade to base and upgrade again, with no drift at head", async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db, { dir: migrationsDir });
        const up = await migrator.upgrade();
        assert.ok(up.ok, up.failure?.message);
        assert.equal(up.applied.length, revisions);
        assert.deepEqual(await checkDrift(db, models), { inSync: true, statements: [], differences: [] });
        await seed(db);

        const down = await migrator.downgrade("base");
        assert.ok(down.ok, down.failure?.message);
        const { rows } = await db.query<{ n: number }>(
          "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = any($1::text[])",
          [tables],
        );
        assert.equal(rows[0]?.n, 0, "base has none of the example's tables");
        assert.equal(await migrator.current(), null);

        const again = await migrator.upgrade();
        assert.ok(again.ok, again.failure?.message);
        assert.equal((await checkDrift(db, models)).inSync, true);
        assert.deepEqual(await seed(db), { indicators: 6, observations: 2361 });
      } finally {
        await db.close();
      }
    });

    it("dashbase db check reports no drift after dashbase db upgrade, and the pending revision after a downgrade", async () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-indicators-cli-"));
      try {
        const env: Record<string, string | undefined> =
          backend.name === "postgres"
            ? { DASHBASE_ENV: "test", DATABASE_URL: serverUrl((await freshServerDatabase()).database ?? "") }
            : { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: path.join(scratch, "db") };
        const upgrade = await dashbaseDb(env, ["upgrade"]);
        assert.equal(upgrade.code, 0, upgrade.stderr);
        const check = await dashbaseDb(env, ["check"]);
        assert.equal(check.code, 0, check.stderr);
        assert.equal(check.json["inSync"], true);
        assert.deepEqual(check.json["pending"], []);
        const seeded = await dashbaseDb(env, ["seed"]);
        assert.equal(seeded.code, 0, seeded.stderr);

        const downgrade = await dashbaseDb(env, ["downgrade", "base"]);
        assert.equal(downgrade.code, 0, downgrade.stderr);
        const behind = await dashbaseDb(env, ["check"]);
        assert.equal(behind.code, 3, "check asks for attention when a revision is pending");
        assert.equal((behind.json["pending"] as unknown[]).length, revisions);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
}

/** TEST_DATABASE_URL pointed at another database on the same server. */
function serverUrl(database: string): string {
  const url = new URL(process.env["TEST_DATABASE_URL"]!);
  url.pathname = `/${database}`;
  return url.toString();
}
