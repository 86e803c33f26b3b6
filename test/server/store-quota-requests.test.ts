/**
 * The store's per-owner quota seen through requests: a callback's or an API route's store write
 * past the quota, and a user's persisted edit past it, answer 413 DASHBASE_E_STORE_QUOTA naming
 * the limit and the use; what was stored before stays. Through inject(), on every backend.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppServer, Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { notesApp, prepareNotes } from "../support/notes-app.js";
import { fakeClientDir, testSettings, TestClient } from "./support/app-harness.js";

after(dropServerDatabases);

const remember = (value: string) => ({
  callbackId: "remembered.children",
  outputs: [{ id: "remembered", property: "children" }],
  inputs: [{ id: "remember", property: "value", value }],
  state: [],
  changedPropIds: ["remember.value"],
});

function app() {
  const built = notesApp();
  Object.assign(built.options, { server: { clientDir: fakeClientDir(), logger: false }, store: { maxKeysPerOwner: 3 } });
  built.api.post("/api/keep/:key", async ({ store, request }) => {
    await store.set(request.params["key"]!, (request.body as { value?: unknown }).value ?? null);
    return { kept: await store.keys() };
  });
  return built;
}

interface ErrorAnswer {
  error: { code: string; message: string; details: Record<string, unknown> };
}

for (const backend of backends) {
  describe(`store quota through requests on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;

    before(async () => {
      db = await backend.open();
      await prepareNotes(db);
      server = await app().createServer({ settings: testSettings(), db });
    });
    after(async () => {
      await server.close();
      await db.close();
    });

    it("answers 413 DASHBASE_E_STORE_QUOTA to an API route, a callback and a persisted edit past the quota, keeping what was stored", async () => {
      const client = new TestClient(server);
      await client.open("/");
      assert.equal((await client.post("/api/keep/a", { value: 1 })).statusCode, 200);
      assert.equal((await client.post("/api/keep/b", { value: 2 })).statusCode, 200);
      assert.equal((await client.post("/_dashbase/persist", { id: "body", property: "value", value: "draft" })).statusCode, 204);
      // Three keys held (two in the default namespace, one persisted value): every new one is refused.
      const api = await client.post("/api/keep/c", { value: 3 });
      assert.equal(api.statusCode, 413, api.body);
      const answer = api.json<ErrorAnswer>();
      assert.equal(answer.error.code, "DASHBASE_E_STORE_QUOTA");
      assert.match(answer.error.message, /limit of 3 keys per owner: it holds 3 keys/);
      const callback = await client.post("/_dashbase/callback", remember("new value"));
      assert.equal(callback.statusCode, 413, callback.body);
      assert.equal(callback.json<ErrorAnswer>().error.code, "DASHBASE_E_STORE_QUOTA");
      const persisted = await client.post("/_dashbase/persist", { id: "remember", property: "value", value: "x" });
      assert.equal(persisted.statusCode, 413, persisted.body);
      // Nothing was lost or changed; replacing a held key still works.
      assert.equal((await client.post("/_dashbase/persist", { id: "body", property: "value", value: "draft 2" })).statusCode, 204);
      const kept = await client.post("/api/keep/a", { value: 10 });
      assert.deepEqual(kept.json(), { kept: ["a", "b"] });
      assert.match((await client.get("/_dashbase/layout?path=/")).body, /"id":"body","value":"draft 2"/);
      // Another browser has its own quota.
      const other = new TestClient(server);
      await other.open("/");
      assert.equal((await other.post("/api/keep/c", { value: 3 })).statusCode, 200);
    });
  });
}
