/**
 * Push and background callbacks across app processes on one PostgreSQL database: a tab whose
 * stream is open on process A receives a topic that a callback on process B published
 * (LISTEN/NOTIFY), and the progress and result of a background callback started on A, which runs
 * no job handlers (DASHBASE_JOBS_WORKERS=false), so another process must run it, even while the
 * same tab has a stale stream open on that process (a page reloaded behind a balancer). Under CI=true a missing
 * TEST_DATABASE_URL fails instead of skipping (test/support/backends.ts).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { AppClient } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { callbackFromTab, jobIdOf, newTabId, openTabStream, type TabStream } from "../support/push-client.js";
import { spawnBackgroundApp, type AppProcess } from "../support/spawn-app.js";

const postgres = backends.find((backend) => backend.name === "postgres");

function urlOf(settings: PostgresDatabaseSettings): string {
  return `postgres://${settings.user ?? "postgres"}@${settings.host}:${settings.port}/${settings.database}`;
}

describe(
  "push and background callbacks across processes on one PostgreSQL database",
  { skip: postgres ? false : "needs TEST_DATABASE_URL" },
  () => {
    /** A: web only (no job handlers); B and C: run jobs. */
    const apps: AppProcess[] = [];
    const streams: TabStream[] = [];

    before(async () => {
      const env = { DATABASE_URL: urlOf((await postgres!.settings()) as PostgresDatabaseSettings), SESSION_SECRET: "x".repeat(40) };
      // One after the other: the first creates dashbase's tables.
      apps.push(await spawnBackgroundApp({ ...env, DASHBASE_JOBS_WORKERS: "false" }));
      apps.push(await spawnBackgroundApp(env), await spawnBackgroundApp(env));
    });

    after(async () => {
      for (const stream of streams) stream.close();
      await Promise.all(apps.map((app) => app.kill("SIGKILL")));
      await dropServerDatabases();
    });

    it("delivers a topic published by a callback on process B to a tab whose stream is on process A", async () => {
      const [a, b, c] = apps as [AppProcess, AppProcess, AppProcess];
      const reader = await AppClient.open(a.url);
      const readerTab = newTabId();
      const onA = await openTabStream(reader, readerTab, ["news"]);
      streams.push(onA);
      // Another user, on another process.
      const writer = await AppClient.open(b.url);
      const published = await callbackFromTab(writer, newTabId(), {
        outputs: [{ id: "published", property: "children" }],
        inputs: [{ id: "publish", property: "n_clicks", value: 1 }],
      });
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.deepEqual(published.body, { response: { published: { children: `published by ${b.child.pid}` } } });
      const message = await onA.next((m) => m.kind === "topic" && m.topic === "news");
      assert.deepEqual(message.payload, { pid: b.child.pid, clicks: 1 });

      // And from the third process, to the same stream.
      const third = await callbackFromTab(await AppClient.open(c.url), newTabId(), {
        outputs: [{ id: "published", property: "children" }],
        inputs: [{ id: "publish", property: "n_clicks", value: 2 }],
      });
      assert.equal(third.status, 200);
      const again = await onA.next((m) => m.kind === "topic" && (m.payload as { pid?: number }).pid === c.child.pid);
      assert.deepEqual(again.payload, { pid: c.child.pid, clicks: 2 });
    });

    it("delivers to the tab on A the progress and result of a background callback that another process ran", async () => {
      const [a, b, c] = apps as [AppProcess, AppProcess, AppProcess];
      const user = await AppClient.open(a.url);
      const tab = newTabId();
      // The same tab also has streams open on the worker processes, as a page reloaded behind a
      // balancer leaves its old stream until the server notices the connection closing (the tab
      // id is kept across a reload): reports must still reach the live stream on A.
      for (const other of [b, c]) streams.push(await openTabStream(user, tab, [], other.url));
      const stream = await openTabStream(user, tab, []);
      streams.push(stream);
      const answer = await callbackFromTab(user, tab, {
        outputs: [{ id: "result", property: "children" }],
        inputs: [{ id: "start", property: "n_clicks", value: 1 }],
        state: [{ id: "key", property: "value", value: "quick-across" }],
      });
      const jobId = jobIdOf(answer);
      const result = await stream.next((m) => m.jobId === jobId && m.phase !== "progress");
      assert.equal(result.phase, "result", JSON.stringify(result));
      const ranOn = /^done quick-across on (\d+)$/.exec(String(result.response?.["result"]?.["children"]))?.[1];
      assert.ok(ranOn !== undefined, JSON.stringify(result));
      assert.notEqual(Number(ranOn), a.child.pid, "the web-only process ran no job");
      assert.ok(
        apps.slice(1).some((app) => app.child.pid === Number(ranOn)),
        `a worker process ran it (${ranOn})`,
      );
      const progress = stream.messages.filter((m) => m.jobId === jobId && m.phase === "progress");
      assert.deepEqual(
        progress.map((m) => m.response),
        [{ step: { children: `started on ${ranOn}` } }],
        "its progress report arrived before the result",
      );
      assert.ok(stream.messages.indexOf(progress[0]!) < stream.messages.indexOf(result));
    });
  },
);
