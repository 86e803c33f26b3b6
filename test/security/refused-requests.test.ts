/**
 * What a stranger's requests cannot do: a POST without a session cookie is refused before any
 * session row is made for it, and a failing health check does not tell the world where the
 * database lives.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";
import { fakeClientDir, testSettings } from "../server/support/app-harness.js";

after(dropServerDatabases);

for (const backend of backends) {
  describe(`refused requests on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    before(async () => {
      db = await backend.open();
      await prepareNotes(db);
      const app = notesApp();
      Object.assign(app.options, { server: { clientDir: fakeClientDir() } });
      server = await app.createServer({ settings: testSettings(), db });
    });
    after(async () => {
      await server.close();
      await db.close();
    });

    it("refuses a POST that carries no session cookie with 403 and makes no session for it", async () => {
      const count = async (): Promise<number> => (await db.query<{ n: number }>("select count(*) as n from dashbase_sessions")).rows[0]!.n;
      const before = await count();
      for (let i = 0; i < 5; i += 1) {
        const answer = await server.fastify.inject({
          method: "POST",
          url: "/_dashbase/persist",
          headers: { "x-dashbase-csrf": "guess" },
          payload: { id: "body", property: "value", value: "x" },
        });
        assert.equal(answer.statusCode, 403);
        assert.equal(answer.json<{ error: { code: string } }>().error.code, "DASHBASE_E_CSRF");
        assert.equal(answer.headers["set-cookie"], undefined);
      }
      assert.equal(await count(), before);
    });

    it("answers a failing health check with 503 and no host, port or path of the database", async () => {
      const other = await backend.open();
      const app = notesApp();
      Object.assign(app.options, { server: { clientDir: fakeClientDir() } });
      const broken = await app.createServer({ settings: testSettings(), db: other });
      await other.close(); // the database goes away under the running app
      try {
        const answer = await broken.fastify.inject({ method: "GET", url: "/_dashbase/health" });
        assert.equal(answer.statusCode, 503);
        assert.deepEqual(Object.keys(answer.json<{ database: object }>().database).sort(), ["driver", "latencyMs", "ok"]);
        assert.ok(!answer.body.includes(other.location), "the database's location stays in the log");
      } finally {
        await broken.close().catch(() => undefined);
      }
    });
  });
}
