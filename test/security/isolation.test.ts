/**
 * One browser can never read or change another's store values, persisted inputs or own rows,
 * through any endpoint: the page shell's boot data, client-side layouts, callbacks, persist, a
 * DataTable bound with `where(session)` (whatever its filter says), API routes, and the
 * dependencies list. Browser A fills every kind of state with marked values; browser B then
 * uses every endpoint, and no answer B gets carries A's marks; B's writes leave A's state alone.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { ensureClientBuilt } from "../support/browser.js";
import { notesAppWithRoutes } from "../support/fuzz-app.js";
import { prepareNotes } from "../support/notes-app.js";
import { TestClient, testSettings } from "../server/support/app-harness.js";

const mark = "A-PRIVATE";

const call = (
  callbackId: string,
  output: [string, string],
  inputs: Array<[string, string, unknown]>,
  state: Array<[string, string, unknown]> = [],
) => ({
  callbackId,
  outputs: [{ id: output[0], property: output[1] }],
  inputs: inputs.map(([id, property, value]) => ({ id, property, value })),
  state: state.map(([id, property, value]) => ({ id, property, value })),
  changedPropIds: inputs.map(([id, property]) => `${id}.${property}`),
});

after(dropServerDatabases);

for (const backend of backends) {
  describe(`isolation between browsers on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    let a: TestClient;
    let b: TestClient;
    /** Every answer body B received, to search for A's marks at the end. */
    const seenByB: string[] = [];

    const asB = async (answer: Promise<{ body: string; statusCode: number }>) => {
      const got = await answer;
      seenByB.push(got.body);
      return got;
    };

    before(async () => {
      await ensureClientBuilt();
      db = await backend.open();
      await prepareNotes(db);
      server = await notesAppWithRoutes().createServer({ db, settings: testSettings() });
      a = new TestClient(server);
      b = new TestClient(server);
      await a.open("/");
      const ok = async (answer: Promise<{ statusCode: number; body: string }>) => {
        const got = await answer;
        assert.ok(got.statusCode < 300, got.body);
      };
      await ok(a.post("/_dashbase/persist", { id: "body", property: "value", value: `${mark} draft` }));
      await ok(a.post("/_dashbase/persist", { id: "prefs", property: "data", value: { secret: `${mark} prefs` } }));
      await ok(
        a.post(
          "/_dashbase/callback",
          call("remembered.children", ["remembered", "children"], [["remember", "value", `${mark} remembered`]]),
        ),
      );
      await ok(
        a.post(
          "/_dashbase/callback",
          call("saved.children", ["saved", "children"], [["save", "n_clicks", 1]], [["body", "value", `${mark} note`]]),
        ),
      );
      await ok(a.post("/api/notes", { body: `${mark} api note` }));
      await ok(a.post("/api/echo", { secret: `${mark} echo` }));
      await b.open("/");
    });

    after(async () => {
      await server?.close();
      await db?.close();
    });

    it("A sees its own state everywhere (the marks are really there)", async () => {
      assert.match((await a.open("/")).answer.body, /A-PRIVATE draft/);
      assert.match((await a.get("/_dashbase/layout?path=/table")).body, /A-PRIVATE prefs/);
      const mine = (await a.get("/api/mine")).json();
      assert.equal(mine.remembered, `${mark} remembered`);
      assert.deepEqual(mine.notes.sort(), [`${mark} api note`, `${mark} note`]);
      assert.equal((await a.post("/_dashbase/table/my-notes", {})).json().total, 2);
    });

    it("B's page shells and layouts carry the defaults, not A's persisted values", async () => {
      for (const path of ["/", "/table"]) {
        const shell = await asB(b.get(path));
        assert.equal(shell.statusCode, 200);
        const layout = await asB(b.get(`/_dashbase/layout?path=${encodeURIComponent(path)}`));
        assert.equal(layout.statusCode, 200);
      }
      assert.match(seenByB[0]!, /"id":"body","value":"",/, "B's shell has the input's default");
      assert.match(seenByB[3]!, /"id":"prefs","storage_type":"server","data":null/, "B's layout has the store's default");
      await asB(b.get("/_dashbase/dependencies"));
    });

    it("B's callbacks see B's store and B's rows only", async () => {
      const remembered = await asB(
        b.post("/_dashbase/callback", call("remembered.children", ["remembered", "children"], [["remember", "value", ""]])),
      );
      assert.deepEqual(JSON.parse(remembered.body), { response: { remembered: { children: "" } } });
      const mine = await asB(
        b.post("/_dashbase/callback", call("mine.children", ["mine", "children"], [["saved", "children", "saved #1"]])),
      );
      assert.deepEqual(JSON.parse(mine.body), { response: { mine: { children: [] } } });
    });

    it("B's table shows none of A's rows, whatever the filter, sort or page", async () => {
      for (const body of [
        {},
        { filter: { body: mark } },
        { filter: { body: "%" } },
        { filter: { body: "_" } },
        { filter: { body: "' OR '1'='1" } },
        { filter: { seq: ">=0" } },
        { sortBy: [{ column: "body", direction: "asc" }], pageSize: 500 },
        { page: 1 },
      ]) {
        const answer = await asB(b.post("/_dashbase/table/my-notes", body));
        assert.equal(answer.statusCode, 200, answer.body);
        assert.equal(JSON.parse(answer.body).total, 0, JSON.stringify(body));
      }
    });

    it("B's API routes read B's store and rows only", async () => {
      const mine = await asB(b.get("/api/mine"));
      assert.deepEqual(JSON.parse(mine.body), { remembered: null, notes: [] });
      const echo = await asB(b.post("/api/echo", { mine: "B" }));
      assert.deepEqual(JSON.parse(echo.body), { echo: { mine: "B" } });
    });

    it("B's writes through every endpoint leave A's state alone", async () => {
      await asB(b.post("/_dashbase/persist", { id: "body", property: "value", value: "B draft" }));
      await asB(b.post("/_dashbase/persist", { id: "prefs", property: "data", value: { secret: "B prefs" } }));
      await asB(
        b.post("/_dashbase/callback", call("remembered.children", ["remembered", "children"], [["remember", "value", "B remembered"]])),
      );
      await asB(
        b.post(
          "/_dashbase/callback",
          call("saved.children", ["saved", "children"], [["save", "n_clicks", 1]], [["body", "value", "B note"]]),
        ),
      );
      await asB(b.post("/api/remember", { value: "B api remembered" }));
      await asB(b.post("/api/notes", { body: "B api note" }));
      assert.match((await a.get("/_dashbase/layout?path=/")).body, /A-PRIVATE draft/);
      assert.match((await a.get("/_dashbase/layout?path=/table")).body, /A-PRIVATE prefs/);
      const mine = (await a.get("/api/mine")).json();
      assert.equal(mine.remembered, `${mark} remembered`);
      assert.deepEqual(mine.notes.sort(), [`${mark} api note`, `${mark} note`]);
      assert.equal((await a.post("/_dashbase/table/my-notes", {})).json().total, 2);
      assert.match((await asB(b.get("/_dashbase/layout?path=/"))).body, /B draft/, "B's own writes did land, in B's state");
    });

    it("no answer B received carried any of A's values", () => {
      assert.ok(seenByB.length > 20);
      const leaks = seenByB.filter((body) => body.includes(mark));
      assert.deepEqual(
        leaks.map((body) => body.slice(0, 200)),
        [],
      );
    });
  });
}
