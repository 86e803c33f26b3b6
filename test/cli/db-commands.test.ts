/**
 * `dashbase db ...` run in-process with its output captured: the `--json` documents are parsed,
 * exit codes checked, on every backend.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { registerDbCommands } from "../../src/cli/commands/db.js";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { backends, dropServerDatabases, type Backend } from "../support/backends.js";
import { pgliteTemplate } from "../support/template.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json(): Record<string, unknown>;
}

interface Project {
  dir: string;
  env: Record<string, string | undefined>;
  open(): Promise<Database>;
}

/** Runs `dashbase db <argv>` the way src/cli/main.ts does, with captured streams. */
async function dashbaseDb(project: Project, argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const program = new Command("dashbase").exitOverride().configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  registerDbCommands(program, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: project.env, cwd: project.dir });
  let code: number;
  try {
    await program.parseAsync(["db", ...argv], { from: "user" });
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode;
  } finally {
    process.exitCode = undefined;
  }
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

/** App files are written into a temp folder that borrows this repository's node_modules. */
function writeApp(dir: string, file: string, models: string, seed = ""): void {
  fs.writeFileSync(path.join(dir, file), [
    `import { pgTable, serial, text, integer } from "drizzle-orm/pg-core";`,
    models,
    `export default { models: { notes }, migrationsDir: ${JSON.stringify(path.join(dir, "migrations"))}${seed === "" ? "" : `, seed: ${seed}`} };`,
  ].join("\n"));
}

async function newProject(backend: Backend): Promise<Project> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-cli-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const seed = `async (db) => { await db.query("insert into notes (id, title) values (1, 'welcome') on conflict (id) do nothing"); }`;
  writeApp(dir, "app-v1.ts", `export const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull() });`, seed);
  writeApp(dir, "app-v2.ts", `export const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull(), stars: integer("stars").default(0) });`, seed);
  writeApp(dir, "app-v3.ts", `export const notes = pgTable("notes", { id: serial("id").primaryKey(), heading: text("heading").notNull(), stars: integer("stars").default(0) });`);
  if (backend.name === "pglite") {
    const dataDir = path.join(dir, "data");
    // Start the data directory from the template: the CLI then opens it without initdb's seconds.
    await (await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() })).close();
    return { dir, env: { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: dataDir }, open: () => createDatabase({ settings: { kind: "embedded", dataDir } }) };
  }
  const settings = await backend.settings();
  if (settings.kind !== "postgres") throw new Error("expected server settings");
  return { dir, env: { DASHBASE_ENV: "test", DATABASE_URL: settings.displayUrl }, open: () => createDatabase({ settings }) };
}

async function count(project: Project, table: string): Promise<number> {
  const db = await project.open();
  try {
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    return rows[0]?.n ?? 0;
  } finally {
    await db.close();
  }
}

