/**
 * A background callback whose process is killed (SIGKILL) mid-job, on PGlite (a data directory)
 * and on PostgreSQL: a new process on the same database runs the job again, it completes exactly
 * once, and its result reaches the session: the same tab id polled afresh (the page reloaded)
 * receives `phase: "result"`. The callback is started over HTTP with the cookie and CSRF token of
 * a page load and a tab id, as the page does. Under CI=true a missing TEST_DATABASE_URL fails
 * (test/support/backends.ts).
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { AppClient } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { callbackFromTab, jobIdOf, newTabId, pollTab, type TabMessage } from "../support/push-client.js";
import { spawnBackgroundApp, type AppProcess } from "../support/spawn-app.js";
import { tempDir } from "../support/temp-dir.js";

interface Effect {
  key: string;
  pid: number;
  phase: "started" | "done";
}

const started: AppProcess[] = [];
after(async () => {
  await Promise.all(started.map((app) => app.kill("SIGKILL")));
  await dropServerDatabases();
});

async function spawn(env: Record<string, string>): Promise<AppProcess> {
  const app = await spawnBackgroundApp(env);
  started.push(app);
  return app;
}

async function effects(app: AppProcess, key: string): Promise<Effect[]> {
  const response = await fetch(`${app.url}/api/effects`);
  assert.equal(response.status, 200);
  return ((await response.json()) as Effect[]).filter((row) => row.key === key);
}

async function release(app: AppProcess, key: string): Promise<void> {
  const response = await fetch(`${app.url}/api/release`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key }),
  });
  assert.equal(response.status, 200, await response.text());
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
  describe(`a background callback whose process is killed on ${backend.name}`, () => {
    it("is run again by a new process, completes exactly once, and its result reaches the reloaded tab", async () => {
      const env: Record<string, string> = {
        SESSION_SECRET: "b".repeat(40),
        ...(backend.name === "pglite"
          ? { DASHBASE_DATA_DIR: path.join(tempDir("bg-kill"), "data") }
          : { DATABASE_URL: urlOf((await backend.settings()) as PostgresDatabaseSettings) }),
      };
      const first = await spawn(env);
      const user = await AppClient.open(first.url);
      const tab = newTabId();
      const key = `kill-${backend.name}`;
      const answer = await callbackFromTab(user, tab, {
        outputs: [{ id: "result", property: "children" }],
        inputs: [{ id: "start", property: "n_clicks", value: 1 }],
        state: [{ id: "key", property: "value", value: key }],
      });
      const jobId = jobIdOf(answer);
      await until(async () => (await effects(first, key)).some((row) => row.phase === "started"), "the first run to start");
      await first.kill("SIGKILL");

      const second = await spawn(env);
      await until(
        async () => (await effects(second, key)).filter((row) => row.phase === "started" && row.pid === second.child.pid).length > 0,
        "the new process to run the job again",
      );
      await release(second, key);
      await until(async () => (await effects(second, key)).some((row) => row.phase === "done"), "the job to finish");

      // The page is reloaded: the same tab id polls afresh, with the cookie of the first page load.
      const received: TabMessage[] = [];
      let last: number | undefined;
      await until(async () => {
        const polled = await pollTab(user, tab, last, second.url);
        received.push(...polled.messages);
        last = polled.last;
        return received.some((message) => message.jobId === jobId && message.phase === "result");
      }, "the result to reach the session");
      const results = received.filter((message) => message.jobId === jobId && message.phase === "result");
      assert.equal(results.length, 1, JSON.stringify(received));
      assert.deepEqual(results[0]!.response, { result: { children: `done ${key} on ${second.child.pid}` } });

      // A little longer, to see that nothing runs it again.
      await sleep(1_500);
      const rows = await effects(second, key);
      assert.deepEqual(
        rows.filter((row) => row.phase === "done").map((row) => row.pid),
        [second.child.pid],
        `completed exactly once, by the new process: ${JSON.stringify(rows)}`,
      );
      assert.deepEqual(
        rows.filter((row) => row.phase === "started").map((row) => row.pid),
        [first.child.pid, second.child.pid],
        "the killed run left a started row only",
      );
      const more = await pollTab(user, tab, last, second.url);
      assert.deepEqual(
        more.messages.filter((message) => message.jobId === jobId && message.phase === "result"),
        [],
        "one result message",
      );
    });
  });
}
