/**
 * @module
 * The app through its wire protocol, on a fresh in-memory database with the migrations applied:
 * no browser, no port. `npm test` runs it.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { openTestApp, type TestApp } from "dashbase/testing";
import app from "../app.js";

describe("notes", () => {
  let test: TestApp;
  before(async () => {
    test = await openTestApp(app, { migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)) });
  });
  after(() => test.close());

  it("serves the page", async () => {
    const visitor = await test.visitor();
    assert.equal((await visitor.get("/")).status, 200);
  });

  it("adds a note and lists it in the table", async () => {
    const visitor = await test.visitor("/");
    const added = await visitor.callback({
      outputs: [
        { id: "notes", property: "data_version" },
        { id: "added", property: "children" },
      ],
      inputs: [{ id: "add", property: "n_clicks", value: 1 }],
      state: [{ id: "text", property: "value", value: "  first note  " }],
    });
    assert.equal(added.status, 200, added.text);
    const page = await visitor.table("notes", { page: 0 });
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /first note/);
  });
});
