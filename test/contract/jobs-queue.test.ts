/**
 * The durable job queue on every backend: runs, retries, timeouts, cancel (here and from
 * another queue on the same database), the per-owner limit under concurrency, coded refusals
 * and a graceful stop that loses nothing.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { JobQueue } from "../../src/jobs/job-queue.js";
import { JobRegistry } from "../../src/jobs/job-registry.js";
import type { JobContext, JobOptions } from "../../src/jobs/job-types.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const timings = { pollMs: 200, cancelPollMs: 100, heartbeatMs: 200, staleAfterMs: 2_000, shutdownGraceMs: 3_000 };

/** Polls `check` until it returns a value other than undefined (no wall-clock assertion: a generous cap only). */
async function until<T>(check: () => Promise<T | undefined>, what: string, capMs = 60_000): Promise<T> {
  const deadline = Date.now() + capMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

async function stateOf(queue: JobQueue, id: string, state: string): Promise<true | undefined> {
  return (await queue.get(id))?.state === state ? true : undefined;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`job queue on ${backend.name}`, () => {
    const open: { queues: JobQueue[]; dbs: Database[] } = { queues: [], dbs: [] };
    after(async () => {
      for (const queue of open.queues) await queue.stop();
      for (const db of open.dbs) await db.close();
    });

    async function setup(
      declare: (registry: JobRegistry) => void,
    ): Promise<{ db: Database; queue: JobQueue; registry: JobRegistry; errors: unknown[] }> {
      const db = await backend.open();
      open.dbs.push(db);
      const registry = new JobRegistry();
      declare(registry);
      const errors: unknown[] = [];
      const queue = await JobQueue.open({ db, registry, timings, onError: (error) => errors.push(error) });
      open.queues.push(queue);
      return { db, queue, registry, errors };
    }

    it("runs the handler once with its data and owner, and completes the job with what it returned", async () => {
      const seen: { data: unknown; owner: string | undefined; attempt: number }[] = [];
      const { queue } = await setup((registry) =>
        registry.add("echo", async (data: { n: number }, job: JobContext) => {
          seen.push({ data, owner: job.owner, attempt: job.attempt });
          return { doubled: data.n * 2 };
        }),
      );
      const id = await queue.enqueue("echo", { n: 21 }, { owner: "owner-a" });
      await until(() => stateOf(queue, id, "completed"), "completion");
      const job = await queue.get(id);
      assert.deepEqual(seen, [{ data: { n: 21 }, owner: "owner-a", attempt: 1 }]);
      assert.equal(job?.owner, "owner-a");
      assert.deepEqual(job?.data, { n: 21 });
      assert.deepEqual(job?.output, { doubled: 42 });
      assert.equal((await queue.list({ name: "echo" })).length, 1);
    });

    it("retries a throwing handler with backoff, then leaves the job failed with the error", async () => {
      let runs = 0;
      const options: JobOptions = { retries: 1, retryDelayMs: 1_000, backoff: true };
      const { queue, db } = await setup((registry) =>
        registry.add(
          "flaky",
          () => {
            runs += 1;
            throw new Error(`boom ${runs}`);
          },
          options,
        ),
      );
      const id = await queue.enqueue("flaky", null);
      await until(() => stateOf(queue, id, "retry"), "the first retry");
      const { rows } = await db.query<{ later: boolean; backoff: boolean }>(
        "select start_after > now() as later, retry_backoff as backoff from dashbase_jobs.job where id = $1",
        [id],
      );
      assert.deepEqual(rows[0], { later: true, backoff: true });
      await until(() => stateOf(queue, id, "failed"), "failure");
      const job = await queue.get(id);
      assert.equal(runs, 2);
      assert.equal(job?.attempts, 2);
      assert.match(String((job?.output as { message?: string }).message), /boom 2/);
    });

    it("aborts the signal when the handler runs past its timeout, and fails the run with DASHBASE_E_JOB_TIMEOUT", async () => {
      let reason: unknown;
      const { queue } = await setup((registry) =>
        registry.add(
          "slow",
          (_data: null, job: JobContext) =>
            new Promise((resolve) =>
              job.signal.addEventListener("abort", () => {
                reason = job.signal.reason;
                resolve(undefined);
              }),
            ),
          { timeoutMs: 1_000, retries: 0 },
        ),
      );
      const id = await queue.enqueue("slow", null);
      await until(() => stateOf(queue, id, "failed"), "the timeout");
      assert.ok(isDashbaseError(reason, "DASHBASE_E_JOB_TIMEOUT"));
      assert.equal(((await queue.get(id))?.output as { code?: string }).code, "DASHBASE_E_JOB_TIMEOUT");
    });

    it("cancels a queued job before it runs", async () => {
      let ran = false;
      const { queue } = await setup((registry) => registry.add("later", () => void (ran = true)));
      const id = await queue.enqueue("later", {}, { startAfterMs: 600_000 });
      assert.equal(await queue.cancel(id), true);
      assert.equal((await queue.get(id))?.state, "cancelled");
      assert.equal(await queue.cancel(id), false);
      assert.equal(ran, false);
    });

    it("cancels a running job: its signal aborts, here at once and from another queue within its poll", async () => {
      const aborted: string[] = [];
      const started = new Set<string>();
      const { queue, db, registry } = await setup((registry) =>
        registry.add(
          "long",
          (_data: null, job: JobContext) =>
            new Promise((resolve) => {
              started.add(job.id);
              job.signal.addEventListener("abort", () => {
                aborted.push(job.id);
                resolve(undefined);
              });
            }),
          { concurrency: 2 },
        ),
      );
      const here = await queue.enqueue("long", null);
      const there = await queue.enqueue("long", null);
      await until(async () => (started.has(here) && started.has(there) ? true : undefined), "both runs to start");
      assert.equal(await queue.cancel(here, { owner: "someone-else" }), false);
      assert.equal(await queue.cancel(here), true);
      // Another process: a queue without workers on the same database.
      const other = await JobQueue.open({ db, registry, workers: false, timings });
      open.queues.push(other);
      assert.equal(await other.cancel(there), true);
      await until(async () => (aborted.length === 2 ? true : undefined), "both signals to abort");
      assert.equal((await queue.get(here))?.state, "cancelled");
      assert.equal((await queue.get(there))?.state, "cancelled");
    });

    it("allows exactly perOwnerLimit unfinished jobs per owner under 20 concurrent enqueues", async () => {
      const { queue } = await setup((registry) => registry.add("limited", () => undefined, { perOwnerLimit: 5 }));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => queue.enqueue("limited", {}, { owner: "owner-b", startAfterMs: 600_000 })),
      );
      const accepted = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter(
        (result) => result.status === "rejected" && isDashbaseError(result.reason, "DASHBASE_E_JOB_LIMIT") && result.reason.status === 429,
      );
      assert.equal(accepted.length, 5);
      assert.equal(refused.length, 15);
      // Another owner has its own count.
      await queue.enqueue("limited", {}, { owner: "owner-c", startAfterMs: 600_000 });
    });

    it("returns the unfinished job's id for a repeated singletonKey", async () => {
      const { queue } = await setup((registry) => registry.add("single", () => undefined));
      const first = await queue.enqueue("single", 1, { singletonKey: "k", startAfterMs: 600_000 });
      assert.equal(await queue.enqueue("single", 2, { singletonKey: "k" }), first);
      assert.notEqual(await queue.enqueue("single", 3, { singletonKey: "other", startAfterMs: 600_000 }), first);
    });

    it("refuses an unknown job name and data that is not JSON with coded errors", async () => {
      const { queue } = await setup((registry) => registry.add("known", () => undefined));
      await assert.rejects(queue.enqueue("unknown", {}), (error) => isDashbaseError(error, "DASHBASE_E_JOB_UNKNOWN"));
      const cycle: Record<string, unknown> = {};
      cycle["self"] = cycle;
      for (const bad of [10n, () => 1, undefined, cycle])
        await assert.rejects(queue.enqueue("known", bad), (error) => isDashbaseError(error, "DASHBASE_E_JOB_DATA"));
    });

    it("stops gracefully: running handlers see their signal abort, and an unfinished job runs again after a restart", async () => {
      let runs = 0;
      const started: string[] = [];
      const declare = (registry: JobRegistry) =>
        registry.add("resumable", (_data: null, job: JobContext) => {
          runs += 1;
          started.push(job.id);
          if (runs > 1) return "done";
          return new Promise((_resolve, reject) => job.signal.addEventListener("abort", () => reject(job.signal.reason)));
        });
      const { queue, db } = await setup(declare);
      const id = await queue.enqueue("resumable", null);
      await until(async () => (started.length === 1 ? true : undefined), "the first run");
      await queue.stop();
      const job = await queue.get(id);
      assert.equal(job?.state, "created");
      const registry = new JobRegistry();
      declare(registry);
      const again = await JobQueue.open({ db, registry, timings });
      open.queues.push(again);
      await until(() => stateOf(again, id, "completed"), "the second run");
      assert.equal(runs, 2);
    });
  });
}
