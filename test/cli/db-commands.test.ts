/**
 * `dashbase db ...` run in-process with its output captured: the `--json` documents are parsed,
 * exit codes checked, on every backend.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { backends, dropServerDatabases, type Backend } from "../support/backends.js";
import { pgliteTemplate } from "../support/template.js";
import { tempDir } from "../support/temp-dir.js";

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

/** Runs `dashbase db <argv>` through src/cli/main.ts with captured streams; main returns the exit code. */
async function dashbaseDb(project: Pick<Project, "dir" | "env">, argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(["db", ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: project.env,
    cwd: project.dir,
  });
  assert.equal(process.exitCode, undefined, "the exit code is returned, not left in process.exitCode");
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

/** App files are written into a temp folder that borrows this repository's node_modules. */
function writeApp(dir: string, file: string, models: string, seed = ""): void {
  fs.writeFileSync(
    path.join(dir, file),
    [
      `import { pgTable, serial, text, integer } from "drizzle-orm/pg-core";`,
      models,
      `export default { models: { notes }, migrationsDir: ${JSON.stringify(path.join(dir, "migrations"))}${seed === "" ? "" : `, seed: ${seed}`} };`,
    ].join("\n"),
  );
}

async function newProject(backend: Backend): Promise<Project> {
  const dir = tempDir("cli");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  const seed = `async (db) => { await db.query("insert into notes (id, title) values (1, 'welcome') on conflict (id) do nothing"); }`;
  writeApp(
    dir,
    "app-v1.ts",
    `export const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull() });`,
    seed,
  );
  writeApp(
    dir,
    "app-v2.ts",
    `export const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull(), stars: integer("stars").default(0) });`,
    seed,
  );
  writeApp(
    dir,
    "app-v3.ts",
    `export const notes = pgTable("notes", { id: serial("id").primaryKey(), heading: text("heading").notNull(), stars: integer("stars").default(0) });`,
  );
  if (backend.name === "pglite") {
    const dataDir = path.join(dir, "data");
    // Start the data directory from the template: the CLI then opens it without initdb's seconds.
    await (await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() })).close();
    return {
      dir,
      env: { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: dataDir },
      open: () => createDatabase({ settings: { kind: "embedded", dataDir } }),
    };
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
      for (const file of ["up.sql", "down.sql", "snapshot.json", "revision.json"])
        assert.ok(fs.existsSync(path.join(created.revision.dir, file)), file);

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

      const history = (await dashbaseDb(project, ["history", "--app", "app-v2.ts", "--json"])).json() as {
        current: string;
        revisions: { id: string; applied: boolean }[];
      };
      assert.equal(history.current, secondId);
      assert.deepEqual(
        history.revisions.map((revision) => [revision.id, revision.applied]),
        [
          [created.revision.id, true],
          [secondId, true],
        ],
      );

      const sql = (await dashbaseDb(project, ["sql", "base:head", "--app", "app-v2.ts", "--json"])).json() as {
        sql: string;
        revisions: string[];
      };
      assert.match(sql.sql, /CREATE TABLE "notes"[\s\S]*ADD COLUMN "stars"/);
      const plainSql = await dashbaseDb(project, ["sql", "head:base", "--app", "app-v2.ts"]);
      assert.match(plainSql.stdout, /DROP COLUMN "stars"/);

      const down = await dashbaseDb(project, ["downgrade", "--app", "app-v2.ts", "--json"]);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(down.json()["current"], created.revision.id);
      const { database, envFiles, ...current } = (await dashbaseDb(project, ["current", "--app", "app-v2.ts", "--json"])).json();
      assert.deepEqual(current, { ok: true, current: created.revision.id, pending: [secondId] });
      assert.equal((database as { kind: string }).kind, backend.name === "pglite" ? "embedded" : "postgres");
      assert.deepEqual(envFiles, []);
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
      assert.equal(
        (await dashbaseDb(project, ["seed", "--app", "app-v2.ts", "--json"])).code,
        1,
        "app-v2 seeds a column the renamed table no longer has",
      );
      writeApp(
        project.dir,
        "app-seed.ts",
        `export const notes = pgTable("notes", { id: serial("id").primaryKey(), heading: text("heading").notNull() });`,
        `async (db) => { await db.query("insert into notes (id, heading) values (1, 'welcome') on conflict (id) do nothing"); }`,
      );
      assert.equal((await dashbaseDb(project, ["seed", "--app", "app-seed.ts"])).code, 0);
      assert.equal((await dashbaseDb(project, ["seed", "--app", "app-seed.ts"])).code, 0);
      assert.equal(await count(project, "notes"), 1);
    });

    it("refuses a reset in production without --force, and off a terminal without --yes", async () => {
      // No SESSION_SECRET: the db tools never need it, so reset's own refusal is what shows.
      const production = {
        ...project,
        env: { ...project.env, DASHBASE_ENV: "production", DASHBASE_DATABASE: backend.name === "pglite" ? "embedded" : undefined },
      };
      const refused = await dashbaseDb(production, ["reset", "--yes", "--app", "app-v3.ts", "--json"]);
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.equal((refused.json()["error"] as { code: string }).code, "DASHBASE_E_DB_RESET_REFUSED");
      const current = await dashbaseDb(production, ["current", "--app", "app-v3.ts"]);
      assert.equal(current.code, 0, current.stderr);
      assert.match(current.stdout, /^database: .* \(profile production\)\n/);
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

    it("exits 2 on usage errors, every error coded in text and in --json", async () => {
      assert.equal((await dashbaseDb(project, ["sql", "nonsense", "--app", "app-v3.ts"])).code, 2);
      const unknown = await dashbaseDb(project, ["upgrade", "--no-such-option"]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown option '--no-such-option' \[DASHBASE_E_CLI_USAGE\]/);
      const unknownJson = await dashbaseDb(project, ["upgrade", "--no-such-option", "--json"]);
      assert.equal(unknownJson.code, 2);
      assert.deepEqual(unknownJson.json()["error"], { code: "DASHBASE_E_CLI_USAGE", message: "unknown option '--no-such-option'" });
      const noApp = await dashbaseDb(project, ["current", "--app", "missing.ts", "--json"]);
      assert.equal(noApp.code, 1);
      assert.equal((noApp.json()["error"] as { code: string }).code, "DASHBASE_E_APP_FILE");
      const noAppText = await dashbaseDb(project, ["history", "--app", "missing.ts"]);
      assert.match(noAppText.stderr, /no app file at .*missing\.ts.*\[DASHBASE_E_APP_FILE\]/);
      const help = await dashbaseDb(project, ["upgrade", "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--app <file>/);
    });

    it("says first which database and profile it acts on, in text and in --json", async () => {
      const text = await dashbaseDb(project, ["current", "--app", "app-v3.ts"]);
      assert.equal(text.code, 0, text.stderr);
      const first = text.stdout.split("\n")[0]!;
      if (backend.name === "pglite") assert.equal(first, `database: embedded ${project.env["DASHBASE_DATA_DIR"]} (profile test)`);
      else assert.match(first, /^database: postgres:\/\/[^ ]+@[^ ]+:\d+\/dashbase_t_[0-9a-f]+ \(profile test\)$/);
      const json = await dashbaseDb(project, ["history", "--app", "app-v3.ts", "--json"]);
      const document = json.json();
      assert.equal(Object.keys(document)[0], "database");
      const database = document["database"] as Record<string, unknown>;
      assert.equal(database["profile"], "test");
      if (backend.name === "pglite")
        assert.deepEqual(database, {
          kind: "embedded",
          dataDir: project.env["DASHBASE_DATA_DIR"],
          profile: "test",
          source: "DASHBASE_DATA_DIR",
        });
      else assert.deepEqual(database, { kind: "postgres", url: project.env["DATABASE_URL"], profile: "test", source: "DATABASE_URL" });
      // A failure says where it was going too.
      const failed = (await dashbaseDb(project, ["upgrade", "no-such-revision", "--app", "app-v3.ts", "--json"])).json();
      assert.deepEqual(failed["database"], database);
    });

    it("tells a database changed by hand from a model change, and does not send the first to generate", async () => {
      const db = await project.open();
      try {
        await db.exec("alter table notes add column scribble text");
      } finally {
        await db.close();
      }
      try {
        const byHand = await dashbaseDb(project, ["check", "--app", "app-v3.ts"]);
        assert.equal(byHand.code, 3, byHand.stderr);
        assert.match(byHand.stdout, /DROP COLUMN "scribble"/);
        assert.match(byHand.stdout, /the database was changed outside the revisions/);
        assert.match(byHand.stdout, /`dashbase db generate` would write nothing/);
        assert.match(byHand.stdout, /Revert the manual change .*`dashbase db downgrade` and `dashbase db upgrade`/);
        assert.doesNotMatch(byHand.stdout, /write a revision/);
        assert.equal((await dashbaseDb(project, ["check", "--app", "app-v3.ts", "--json"])).json()["changedByHand"], true);
        assert.equal(
          (await dashbaseDb(project, ["generate", "--app", "app-v3.ts", "--json"])).json()["created"],
          false,
          "generate indeed writes nothing",
        );
        // app-v2 is behind the newest revision: that difference is for a revision (or another app file).
        const modelChange = await dashbaseDb(project, ["check", "--app", "app-v2.ts", "--json"]);
        assert.equal(modelChange.json()["changedByHand"], false);
        assert.match(
          (await dashbaseDb(project, ["check", "--app", "app-v2.ts"])).stdout,
          /The models changed since the newest revision: write a revision .*`dashbase db generate`/,
        );
      } finally {
        const undo = await project.open();
        await undo.exec("alter table notes drop column scribble");
        await undo.close();
      }
      assert.equal((await dashbaseDb(project, ["check", "--app", "app-v3.ts"])).code, 0);
    });

    if (backend.name === "postgres") {
      it("refuses a reset while another dashbase process is connected, naming it; --force goes ahead", async () => {
        // The "app": a dashbase pool on the same database, with its connection open.
        assert.equal((await dashbaseDb(project, ["seed", "--app", "app-seed.ts"])).code, 0);
        const app = await project.open();
        try {
          await app.query("select 1");
          const refused = await dashbaseDb(project, ["reset", "--yes", "--app", "app-v3.ts", "--json"]);
          assert.equal(refused.code, 1, refused.stdout);
          const error = refused.json()["error"] as { code: string; message: string };
          assert.equal(error.code, "DASHBASE_E_DB_IN_USE");
          assert.match(error.message, /1 other dashbase connection is open to it \(pid \d+/);
          assert.match(error.message, /stop the app first, or add --force/);
          assert.equal(await count(project, "notes"), 1, "nothing was dropped");
          const forced = await dashbaseDb(project, ["reset", "--yes", "--force", "--app", "app-v3.ts", "--json"]);
          assert.equal(forced.code, 0, forced.stdout);
          assert.equal(await count(project, "notes"), 0);
        } finally {
          await app.close();
        }
      });
    }

    if (backend.name === "pglite") {
      it("lets an explicit DASHBASE_DATA_DIR win over PGHOST/PGPORT/PGUSER, saying so; DATABASE_URL with it is an error", async () => {
        // PGPORT=1: had the server been chosen, the command would fail to connect.
        const shell = { ...project, env: { ...project.env, PGHOST: "127.0.0.1", PGPORT: "1", PGUSER: "postgres" } };
        const text = await dashbaseDb(shell, ["current", "--app", "app-v3.ts"]);
        assert.equal(text.code, 0, text.stderr);
        const [first, second] = text.stdout.split("\n");
        assert.equal(first, `database: embedded ${project.env["DASHBASE_DATA_DIR"]} (profile test)`);
        assert.match(
          second!,
          /is used because DASHBASE_DATA_DIR is set, which wins over PGHOST, PGPORT, PGUSER; set DASHBASE_DATABASE=postgres/,
        );
        const json = (await dashbaseDb(shell, ["current", "--app", "app-v3.ts", "--json"])).json();
        assert.match((json["database"] as { notice: string }).notice, /wins over PGHOST/);

        const both = { ...project, env: { ...project.env, DATABASE_URL: "postgres://app:hunter2@127.0.0.1:1/app" } };
        const refused = await dashbaseDb(both, ["upgrade", "--app", "app-v3.ts", "--json"]);
        assert.equal(refused.code, 1);
        const error = refused.json()["error"] as { code: string; message: string };
        assert.equal(error.code, "DASHBASE_E_CONFIG");
        assert.match(error.message, /DATABASE_URL and DASHBASE_DATA_DIR are both set/);
        assert.doesNotMatch(refused.stdout, /hunter2/);
        const chosen = await dashbaseDb({ ...both, env: { ...both.env, DASHBASE_DATABASE: "embedded" } }, [
          "current",
          "--app",
          "app-v3.ts",
        ]);
        assert.equal(chosen.code, 0, chosen.stderr);
        assert.match(chosen.stdout, /because DASHBASE_DATABASE=embedded; the PostgreSQL server named by DATABASE_URL is not/);
      });

      it("stops with what to do when a running app holds the embedded data directory", async () => {
        // The "app": another process with the data directory open.
        const script = path.join(project.dir, "hold-data-dir.mts");
        fs.writeFileSync(
          script,
          [
            `import { createDatabase } from ${JSON.stringify(path.join(repoRoot, "src/db/create-database.ts"))};`,
            `const db = await createDatabase({ settings: { kind: "embedded", dataDir: process.env.DATA_DIR } });`,
            `process.stdout.write("ready\\n");`,
            `process.on("SIGTERM", () => { void db.close().then(() => process.exit(0)); });`,
            `setInterval(() => undefined, 1000);`,
          ].join("\n"),
        );
        const holder = spawn(process.execPath, ["--import", "tsx", script], {
          cwd: repoRoot,
          env: { ...process.env, DATA_DIR: project.env["DASHBASE_DATA_DIR"] },
          stdio: ["ignore", "pipe", "inherit"],
        });
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
          assert.match(error.message, new RegExp(`stop that process \\(pid ${holder.pid}`));
          assert.match(error.message, /DATABASE_URL/);
          assert.doesNotMatch(error.message, /db serve/, "db serve would stop at the same lock");
          const reset = await dashbaseDb(project, ["reset", "--yes", "--app", "app-v3.ts", "--json"]);
          assert.equal(
            (reset.json()["error"] as { code: string }).code,
            "DASHBASE_E_DATA_DIR_LOCKED",
            "reset cannot reach a database the app holds",
          );
        } finally {
          const exited = new Promise((resolve) => holder.once("exit", resolve));
          holder.kill("SIGTERM");
          await exited;
        }
      });
    }
  });
}
