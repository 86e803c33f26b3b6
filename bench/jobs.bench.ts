/**
 * Job throughput with an empty handler: dashbase's JobQueue (pg-boss over the app's own
 * Database handle, dashbase's worker loop with guarded completion) against pg-boss used directly
 * (its own pg pool and its own work() loop), on the same PostgreSQL server in the same run,
 * printed as ratios. On PGlite dashbase alone is measured.
 *
 *   npx tsx bench/jobs.bench.ts                                        # PGlite
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/jobs.bench.ts      # also PostgreSQL (or TEST_DATABASE_URL)
 *
 * Each side enqueues BENCH_JOBS jobs one send at a time (enqueue jobs/s), then runs them with
 * workers started only afterwards, until every one is completed (run jobs/s). dashbase runs 8 at
 * a time, each settled on its own (pg-boss's complete, guarded by dashbase's claim); pg-boss runs
 * two work() loops, each fetching a batch of up to 100 and completing it in one statement, then
 * waiting out its polling interval (0.5 s, its shortest).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { JobQueue } from "../src/jobs/job-queue.js";
import { JobRegistry } from "../src/jobs/job-registry.js";

const jobs = Number(process.env["BENCH_JOBS"] ?? 400);

interface Rates {
  enqueue: number;
  run: number;
}

const perSecond = (count: number, started: number) => count / ((performance.now() - started) / 1000);

async function waitCompleted(count: () => Promise<number>): Promise<void> {
  while ((await count()) < jobs) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function benchDashbase(db: Database): Promise<Rates> {
  const registry = new JobRegistry();
  registry.add("empty", () => undefined, { concurrency: 8 });
  const producer = await JobQueue.open({ db, registry, workers: false });
  let started = performance.now();
  for (let i = 0; i < jobs; i += 1) await producer.enqueue("empty", { i });
  const enqueue = perSecond(jobs, started);
  await producer.stop();
  started = performance.now();
  const worker = await JobQueue.open({ db, registry, timings: { pollMs: 500 } });
  await waitCompleted(async () => {
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::integer as n from dashbase_jobs.job where name = 'empty' and state = 'completed'",
    );
    return rows[0]?.n ?? 0;
  });
  const run = perSecond(jobs, started);
  await worker.stop();
  return { enqueue, run };
}

async function benchPgBoss(settings: PostgresDatabaseSettings): Promise<Rates> {
  const boss = new PgBoss({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    ...(settings.password === undefined ? {} : { password: settings.password }),
    max: 10,
    schema: "bench_pgboss",
    schedule: false,
    supervise: false,
  });
  boss.on("error", (error) => console.error(error));
  await boss.start();
  await boss.createQueue("empty");
  let started = performance.now();
  for (let i = 0; i < jobs; i += 1) await boss.send("empty", { i });
  const enqueue = perSecond(jobs, started);
  started = performance.now();
  for (let w = 0; w < 2; w += 1) await boss.work("empty", { batchSize: 100, pollingIntervalSeconds: 0.5 }, async () => undefined);
  const counter = new pg.Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
  });
  await counter.connect();
  await waitCompleted(async () => {
    const { rows } = await counter.query<{ n: number }>(
      "select count(*)::integer as n from bench_pgboss.job where name = 'empty' and state = 'completed'",
    );
    return rows[0]?.n ?? 0;
  });
  const run = perSecond(jobs, started);
  await counter.end();
  await boss.stop({ graceful: false });
  return { enqueue, run };
}

function line(name: string, rates: Rates): string {
  return `  ${name.padEnd(22)} enqueue ${rates.enqueue.toFixed(0).padStart(6)} jobs/s   run ${rates.run.toFixed(0).padStart(6)} jobs/s`;
}

console.log(`jobs: ${jobs} jobs with an empty handler`);
const embedded = await createDatabase({ settings: { kind: "embedded", dataDir: null } });
console.log("PGlite (embedded):");
console.log(line("dashbase", await benchDashbase(embedded)));
await embedded.close();

const url = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
if (url === undefined) console.log("\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on PostgreSQL, against pg-boss directly)");
else {
  const admin = loadSettings({ env: { DATABASE_URL: url } }).database as PostgresDatabaseSettings;
  const name = `dashbase_bench_${randomBytes(4).toString("hex")}`;
  const adminClient = new pg.Client({
    host: admin.host,
    port: admin.port,
    database: admin.database,
    user: admin.user,
    password: admin.password,
  });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  try {
    const settings: PostgresDatabaseSettings = { ...admin, database: name };
    const db = await createDatabase({ settings });
    const ours = await benchDashbase(db);
    await db.close();
    const theirs = await benchPgBoss(settings);
    console.log("PostgreSQL:");
    console.log(line("dashbase", ours));
    console.log(line("pg-boss directly", theirs));
    console.log(
      `  ratio dashbase/pg-boss: enqueue ${(ours.enqueue / theirs.enqueue).toFixed(2)}x, run ${(ours.run / theirs.run).toFixed(2)}x`,
    );
  } finally {
    await adminClient.query(`drop database if exists ${name} with (force)`);
    await adminClient.end();
  }
}
