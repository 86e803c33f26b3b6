/**
 * PostgreSQL restarted in immediate mode while jobs run: every job enqueued before the outage
 * still finishes (completions that fail during the outage are retried, handlers that failed run
 * again). Runs on a private server of its own so the machine's shared one is never touched.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { JobQueue } from "../../src/jobs/job-queue.js";
import { JobRegistry } from "../../src/jobs/job-registry.js";
import type { JobContext } from "../../src/jobs/job-types.js";
import { canStartPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.js";

const available = canStartPrivatePostgres();
if (!available && process.env["CI"] === "true") throw new Error("CI=true but no PostgreSQL binaries to start a private server with");

describe("a database restart under job load", { skip: available ? false : "no PostgreSQL binaries on this machine" }, () => {
  let server: PrivatePostgres;
  let db: Database;
  let queue: JobQueue | undefined;

  before(async () => {
    server = await startPrivatePostgres();
    const settings = loadSettings({
      env: {
        DASHBASE_ENV: "test",
        DATABASE_URL: server.url,
        DASHBASE_DB_POOL_MAX: "4",
        DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "1000",
        DASHBASE_DB_CONNECT_RETRY_MS: "5000",
      },
    });
    db = await createDatabase({ settings: settings.database, onIdleError: () => undefined });
    await db.query("create table job_effects (job_id text not null, attempt integer not null)");
  });

  after(async () => {
    await queue?.stop();
    await db?.close();
    server?.stop();
  });

  it("finishes every job enqueued before the outage", async () => {
    const registry = new JobRegistry();
    registry.add(
      "work",
      async (_data: null, job: JobContext) => {
        await sleep(20);
        await job.db.query("insert into job_effects (job_id, attempt) values ($1, $2)", [job.id, job.attempt]);
      },
      { retries: 10, retryDelayMs: 1_000, backoff: false, concurrency: 4 },
    );
    queue = await JobQueue.open({
      db,
      registry,
      timings: { pollMs: 200, cancelPollMs: 500, heartbeatMs: 500, staleAfterMs: 30_000 },
      onError: () => undefined,
    });
    const ids: string[] = [];
    for (let i = 0; i < 120; i += 1) ids.push(await queue.enqueue("work", null));
    // Restart once some, not all, have run.
    for (;;) {
      const { rows } = await db.query<{ n: number }>("select count(*)::integer as n from job_effects");
      if ((rows[0]?.n ?? 0) >= 10) break;
      await sleep(20);
    }
    await server.crashAndRestart(1_500);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const done = await db
        .query<{ n: number }>("select count(*)::integer as n from dashbase_jobs.job where state = 'completed' and id = any($1::uuid[])", [
          ids,
        ])
        .catch(() => undefined);
      if (done?.rows[0]?.n === ids.length) break;
      if (Date.now() > deadline) {
        const states = await db.query("select state::text, count(*)::integer from dashbase_jobs.job group by 1");
        assert.fail(`not every job finished: ${JSON.stringify(states.rows)}`);
      }
      await sleep(200);
    }
    const { rows } = await db.query<{ job_id: string }>("select distinct job_id from job_effects");
    assert.deepEqual(rows.map((row) => row.job_id).sort(), [...ids].sort(), "every job's handler ran to its end");
  });
});
