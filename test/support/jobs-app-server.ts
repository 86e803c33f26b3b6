/**
 * An app with durable jobs in a process of its own, configured by the environment like a
 * deployed app (DATABASE_URL or DASHBASE_DATA_DIR). Its job `effect` records each run in
 * `job_effects` (started, then done) and, for `{ hang: true }` on its first attempt, never
 * finishes (the process is killed mid-job). `POST /api/enqueue` enqueues one, `GET /api/effects`
 * lists the rows. Prints "listening <url>" once it serves.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createApp, html, type Database } from "dashbase";
import { loadSettings } from "dashbase/config";

const app = createApp({ title: "jobs" });
const effects = `create table if not exists job_effects (job_id text not null, attempt integer not null, pid integer not null, phase text not null)`;

/**
 * Creates the table once, whoever asks first: two `create table if not exists` at the same
 * moment (a job and a request) can collide on PostgreSQL's catalog (a unique violation).
 */
function ensureEffects(db: Database): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(4242)");
    await tx.query(effects);
  });
}

const effect = app.job<{ hang?: boolean; workMs?: number }>(
  "effect",
  async (data, job) => {
    await ensureEffects(job.db);
    await job.db.query("insert into job_effects (job_id, attempt, pid, phase) values ($1, $2, $3, 'started')", [
      job.id,
      job.attempt,
      process.pid,
    ]);
    if (data.hang === true && job.attempt === 1) await new Promise(() => undefined);
    if (data.workMs !== undefined) await sleep(data.workMs);
    await job.db.query("insert into job_effects (job_id, attempt, pid, phase) values ($1, $2, $3, 'done')", [
      job.id,
      job.attempt,
      process.pid,
    ]);
  },
  { retries: 3, retryDelayMs: 0, backoff: false, concurrency: 2 },
);

app.page("/", { layout: html.Div("jobs") });
app.api.post("/api/enqueue", async ({ enqueue, request }) => ({ id: await enqueue(effect, request.body as { hang?: boolean }) }), {
  csrf: false,
});
app.api.get("/api/effects", async ({ db }) => {
  await ensureEffects(db);
  return (await db.query("select job_id, attempt, pid, phase from job_effects order by job_id, attempt, phase")).rows;
});

const running = await app.listen({ settings: loadSettings(), host: "127.0.0.1" });
process.stdout.write(`listening ${running.url}\n`);
