/**
 * Ten times more concurrent requests than pool connections: every request completes or gets a
 * coded 503 quickly, and afterwards the pool is idle with nothing leaked.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { AppClient } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";

after(dropServerDatabases);

for (const backend of backends) {
  describe(`pool oversubscription on ${backend.name}`, () => {
    it("answers 20 concurrent slow callbacks on a pool of 2 with successes or coded 503s, and leaves the pool idle", async () => {
      const base = await backend.settings();
      const database =
        base.kind === "postgres"
          ? ({ ...base, pool: { ...base.pool, max: 2, acquireTimeoutMs: 300 } } satisfies PostgresDatabaseSettings)
          : base;
      const db = await createDatabase({ settings: database });
      await prepareNotes(db);
      const settings = { ...loadSettings({ env: { DASHBASE_ENV: "test", SESSION_SECRET: "o".repeat(40) } }), database };
      const running = await notesApp().listen({ settings, db, port: 0, host: "127.0.0.1" });
      try {
        const clients: AppClient[] = [];
        for (let i = 0; i < 20; i += 1) clients.push(await AppClient.open(running.url));
        const started = Date.now();
        const answers = await Promise.all(
          clients.map((client, i) =>
            client.callback({
              outputs: [{ id: "slow-out", property: "children" }],
              inputs: [{ id: "slow", property: "n_clicks", value: i + 1 }],
            }),
          ),
        );
        const elapsed = Date.now() - started;
        const codes = answers.map((answer) =>
          answer.status === 200 ? "ok" : `${answer.status} ${(answer.body as { error?: { code?: string } }).error?.code}`,
        );
        for (const code of codes) assert.match(code, /^(ok|503 DASHBASE_E_DB_BUSY)$/, `unexpected answer ${code}`);
        assert.ok(codes.includes("ok"), "some requests were served");
        if (backend.name === "postgres")
          assert.ok(
            codes.some((code) => code !== "ok"),
            "a pool of 2 cannot serve 20 x 200 ms within 300 ms each",
          );
        assert.ok(elapsed < 20 * 200 + 5_000, `no request waited beyond its bound (${elapsed} ms)`);

        const stats = db.poolStats();
        assert.equal(stats.waiting, 0, "nobody waits for a connection afterwards");
        assert.equal(stats.idle, stats.total, "every connection went back to the pool");
        assert.ok(stats.total <= stats.max);
        const after = await clients[0]!.callback({
          outputs: [{ id: "slow-out", property: "children" }],
          inputs: [{ id: "slow", property: "n_clicks", value: 99 }],
        });
        assert.equal(after.status, 200, "the app serves normally once the burst is over");
      } finally {
        await running.close();
        await db.close();
      }
    });
  });
}
