/**
 * The preferences example (examples/preferences), over the wire on both backends: its revision
 * applies, a choice is saved (one row per indicator) and listed in the visitor's table on the
 * Saved page, a bad name is refused naming the field and saves nothing, and the choice is shown
 * again when the same visitor opens the page a second time (`persistence: "server"`).
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/preferences/app.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "preferences", "migrations");

/**
 * Clicks Save as the renderer does: its request lists `indicators.value` under `persist`, because
 * that output is a server-persisted prop of the page (`TestVisitor.callback` sends no such list).
 */
async function save(visitor: TestVisitor, name: unknown, indicators: unknown) {
  const { boot } = await visitor.open("/");
  const listed = (boot["dependencies"] ?? []) as Array<{ id: string; outputs: Array<{ id: unknown }> }>;
  const callbackId = listed.find((dependency) => dependency.outputs.some((output) => output.id === "result"))?.id;
  assert.ok(callbackId, "the Choose page lists the Save callback");
  const answer = await visitor.post("/_dashbase/callback", {
    callbackId,
    outputs: ["name-error", "indicators-error", "result"]
      .map((id) => ({ id, property: "children" }))
      .concat([{ id: "indicators", property: "value" }]),
    inputs: [{ id: "save", property: "n_clicks", value: 1 }],
    state: [
      { id: "name", property: "value", value: name },
      { id: "indicators", property: "value", value: indicators },
    ],
    changedPropIds: ["save.n_clicks"],
    persist: ["indicators.value"],
  });
  assert.equal(answer.status, 200, answer.text);
  return (answer.body as { response: Record<string, Record<string, unknown>> }).response;
}

type Page = { rows: Array<Record<string, unknown>>; total: number };

/** The persisted props of a component in a page's boot layout. */
function component(boot: Record<string, unknown>, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  JSON.stringify(boot["layout"], (_key, value: unknown) => {
    if (typeof value === "object" && value !== null && (value as Record<string, unknown>)["id"] === id)
      found = value as Record<string, unknown>;
    return value;
  });
  return found;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the preferences example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let ada: TestVisitor;

    before(async () => {
      db = await backend.open();
      test = await openTestApp(app, { db, migrationsDir, seed: true });
      ada = await test.visitor("/");
    });
    after(async () => {
      await test?.close();
      await db?.close();
    });

    it("passes the startup checks (every callback's ids on a page, one callback per output)", async () => {
      await app.validate();
    });

    it("serves both pages", async () => {
      assert.equal((await ada.get("/")).status, 200);
      assert.equal((await ada.get("/saved")).status, 200);
    });

    it("refuses an empty or overlong name, naming the field, and saves nothing", async () => {
      const empty = await save(ada, "   ", [1]);
      assert.equal(empty["name-error"]!["children"], "expected your name, found nothing");
      assert.equal(empty["indicators-error"]!["children"], "");
      assert.equal(empty["result"]!["children"], "Nothing was saved.");
      const long = await save(ada, "x".repeat(101), [1]);
      assert.equal(long["name-error"]!["children"], "expected at most 100 characters, found 101");
      const none = await save(ada, "Ada", []);
      assert.equal(none["indicators-error"]!["children"], "expected at least one indicator, found none");
      const unknown = await save(ada, "Ada", [6]);
      assert.equal(unknown["indicators-error"]!["children"], "expected an indicator from 1 to 5, found 6");
      assert.deepEqual((await ada.table("preferences", { path: "/saved" })).body, { rows: [], total: 0, page: 0, pageSize: 20 });
    });

    it("saves a choice, one row per indicator, and lists it on the Saved page", async () => {
      // What the renderer sends as the visitor types and ticks (persistence: "server").
      assert.equal((await ada.persist("name", "value", " Ada ")).status, 204);
      assert.equal((await ada.persist("indicators", "value", [3, 1])).status, 204);
      const saved = await save(ada, " Ada ", [3, 1]);
      assert.equal(saved["result"]!["children"], "Saved for Ada: Power production, Population.");
      assert.deepEqual(saved["indicators"]!["value"], [1, 3]);
      const page = (await ada.table("preferences", { path: "/saved", sortBy: [{ column: "selection", direction: "asc" }] })).body as Page;
      assert.equal(page.total, 2);
      assert.deepEqual(
        page.rows.map((row) => [row["userName"], row["selection"], row["legend"]]),
        [
          ["Ada", 1, "Population"],
          ["Ada", 3, "Power production"],
        ],
      );
    });

    it("shows the same visitor their choice again on a second open of the page", async () => {
      const again = await ada.open("/");
      assert.deepEqual(component(again.boot, "indicators")?.["value"], [1, 3]);
      assert.equal(component(again.boot, "name")?.["value"], " Ada ");
      const stranger = await test.visitor();
      const theirs = await stranger.open("/");
      assert.deepEqual(component(theirs.boot, "indicators")?.["value"], []);
      assert.equal(
        ((await stranger.table("preferences", { path: "/saved" })).body as Page).total,
        0,
        "another visitor sees none of Ada's rows",
      );
    });

    it("has the database refuse an indicator outside 1-5 behind the form's check", async () => {
      await assert.rejects(
        db.exec("insert into user_preferences (user_name, selection, legend, owner) values ('x', 9, 'x', 'x')"),
        /user_preferences_selection_range|check/i,
      );
    });
  });
}