for (const backend of backends) {
  describe(`dashbase db on ${backend.name}`, () => {
    let project: Project;
    before(async () => {
      project = await newProject(backend);
    });
    after(dropServerDatabases);

    it("generates, checks, upgrades, lists and downgrades, with JSON output and exit codes", async () => {
      const first = await dashbaseDb(project, ["generate", "create notes", "--app", "app-v1.ts", "--json"]);
      assert.equal(first.code, 0, first.stderr);
      const created = first.json() as { created: boolean; revision: { id: string; dir: string }; warnings: string[] };
      assert.equal(created.created, true);
      for (const file of ["up.sql", "down.sql", "snapshot.json", "revision.json"]) assert.ok(fs.existsSync(path.join(created.revision.dir, file)), file);

      const pendingCheck = await dashbaseDb(project, ["check", "--app", "app-v1.ts", "--json"]);
      assert.equal(pendingCheck.code, 3);
      assert.deepEqual(pendingCheck.json()["pending"], [created.revision.id]);

      const upgrade = await dashbaseDb(project, ["upgrade", "--app", "app-v1.ts", "--json"]);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      assert.deepEqual(upgrade.json()["applied"], [created.revision.id]);

      const clean = await dashbaseDb(project, ["check", "--app", "app-v1.ts", "--json"]);
      assert.equal(clean.code, 0, clean.stdout);
      assert.equal(clean.json()["inSync"], true);

      const nothing = await dashbaseDb(project, ["generate", "--app", "app-v1.ts", "--json"]);
      assert.equal(nothing.json()["created"], false);

      const drifted = await dashbaseDb(project, ["check", "--app", "app-v2.ts", "--json"]);
      assert.equal(drifted.code, 3);
      assert.match(String((drifted.json()["statements"] as string[])[0]), /ADD COLUMN "stars"/);

      const second = await dashbaseDb(project, ["generate", "add stars", "--app", "app-v2.ts", "--json"]);
      const secondId = (second.json()["revision"] as { id: string }).id;
      assert.equal((await dashbaseDb(project, ["upgrade", "--app", "app-v2.ts"])).code, 0);

      const history = (await dashbaseDb(project, ["history", "--app", "app-v2.ts", "--json"])).json() as { current: string; revisions: { id: string; applied: boolean }[] };
      assert.equal(history.current, secondId);
      assert.deepEqual(history.revisions.map((revision) => [revision.id, revision.applied]), [[created.revision.id, true], [secondId, true]]);

      const sql = (await dashbaseDb(project, ["sql", "base:head", "--app", "app-v2.ts", "--json"])).json() as { sql: string; revisions: string[] };
      assert.match(sql.sql, /CREATE TABLE "notes"[\s\S]*ADD COLUMN "stars"/);
      const plainSql = await dashbaseDb(project, ["sql", "head:base", "--app", "app-v2.ts"]);
      assert.match(plainSql.stdout, /DROP COLUMN "stars"/);

      const down = await dashbaseDb(project, ["downgrade", "--app", "app-v2.ts", "--json"]);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(down.json()["current"], created.revision.id);
      const current = (await dashbaseDb(project, ["current", "--app", "app-v2.ts", "--json"])).json();
      assert.deepEqual(current, { ok: true, current: created.revision.id, pending: [secondId] });
      assert.equal((await dashbaseDb(project, ["upgrade", "--app", "app-v2.ts"])).code, 0);
    });

    it("stops at a possible rename with the --rename to add, and accepts it", async () => {
      const refused = await dashbaseDb(project, ["generate", "--app", "app-v3.ts", "--json"]);
      assert.equal(refused.code, 1);
      const error = refused.json()["error"] as { code: string; message: string };
      assert.equal(error.code, "DASHBASE_E_MIGRATION_RENAME_HINT");
      assert.match(error.message, /--rename notes\.title=heading/);
      const renamed = await dashbaseDb(project, ["generate", "rename title", "--rename", "notes.title=heading", "--app", "app-v3.ts"]);
      assert.equal(renamed.code, 0, renamed.stderr);
      assert.match(renamed.stdout, /Created revision/);
      assert.equal((await dashbaseDb(project, ["upgrade", "--app", "app-v3.ts"])).code, 0);
      assert.equal((await dashbaseDb(project, ["check", "--app", "app-v3.ts"])).code, 0);
    });

    it("seeds with the app's seed function, twice without duplicating rows", async () => {
      // app-v1's seed writes only the columns every version has.
      assert.equal((await dashbaseDb(project, ["seed", "--app", "app-v2.ts", "--json"])).code, 1, "app-v2 seeds a column the renamed table no longer has");
      writeApp(project.dir, "app-seed.ts", `export const notes = pgTable("notes", { id: serial("id").primaryKey(), heading: text("heading").notNull() });`,
        `async (db) => { await db.query("insert into notes (id, heading) values (1, 'welcome') on conflict (id) do nothing"); }`);
      assert.equal((await dashbaseDb(project, ["seed", "--app", "app-seed.ts"])).code, 0);
      assert.equal((await dashbaseDb(project, ["seed", "--app", "app-seed.ts"])).code, 0);
      assert.equal(await count(project, "notes"), 1);
    });

    it("refuses a reset in production without --force, and off a terminal without --yes", async () => {
      const production = { ...project, env: { ...project.env, DASHBASE_ENV: "production", DASHBASE_DATABASE: backend.name === "pglite" ? "embedded" : undefined, SESSION_SECRET: "x".repeat(40) } };
      const refused = await dashbaseDb(production, ["reset", "--yes", "--app", "app-v3.ts", "--json"]);
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.equal((refused.json()["error"] as { code: string }).code, "DASHBASE_E_DB_RESET_REFUSED");
      const unconfirmed = await dashbaseDb(project, ["reset", "--app", "app-v3.ts"]);
      assert.equal(unconfirmed.code, 1);
      assert.match(unconfirmed.stderr, /add --yes/);
      assert.equal(await count(project, "notes"), 1, "nothing was dropped");
    });

    it("resets with --yes: drops everything and upgrades to head", async () => {
      const reset = await dashbaseDb(project, ["reset", "--yes", "--app", "app-v3.ts", "--json"]);
      assert.equal(reset.code, 0, reset.stdout + reset.stderr);
      const report = reset.json() as { applied: string[]; dropped: number };
      assert.equal(report.applied.length, 3);
      assert.ok(report.dropped >= 2);
      assert.equal(await count(project, "notes"), 0);
      assert.equal((await dashbaseDb(project, ["check", "--app", "app-v3.ts"])).code, 0);
    });

    it("exits 2 on usage errors", async () => {
      assert.equal((await dashbaseDb(project, ["sql", "nonsense", "--app", "app-v3.ts"])).code, 2);
      assert.equal((await dashbaseDb(project, ["upgrade", "--no-such-option"])).code, 2);
      const help = await dashbaseDb(project, ["upgrade", "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--app <file>/);
    });

    if (backend.name === "pglite") {
      it("stops with what to do when a running app holds the embedded data directory", async () => {
        // The "app": another process with the data directory open.
        const script = path.join(project.dir, "hold-data-dir.mts");
        fs.writeFileSync(script, [
          `import { createDatabase } from ${JSON.stringify(path.join(repoRoot, "src/db/create-database.ts"))};`,
          `const db = await createDatabase({ settings: { kind: "embedded", dataDir: process.env.DATA_DIR } });`,
          `process.stdout.write("ready\\n");`,
          `process.on("SIGTERM", () => { void db.close().then(() => process.exit(0)); });`,
          `setInterval(() => undefined, 1000);`,
        ].join("\n"));
        const holder = spawn(process.execPath, ["--import", "tsx", script], { cwd: repoRoot, env: { ...process.env, DATA_DIR: project.env["DASHBASE_DATA_DIR"] }, stdio: ["ignore", "pipe", "inherit"] });
        try {
          await new Promise<void>((resolve, reject) => {
            holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
            holder.on("exit", (code) => reject(new Error(`the holder exited early (${code})`)));
          });
          const blocked = await dashbaseDb(project, ["current", "--app", "app-v3.ts", "--json"]);
          assert.equal(blocked.code, 1);
          const error = blocked.json()["error"] as { code: string; message: string };
          assert.equal(error.code, "DASHBASE_E_DATA_DIR_LOCKED");
          assert.match(error.message, new RegExp(`in use by process ${holder.pid}`));
          assert.match(error.message, /stop that process/);
        } finally {
          const exited = new Promise((resolve) => holder.once("exit", resolve));
          holder.kill("SIGTERM");
          await exited;
        }
      });
    }
  });
}
