/**
 * Two app processes on one PostgreSQL behind a load balancer that alternates per request: a
 * user's session, store values and persisted inputs work whichever process answers, and killing
 * one process loses no acknowledged write.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { AppClient } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy.js";
import { spawnNotesApp, type AppProcess } from "../support/spawn-app.js";

const postgres = backends.find((backend) => backend.name === "postgres");

function urlOf(settings: PostgresDatabaseSettings): string {
  return `postgres://${settings.user ?? "postgres"}@${settings.host}:${settings.port}/${settings.database}`;
}

describe("two app processes behind a load balancer", { skip: postgres ? false : "needs TEST_DATABASE_URL" }, () => {
  let databaseUrl: string;
  let apps: AppProcess[] = [];
  let proxy: RoundRobinProxy;

  before(async () => {
    databaseUrl = urlOf((await postgres!.settings()) as PostgresDatabaseSettings);
    const env = { DATABASE_URL: databaseUrl, SESSION_SECRET: "p".repeat(40) };
    // One after the other: both create dashbase's tables, and the first start must not race the second.
    apps = [await spawnNotesApp(env), await spawnNotesApp(env)];
    proxy = await startRoundRobinProxy(apps.map((app) => app.url));
  });

  after(async () => {
    await proxy?.close();
    await Promise.all(apps.map((app) => app.kill("SIGKILL")));
    await dropServerDatabases();
  });

  it("keeps a user's session, store values and persisted inputs whichever process answers", async () => {
    const user = await AppClient.open(proxy.url);
    const other = await AppClient.open(proxy.url);
    const remembered = await user.callback({
      outputs: [{ id: "remembered", property: "children" }],
      inputs: [{ id: "remember", property: "value", value: "blue" }],
    });
    assert.equal(remembered.status, 200);
    assert.equal((await user.persist("body", "value", "draft from process-agnostic user")).status, 204);

    const before = [...proxy.served];
    for (let i = 0; i < 6; i += 1) {
      const read = await user.callback({
        outputs: [{ id: "remembered", property: "children" }],
        inputs: [{ id: "remember", property: "value", value: "" }],
      });
      assert.equal(read.status, 200, "the CSRF token and cookie are accepted by both processes");
      assert.deepEqual(read.body, { response: { remembered: { children: "blue" } } });
      const layout = await user.layout("/");
      assert.match(JSON.stringify(layout.body), /draft from process-agnostic user/);
    }
    assert.ok(
      proxy.served.every((count, index) => count - before[index]! >= 6),
      `both processes answered: ${proxy.served}`,
    );

    const stranger = await other.callback({
      outputs: [{ id: "remembered", property: "children" }],
      inputs: [{ id: "remember", property: "value", value: "" }],
    });
    assert.deepEqual(stranger.body, { response: { remembered: { children: "" } } }, "another user sees nothing of it");
    assert.doesNotMatch(JSON.stringify((await other.layout("/")).body), /draft from/);
  });

  it("loses no acknowledged save when one process is killed under write load", async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => AppClient.open(proxy.url)));
    const acknowledged: string[] = [];
    let stop = false;
    let sequence = 0;
    const writers = clients.map(async (client, index) => {
      while (!stop) {
        sequence += 1;
        const body = `multi-${index}-${sequence}`;
        const answer = await client.callback({
          outputs: [{ id: "saved", property: "children" }],
          inputs: [{ id: "save", property: "n_clicks", value: sequence }],
          state: [{ id: "body", property: "value", value: body }],
        });
        if (answer.status === 200) acknowledged.push(body);
      }
    });
    while (acknowledged.length < 100) await new Promise((resolve) => setTimeout(resolve, 20));
    await apps[0]!.kill("SIGKILL");
    const atKill = acknowledged.length;
    while (acknowledged.length < atKill + 100) await new Promise((resolve) => setTimeout(resolve, 20));
    stop = true;
    await Promise.all(writers);

    const db = await createDatabase({ settings: loadSettings({ env: { DATABASE_URL: databaseUrl } }).database });
    try {
      const { rows } = await db.query<{ body: string }>("select body from notes where body like 'multi-%'");
      const stored = new Set(rows.map((row) => row.body));
      assert.deepEqual(
        acknowledged.filter((body) => !stored.has(body)),
        [],
        "every acknowledged save is stored",
      );
    } finally {
      await db.close();
    }
    assert.equal(apps[1]!.child.exitCode, null, "the surviving process keeps serving");
  });
});
