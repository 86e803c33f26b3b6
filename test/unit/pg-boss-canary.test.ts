/**
 * dashbase leans on pg-boss 10's SQL and behaviour (src/jobs/job-sql.ts reads its `job` table;
 * job-worker.ts settles runs with its complete/fail inside dashbase transactions), so pg-boss is
 * pinned exactly. This canary fails, loudly, when an upgrade changes what that code assumes:
 * the version and schema version, the job table's columns and state order, and the results of
 * fetch, complete, fail, cancel, retry and resume.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, it } from "node:test";
import { createDatabase } from "dashbase/db";
import { openBoss, bossDbOver } from "../../src/jobs/job-boss.js";
import { jobSchema } from "../../src/jobs/job-sql.js";

const root = path.join(import.meta.dirname, "..", "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

it("pins pg-boss 10.4.2 exactly, and that is the version installed (schema version 24)", () => {
  const ours = readJson(path.join(root, "package.json")) as { dependencies: Record<string, string> };
  assert.equal(ours.dependencies["pg-boss"], "10.4.2");
  const installed = path.join(root, "node_modules", "pg-boss");
  assert.equal(readJson(path.join(installed, "package.json"))["version"], "10.4.2");
  assert.equal(readJson(path.join(installed, "version.json"))["schema"], 24);
});

const db = await createDatabase({ settings: { kind: "embedded", dataDir: null } });
const boss = await openBoss(db, { maintenance: false, onError: (error) => assert.fail(String(error)) });
after(async () => {
  await boss.stop({ graceful: false, close: false });
  await db.close();
});

it("keeps the job columns and the state order dashbase's own SQL reads", async () => {
  const { rows } = await db.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = $1 and table_name = 'job' order by column_name",
    [jobSchema],
  );
  const columns = rows.map((row) => row.column_name);
  for (const column of [
    "id",
    "name",
    "data",
    "state",
    "output",
    "retry_count",
    "retry_limit",
    "started_on",
    "start_after",
    "created_on",
    "completed_on",
    "singleton_key",
    "retry_backoff",
  ])
    assert.ok(columns.includes(column), `job.${column}`);
  const states = await db.query<{ state: string }>(`select unnest(enum_range(null::${jobSchema}.job_state))::text as state`);
  assert.deepEqual(
    states.rows.map((row) => row.state),
    ["created", "retry", "active", "completed", "cancelled", "failed"],
  );
  // job-boss.ts calls pg-boss's queue function itself, under dashbase's advisory lock.
  const createQueue = await db.query<{ found: string | null }>("select to_regprocedure($1)::text as found", [
    `${jobSchema}.create_queue(text,json)`,
  ]);
  assert.equal(createQueue.rows[0]?.found, `${jobSchema}.create_queue(text,json)`);
  const archive = await db.query<{ found: string | null }>("select to_regclass($1)::text as found", [`${jobSchema}.archive`]);
  assert.equal(archive.rows[0]?.found, `${jobSchema}.archive`);
});

it("fetches with started_on set, completes only active jobs, fails to retry with backoff, and answers { affected }", async () => {
  await boss.createQueue("canary", { name: "canary", retryLimit: 1, retryDelay: 1, retryBackoff: true });
  const id = await db.transaction((tx) => boss.send("canary", { owner: "o", data: 1 }, { db: bossDbOver(tx) }));
  assert.equal(typeof id, "string");
  const [job] = (await boss.fetch("canary", { batchSize: 1, includeMetadata: true })) as unknown as {
    id: string;
    retryCount: number;
    data: unknown;
  }[];
  assert.equal(job?.id, id);
  assert.deepEqual(job?.data, { owner: "o", data: 1 });
  assert.equal(job?.retryCount, 0);
  const failed = (await boss.fail("canary", id!, { message: "x" })) as unknown as { affected: number };
  assert.equal(failed.affected, 1);
  const retry = await db.query<{ state: string; later: boolean; started: boolean }>(
    `select state::text as state, start_after > now() as later, started_on is not null as started from ${jobSchema}.job where id = $1`,
    [id],
  );
  assert.deepEqual(retry.rows[0], { state: "retry", later: true, started: true });
  // A completion of a job that is not active changes nothing.
  assert.equal(((await boss.complete("canary", id!)) as unknown as { affected: number }).affected, 0);
  assert.equal(((await boss.cancel("canary", id!)) as unknown as { affected: number }).affected, 1);
  assert.equal(((await boss.resume("canary", id!)) as unknown as { affected: number }).affected, 1);
  await db.query(`update ${jobSchema}.job set start_after = now() - interval '1 second' where id = $1`, [id]);
  const [again] = (await boss.fetch("canary", { batchSize: 1, includeMetadata: true })) as unknown as { retryCount: number }[];
  // Fetched again after a start: pg-boss counts the retry.
  assert.equal(again?.retryCount, 1);
  assert.equal(((await boss.fail("canary", id!, { message: "y" })) as unknown as { affected: number }).affected, 1);
  const final = await db.query<{ state: string }>(`select state::text as state from ${jobSchema}.job where id = $1`, [id]);
  assert.equal(final.rows[0]?.state, "failed");
  assert.equal(((await boss.retry("canary", id!)) as unknown as { affected: number }).affected, 1);
});
