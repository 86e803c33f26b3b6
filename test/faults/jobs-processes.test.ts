/**
 * Durable jobs when processes die: an app process killed with SIGKILL mid-job (on PGlite and on
 * PostgreSQL) leaves a job that a restarted process finishes exactly once; two app processes on
 * one PostgreSQL database share 200 queued jobs, each done exactly once.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { backends, dropServerDatabases } from "../support/backends.js";
import { spawnJobsApp, type AppProcess } from "../support/spawn-app.js";
import { tempDir } from "../support/temp-dir.js";

interface Effect {
  job_id: string;
  attempt: number;
  pid: number;
  phase: "started" | "done";
}

const started: AppProcess[] = [];
after(async () => {
  await Promise.all(started.map((app) => app.kill("SIGKILL")));
  await dropServerDatabases();
});

async function spawn(env: Record<string, string>): Promise<AppProcess> {
  const app = await spawnJobsApp(env);
  started.push(app);
  return app;
}

async function enqueue(app: AppProcess, body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${app.url}/api/enqueue`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { id: string }).id;
}

async function effects(app: AppProcess): Promise<Effect[]> {
  const response = await fetch(`${app.url}/api/effects`);
  assert.equal(response.status, 200);
  return (await response.json()) as Effect[];
}

/** Polls until `check` holds (a generous cap, no timing assertion). */
async function until(check: () => Promise<boolean>, what: string, capMs = 120_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

function urlOf(settings: PostgresDatabaseSettings): string {
  return `postgres://${settings.user ?? "postgres"}@${settings.host}:${settings.port}/${settings.database}`;
}

for (const backend of backends) {
  describe(`a job whose process is killed on ${backend.name}`, () => {
    it("is run again by the restarted app and finishes exactly once", async () => {
      const env: Record<string, string> =
        backend.name === "pglite"
          ? { DASHBASE_DATA_DIR: path.join(tempDir("jobs-kill"), "data") }
          : { DATABASE_URL: urlOf((await backend.settings()) as PostgresDatabaseSettings), SESSION_SECRET: "j".repeat(40) };
      const first = await spawn(env);
      const id = await enqueue(first, { hang: true });
      await until(async () => (await effects(first)).some((row) => row.job_id === id && row.phase === "started"), "the first run to start");
      await first.kill("SIGKILL");
      const second = await spawn(env);
      await until(async () => (await effects(second)).some((row) => row.job_id === id && row.phase === "done"), "the job to finish");
      // A little longer, to see that nothing runs it again.
      await sleep(1_000);
      const rows = (await effects(second)).filter((row) => row.job_id === id);
      assert.equal(rows.filter((row) => row.phase === "done").length, 1, JSON.stringify(rows));
      assert.deepEqual(
        rows.filter((row) => row.phase === "started").map((row) => row.pid),
        [first.child.pid, second.child.pid],
      );
    });
  });
}

const postgres = backends.find((backend) => backend.name === "postgres");

describe("two app processes on one PostgreSQL database", { skip: postgres ? false : "needs TEST_DATABASE_URL" }, () => {
  it("share 200 queued jobs: each is done exactly once, and both processes worked", async () => {
    const env = { DATABASE_URL: urlOf((await postgres!.settings()) as PostgresDatabaseSettings), SESSION_SECRET: "j".repeat(40) };
    // One after the other: the first creates the tables.
    const apps = [await spawn(env), await spawn(env)];
    const ids: string[] = [];
    for (let i = 0; i < 200; i += 1) ids.push(await enqueue(apps[i % 2]!, { workMs: 10 }));
    await until(async () => (await effects(apps[0]!)).filter((row) => row.phase === "done").length >= 200, "200 jobs to finish");
    await sleep(500);
    const done = (await effects(apps[0]!)).filter((row) => row.phase === "done");
    assert.equal(done.length, 200);
    assert.deepEqual([...new Set(done.map((row) => row.job_id))].sort(), [...ids].sort());
    const pids = new Set(done.map((row) => row.pid));
    assert.deepEqual([...pids].sort(), apps.map((app) => app.child.pid).sort(), "both processes ran jobs");
  });
});
