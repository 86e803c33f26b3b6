/**
 * PostgreSQL restarted in immediate mode while users save through the app: nothing a user was
 * told was saved is lost, the outage gives quick coded 503s, and the app recovers by itself.
 * Runs on a private server of its own so the machine's shared one is never touched.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { RunningApp } from "dashbase";
import { AppClient } from "../support/app-client.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";
import { canStartPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.js";

const available = canStartPrivatePostgres();
if (!available && process.env["CI"] === "true") throw new Error("CI=true but no PostgreSQL binaries to start a private server with");

describe("a database restart under write load", { skip: available ? false : "no PostgreSQL binaries on this machine" }, () => {
  let server: PrivatePostgres;
  let running: RunningApp;
  const acquireTimeoutMs = 1_000;

  before(async () => {
    server = await startPrivatePostgres();
    const settings = loadSettings({
      env: {
        DASHBASE_ENV: "test",
        DATABASE_URL: server.url,
        SESSION_SECRET: "s".repeat(40),
        DASHBASE_DB_POOL_MAX: "4",
        DASHBASE_DB_ACQUIRE_TIMEOUT_MS: String(acquireTimeoutMs),
        DASHBASE_DB_CONNECT_RETRY_MS: "5000",
      },
    });
    const db = await createDatabase({ settings: settings.database });
    await prepareNotes(db);
    await db.close();
    running = await notesApp().listen({ settings, port: 0, host: "127.0.0.1" });
  });

  after(async () => {
    await running?.close();
    server?.stop();
  });

  it("keeps every acknowledged save, answers the outage with quick coded 503s and recovers within seconds", async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => AppClient.open(running.url)));
    const acknowledged: string[] = [];
    const failures: Array<{ status: number; code: unknown; ms: number }> = [];
    const deadline = Date.now() + 7_000;
    let restartedAt = Number.POSITIVE_INFINITY;
    let firstSuccessAfterRestart = Number.POSITIVE_INFINITY;
    let sequence = 0;

    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await server.crashAndRestart(1_500);
      restartedAt = Date.now();
    })();

    await Promise.all(
      clients.map(async (client, index) => {
        while (Date.now() < deadline) {
          sequence += 1;
          const body = `note-${index}-${sequence}`;
          const started = Date.now();
          const answer = await client.callback({
            outputs: [{ id: "saved", property: "children" }],
            inputs: [{ id: "save", property: "n_clicks", value: sequence }],
            state: [{ id: "body", property: "value", value: body }],
          });
          const ms = Date.now() - started;
          if (answer.status === 200) {
            acknowledged.push(body);
            if (Date.now() > restartedAt) firstSuccessAfterRestart = Math.min(firstSuccessAfterRestart, Date.now());
          } else {
            failures.push({ status: answer.status, code: (answer.body as { error?: { code?: string } } | undefined)?.error?.code, ms });
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }),
    );
    await outage;

    assert.ok(acknowledged.length > 20, `saves went through before and after the outage (${acknowledged.length})`);
    assert.ok(failures.length > 0, "the outage was seen by the clients");
    for (const failure of failures) {
      assert.equal(failure.status, 503, `outage answers are 503, found ${JSON.stringify(failure)}`);
      assert.match(String(failure.code), /^DASHBASE_E_DB_(UNREACHABLE|BUSY|TIMEOUT)$/);
      assert.ok(failure.ms < acquireTimeoutMs + 4_000, `no request hangs past the configured wait (${failure.ms} ms)`);
    }
    assert.ok(firstSuccessAfterRestart - restartedAt < 10_000, "saves succeed again within seconds of the database returning");

    const db = await createDatabase({ settings: loadSettings({ env: { DATABASE_URL: server.url } }).database });
    try {
      const { rows } = await db.query<{ body: string }>("select body from notes");
      const stored = new Set(rows.map((row) => row.body));
      const lost = acknowledged.filter((body) => !stored.has(body));
      assert.deepEqual(lost, [], "every save that got a success answer is in the table");
    } finally {
      await db.close();
    }
    const health = await fetch(new URL("/_dashbase/health", running.url));
    assert.equal(health.status, 200, "the app is healthy again");
  });
});
