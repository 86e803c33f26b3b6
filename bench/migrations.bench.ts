/**
 * Migrations benchmark (not asserted anywhere): run with `npx tsx bench/migrations.bench.ts`.
 *
 * 1. Upgrading 50 revisions through the runner (a transaction, the advisory lock and a bookkeeping
 *    row per revision) against a baseline of the same SQL sent as one raw script.
 * 2. `generateRevision` on a 100-table schema against a baseline of drizzle-kit's own
 *    generateDrizzleJson + generateMigration for the same change (dashbase adds the down diff,
 *    the rename check, data-loss notes and the files).
 *
 * Runs on the embedded database; set BENCH_DATABASE_URL to also measure a PostgreSQL server
 * (each run uses a fresh database created and dropped on that server).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { index, integer, pgTable, serial, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import pg from "pg";
import { loadSettings } from "dashbase/config";
import type { DatabaseSettings, PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { generateRevision } from "../src/migrations/generate-revision.js";
import { createMigrator } from "dashbase/migrations";
import { writeRevision } from "../src/migrations/revision-files.js";

const revisionCount = 50;
const tableCount = 100;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-bench-"));
}

function revisionSql(i: number): { up: string; down: string } {
  return {
    up: `CREATE TABLE "t${i}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL,\n\t"n" integer DEFAULT 0\n);\n\nCREATE INDEX "t${i}_name_idx" ON "t${i}" USING btree ("name");\n\nINSERT INTO "t${i}" ("name") VALUES ('a'), ('b'), ('c');\n`,
    down: `DROP TABLE "t${i}" CASCADE;\n`,
  };
}

async function withFreshDatabase<T>(kind: "pglite" | "postgres", fn: (db: Database) => Promise<T>): Promise<T> {
  let settings: DatabaseSettings = { kind: "embedded", dataDir: null };
  let drop: (() => Promise<void>) | undefined;
  if (kind === "postgres") {
    const admin = loadSettings({ env: { DATABASE_URL: process.env["BENCH_DATABASE_URL"] } }).database as PostgresDatabaseSettings;
    const name = `dashbase_bench_${randomBytes(4).toString("hex")}`;
    const run = async (sql: string): Promise<void> => {
      const client = new pg.Client({
        host: admin.host,
        port: admin.port,
        user: admin.user,
        password: admin.password,
        database: admin.database,
      });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await run(`CREATE DATABASE ${name}`);
    settings = { ...admin, database: name };
    drop = () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const db = await createDatabase({ settings });
  try {
    return await fn(db);
  } finally {
    await db.close();
    await drop?.();
  }
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function benchUpgrade(kind: "pglite" | "postgres"): Promise<void> {
  const dir = tempDir();
  for (let i = 1; i <= revisionCount; i += 1) {
    const id = `r${String(i).padStart(3, "0")}`;
    writeRevision(dir, {
      meta: { id, parent: i === 1 ? null : `r${String(i - 1).padStart(3, "0")}`, message: `table ${i}`, created: new Date().toISOString() },
      ...revisionSql(i),
      snapshot: {},
    });
  }
  const script = Array.from({ length: revisionCount }, (_, i) => revisionSql(i + 1).up).join("\n");
  const baseline = await withFreshDatabase(kind, (db) => time(() => db.transaction((tx) => tx.exec(script))));
  const runner = await withFreshDatabase(kind, async (db) => {
    const elapsed = await time(async () => {
      const report = await createMigrator(db, { dir }).upgrade();
      if (!report.ok) throw new Error(report.failure?.message);
    });
    return elapsed;
  });
  console.log(
    `[${kind}] upgrade ${revisionCount} revisions: runner ${runner.toFixed(0)} ms, one raw script ${baseline.toFixed(0)} ms, ratio ${(runner / baseline).toFixed(2)}x`,
  );
}

function schema(withExtra: boolean): Record<string, unknown> {
  const models: Record<string, unknown> = {};
  let previousId: AnyPgColumn | undefined;
  for (let i = 0; i < tableCount; i += 1) {
    const parentId = previousId;
    const table = pgTable(
      `bench_${i}`,
      {
        id: serial("id").primaryKey(),
        name: text("name").notNull(),
        amount: integer("amount").default(0),
        createdAt: timestamp("created_at", { withTimezone: true }).defaultNow(),
        parentId: parentId === undefined ? integer("parent_id") : integer("parent_id").references(() => parentId),
        ...(withExtra ? { note: text("note") } : {}),
      },
      (t) => [index(`bench_${i}_name_idx`).on(t.name)],
    );
    models[`bench${i}`] = table;
    previousId = table.id;
  }
  return models;
}

async function benchGenerate(): Promise<void> {
  const before = schema(false);
  const afterChange = schema(true);
  const dir = tempDir();
  const first = await time(() => generateRevision({ models: before, dir, message: "100 tables" }));
  const change = await time(() => generateRevision({ models: afterChange, dir, message: "a column on every table" }));
  const baseline = await time(async () => {
    const a = generateDrizzleJson(before);
    const b = generateDrizzleJson(afterChange);
    await generateMigration(a, b);
  });
  console.log(
    `generate on ${tableCount} tables: first revision ${first.toFixed(0)} ms; adding a column to each table ${change.toFixed(0)} ms vs drizzle-kit's one-way diff ${baseline.toFixed(0)} ms, ratio ${(change / baseline).toFixed(2)}x`,
  );
}

await benchUpgrade("pglite");
if (process.env["BENCH_DATABASE_URL"]) await benchUpgrade("postgres");
await benchGenerate();
