/**
 * The migration runner's guarantees on every backend: a failing revision rolls back entirely and
 * names its statement, an edited applied revision is refused, concurrent upgrades apply each
 * revision once, and a possible rename without a hint stops generation.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { generateRevision } from "../../src/migrations/generate-revision.js";
import { createMigrator, migrationScript } from "../../src/migrations/migrator.js";
import { writeRevision } from "../../src/migrations/revision-files.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { pgliteTemplate } from "../support/template.js";
import { tempDir } from "../support/temp-dir.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Writes a hand-made revision after `parent` (as a user editing files would). */
function handRevision(dir: string, id: string, parent: string | null, up: string, down = ""): void {
  writeRevision(dir, { meta: { id, parent, message: `hand ${id}`, created: new Date().toISOString() }, up, down, snapshot: {} });
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>("select to_regclass($1) is not null as found", [name]);
  return rows[0]?.found === true;
}

for (const backend of backends) {
  describe(`migration runner on ${backend.name}`, () => {
    after(dropServerDatabases);

    it("rolls a failing revision back entirely and reports its statement and the database's message", async () => {
      const db = await backend.open();
      try {
        const dir = tempDir("runner");
        handRevision(dir, "0001", null, "create table first_one (id int);", "drop table first_one;");
        handRevision(
          dir,
          "0002",
          "0001",
          "create table half_done (id int);\ninsert into half_done values (1);\ninsert into missing_table values (1);",
          "drop table half_done;",
        );
        const report = await createMigrator(db, { dir }).upgrade();
        assert.equal(report.ok, false);
        assert.deepEqual(
          report.applied.map((revision) => revision.id),
          ["0001"],
        );
        assert.equal(report.current, "0001");
        assert.equal(report.failure?.code, "DASHBASE_E_MIGRATION_FAILED");
        assert.equal(report.failure?.revision, "0002");
        assert.equal(report.failure?.statement, "insert into missing_table values (1)");
        assert.match(report.failure?.message ?? "", /missing_table.*does not exist/);
        assert.equal(await tableExists(db, "half_done"), false, "the failing revision's first statements must be rolled back");
        assert.equal(await tableExists(db, "first_one"), true);
        assert.deepEqual(
          (await createMigrator(db, { dir }).pending()).map((revision) => revision.id),
          ["0002"],
        );
      } finally {
        await db.close();
      }
    });

    it("refuses to go on when an applied revision was edited, until it is restored or stamped", async () => {
      const db = await backend.open();
      try {
        const dir = tempDir("runner");
        handRevision(dir, "0001", null, "create table kept (id int);", "drop table kept;");
        const migrator = createMigrator(db, { dir });
        assert.equal((await migrator.upgrade()).ok, true);
        const upFile = path.join(dir, "0001_hand_0001", "up.sql");
        fs.writeFileSync(upFile, "create table kept (id int, extra text);");
        handRevision(dir, "0002", "0001", "create table later (id int);", "drop table later;");
        const refused = await migrator.upgrade();
        assert.equal(refused.ok, false);
        assert.equal(refused.failure?.code, "DASHBASE_E_MIGRATION_TAMPERED");
        assert.match(refused.failure?.message ?? "", /0001 was edited after it was applied/);
        assert.equal(await tableExists(db, "later"), false);
        assert.equal((await migrator.history()).find((revision) => revision.id === "0001")?.modified, true);
        assert.equal(await migrator.stamp("0001"), "0001");
        assert.equal((await migrator.upgrade()).ok, true);
        assert.equal(await tableExists(db, "later"), true);
      } finally {
        await db.close();
      }
    });

    it("downgrades by steps and to base, stamps, and prints SQL between revisions without a database", async () => {
      const db = await backend.open();
      try {
        const dir = tempDir("runner");
        handRevision(dir, "0001", null, "create table a (id int);", "drop table a;");
        handRevision(dir, "0002", "0001", "create table b (id int);", "drop table b;");
        handRevision(dir, "0003", "0002", "create table c (id int);", "drop table c;");
        const migrator = createMigrator(db, { dir });
        assert.deepEqual(
          (await migrator.upgrade("0002")).applied.map((revision) => revision.id),
          ["0001", "0002"],
        );
        assert.equal(await migrator.current(), "0002");
        assert.deepEqual(
          (await migrator.upgrade()).applied.map((revision) => revision.id),
          ["0003"],
        );
        const down = await migrator.downgrade("-2");
        assert.deepEqual(
          down.applied.map((revision) => revision.id),
          ["0003", "0002"],
        );
        assert.equal(down.current, "0001");
        assert.equal((await migrator.downgrade("base")).current, null);
        assert.equal(await tableExists(db, "a"), false);
        const wrongWay = await migrator.downgrade("0003");
        assert.equal(wrongWay.ok, false);
        assert.equal(wrongWay.failure?.code, "DASHBASE_E_MIGRATION_UNKNOWN_REVISION");
        assert.equal(await migrator.stamp("head"), "0003");
        assert.equal((await migrator.pending()).length, 0);
        const script = migrationScript(dir, "head", "0001");
        assert.equal(script.direction, "down");
        assert.deepEqual(script.revisions, ["0003", "0002"]);
        assert.match(script.sql, /drop table c;[\s\S]*drop table b;/);
      } finally {
        await db.close();
      }
    });

    it("stops generation at a possible rename and shows the --rename and --drop to add", async () => {
      const dir = tempDir("runner");
      await generateRevision({
        models: { users: pgTable("users", { id: serial("id").primaryKey(), name: text("name") }) },
        dir,
        message: "users",
      });
      const renamed = { users: pgTable("users", { id: serial("id").primaryKey(), fullName: text("full_name") }) };
      await assert.rejects(generateRevision({ models: renamed, dir }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_MIGRATION_RENAME_HINT"));
        assert.match(error.message, /--rename users\.name=full_name/);
        assert.match(error.message, /--drop users\.name/);
        return true;
      });
      const dropped = await generateRevision({ models: renamed, dir, drops: ["users.name"] });
      assert.equal(dropped.created, true);
      assert.match(dropped.up, /-- dashbase: MAY LOSE DATA: drops column "users"."name"/);
      assert.deepEqual(dropped.warnings, ['drops column "users"."name" and its values']);
    });

    if (backend.name === "postgres") {
      it("applies each revision once when two processes upgrade at the same time", async () => {
        const settings = await backend.settings();
        const dir = tempDir("runner");
        for (let i = 1; i <= 6; i += 1) {
          const id = `000${i}`;
          // pg_sleep widens the window in which the two processes overlap.
          handRevision(
            dir,
            id,
            i === 1 ? null : `000${i - 1}`,
            `${i === 1 ? "create table runs (revision text primary key);\n" : ""}select pg_sleep(0.05);\ninsert into runs values ('${id}');`,
          );
        }
        const script = path.join(dir, "upgrade-child.mts");
        fs.writeFileSync(
          script,
          [
            `import { createDatabase } from ${JSON.stringify(path.join(repoRoot, "src/db/create-database.ts"))};`,
            `import { createMigrator } from ${JSON.stringify(path.join(repoRoot, "src/migrations/migrator.ts"))};`,
            `const db = await createDatabase({ settings: JSON.parse(process.env.SETTINGS) });`,
            `const report = await createMigrator(db, { dir: process.env.DIR }).upgrade();`,
            `await db.close();`,
            `process.stdout.write(JSON.stringify({ ok: report.ok, applied: report.applied.map((r) => r.id), failure: report.failure }));`,
          ].join("\n"),
        );
        const runChild = (): Promise<{ ok: boolean; applied: string[]; failure?: unknown }> =>
          new Promise((resolve, reject) => {
            const child = spawn(process.execPath, ["--import", "tsx", script], {
              cwd: repoRoot,
              env: { ...process.env, SETTINGS: JSON.stringify(settings), DIR: dir },
            });
            let out = "";
            let err = "";
            child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
            child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
            child.on("error", reject);
            child.on("exit", (code) =>
              code === 0
                ? resolve(JSON.parse(out) as { ok: boolean; applied: string[] })
                : reject(new Error(`child exited ${code}: ${err}`)),
            );
          });
        const [first, second] = await Promise.all([runChild(), runChild()]);
        assert.equal(first.ok, true, JSON.stringify(first.failure));
        assert.equal(second.ok, true, JSON.stringify(second.failure));
        const all = [...first.applied, ...second.applied].sort();
        assert.deepEqual(
          all,
          ["0001", "0002", "0003", "0004", "0005", "0006"],
          "every revision applied exactly once across both processes",
        );
        const db = await createDatabase({ settings });
        try {
          const { rows } = await db.query<{ n: number }>("select count(*)::int as n from runs");
          assert.equal(rows[0]?.n, 6);
          const applied = await db.query<{ n: number }>("select count(*)::int as n from dashbase_migrations");
          assert.equal(applied.rows[0]?.n, 6);
        } finally {
          await db.close();
        }
      });
    } else {
      it("refuses a second process on the embedded data directory, so upgrades cannot overlap there", async () => {
        const dataDir = path.join(tempDir("runner"), "data");
        const template = await pgliteTemplate();
        const db = await createDatabase({ settings: { kind: "embedded", dataDir }, template });
        try {
          await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir } }), (error: unknown) =>
            isDashbaseError(error, "DASHBASE_E_DATA_DIR_LOCKED"),
          );
        } finally {
          await db.close();
        }
      });
    }
  });
}
