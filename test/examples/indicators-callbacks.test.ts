/**
 * The flagship's callbacks over the wire (dashbase/testing, no browser), on every backend: a value
 * of the wrong type in any Input or State is a 400 naming the field; names are measured in
 * characters as a reader sees them and refused when not well-formed Unicode; uploads are capped
 * per browser and deletable by their uploader only, the page's lists following without a reload.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "dashbase";
import { openTestApp, type TestAnswer, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/indicators/app.js";
import { maxUploadsPerOwner } from "../../examples/indicators/uploaded-indicators.js";
import { backends, dropServerDatabases } from "../support/backends.js";

interface Dependency {
  id: string;
  property: string;
}

interface ListedCallback {
  id: string;
  outputs: Dependency[];
  inputs: Dependency[];
  state: Dependency[];
}

/** A visitor with the app's callback list, firing callbacks by their first output. */
interface Browser {
  visitor: TestVisitor;
  callbacks: ListedCallback[];
}

async function browser(test: TestApp, url: string): Promise<Browser> {
  const visitor = await test.visitor();
  const { boot } = await visitor.open(url);
  return { visitor, callbacks: boot["dependencies"] as ListedCallback[] };
}

const keyOf = (dependency: Dependency): string => `${dependency.id}.${dependency.property}`;

/**
 * Fires the callback whose first output is `first`, with `values` (keyed "id.property") for its
 * inputs and states (absent when not given); the inputs given a value are the ones that changed.
 */
function fire(from: Browser, first: string, values: Record<string, unknown>): Promise<TestAnswer> {
  const callback = from.callbacks.find((candidate) => candidate.outputs[0] !== undefined && keyOf(candidate.outputs[0]) === first);
  assert.ok(callback, `a callback writes ${first}`);
  const fill = (list: Dependency[]) => list.map((dependency) => ({ ...dependency, value: values[keyOf(dependency)] }));
  return from.visitor.callback({
    callbackId: callback.id,
    outputs: callback.outputs,
    inputs: fill(callback.inputs),
    state: fill(callback.state),
    changed: callback.inputs.map(keyOf).filter((key) => key in values),
  });
}

/** The value an answer gives `id.property`. */
function output(answer: TestAnswer, key: string): unknown {
  assert.equal(answer.status, 200, `expected an update, got ${answer.status}: ${answer.text.slice(0, 400)}`);
  const [id, property] = key.split(".") as [string, string];
  return (answer.body as { response: Record<string, Record<string, unknown>> }).response[id]?.[property];
}

const text = (value: unknown): string => JSON.stringify(value ?? "");

function csvUrl(csv: string): string {
  return `data:text/csv;base64,${Buffer.from(csv).toString("base64")}`;
}

const smallCsv = "entity,year,value\nNorthland,2000,31.5\nNorthland,2001,31.2\nSouthland,2000,12\n";

/** Uploads `csv` from the Data page under `name`. */
function upload(from: Browser, name: string, csv = smallCsv, more: Record<string, unknown> = {}): Promise<TestAnswer> {
  return fire(from, "upload-name-error.children", {
    "upload.contents": csvUrl(csv),
    "upload.filename": "forest.csv",
    "upload-name.value": name,
    ...more,
  });
}

function save(from: Browser, name: unknown, more: Record<string, unknown> = {}): Promise<TestAnswer> {
  return fire(from, "user-name-error.children", { "save-button.n_clicks": 1, "user-name.value": name, "linked-view.data": null, ...more });
}

async function counts(db: Database): Promise<{ indicators: number; observations: number; saves: number }> {
  const { rows } = await db.query<{ indicators: number; observations: number; saves: number }>(
    `select (select count(*) from indicators)::int as indicators, (select count(*) from observations)::int as observations,
            (select count(*) from user_preferences)::int as saves`,
  );
  return rows[0]!;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the indicators app's callbacks on ${backend.name}`, () => {
    let db: Database;
    let served: TestApp;

    before(async () => {
      db = await backend.open();
      served = await openTestApp(app, { db, migrationsDir: "examples/indicators/migrations", seed: true });
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    test("a value of the wrong type in any Input or State is a 400 naming the field and what was expected; nothing is written", async () => {
      const visitor = await browser(served, "/");
      const csv = csvUrl(smallCsv);
      const uploadWith = (values: Record<string, unknown>) => ({
        "upload.contents": csv,
        "upload.filename": "f.csv",
        "upload-name.value": "Typed",
        ...values,
      });
      const cases: Array<[string, Record<string, unknown>, string]> = [
        // Data: the upload and the visitor's uploads.
        [
          "upload-name-error.children",
          uploadWith({ "upload-name.value": ["Forest area"] }),
          "upload-name.value: expected text or nothing, found an array of 1 item",
        ],
        [
          "upload-name-error.children",
          uploadWith({ "upload-unit.value": 42 }),
          "upload-unit.value: expected text or nothing, found the number 42",
        ],
        [
          "upload-name-error.children",
          uploadWith({ "upload-source.value": { text: "x" } }),
          "upload-source.value: expected text or nothing, found an object",
        ],
        [
          "upload-name-error.children",
          uploadWith({ "upload.contents": 7 }),
          "upload.contents: expected text or nothing, found the number 7",
        ],
        ["upload-name-error.children", uploadWith({ "upload.filename": ["a.csv"] }), "upload.filename: expected text or nothing"],
        ["upload-name-error.children", uploadWith({ "upload.contents": "data:text/csv,%E0%A4%A" }), "upload.contents: expected a data URL"],
        [
          "my-uploads.options",
          { "delete-upload.n_clicks": 1, "my-uploads.value": 5 },
          "my-uploads.value: expected text or nothing, found the number 5",
        ],
        [
          "my-uploads.options",
          { "delete-upload.n_clicks": "1", "my-uploads.value": "population" },
          "delete-upload.n_clicks: expected a whole number",
        ],
        [
          "my-uploads.options",
          { "uploads-changed.data": { at: 1 } },
          "uploads-changed.data: expected a whole number or nothing, found an object",
        ],
        // Explore: the indicator, the series, the years.
        ["entities.options", { "indicator.value": 42 }, "indicator.value: expected text or nothing, found the number 42"],
        ["chart.figure", { "indicator.value": ["population"] }, "indicator.value: expected text or nothing"],
        [
          "chart.figure",
          { "indicator.value": "population", "entities.value": "India" },
          "entities.value: expected a list of texts or nothing, found text",
        ],
        ["chart.figure", { "indicator.value": "population", "entities.value": ["India", 7] }, "entities.value: expected a list of texts"],
        [
          "chart.figure",
          { "indicator.value": "population", "years.value": [1960] },
          "years.value: expected a list of 2 numbers or nothing, found an array of 1 item",
        ],
        ["chart.figure", { "indicator.value": "population", "years.value": "1960-2000" }, "years.value: expected a list of 2 numbers"],
        ["chart.figure", { "indicator.value": "population", "years.min": "1955" }, "years.min: expected a number or nothing, found text"],
        // Save: the name, the clicks, the linked view.
        [
          "user-name-error.children",
          { "save-button.n_clicks": 1, "user-name.value": ["Ada"] },
          "user-name.value: expected text or nothing, found an array of 1 item",
        ],
        [
          "user-name-error.children",
          { "save-button.n_clicks": "1", "user-name.value": "Ada" },
          "save-button.n_clicks: expected a whole number or nothing, found text",
        ],
        [
          "user-name-error.children",
          { "user-name.n_submit": true, "user-name.value": "Ada" },
          "user-name.n_submit: expected a whole number or nothing, found the value true",
        ],
        [
          "user-name-error.children",
          { "save-button.n_clicks": 1, "user-name.value": "Ada", "linked-view.data": "population" },
          "linked-view.data: expected an object or nothing, found text",
        ],
        [
          "user-name-error.children",
          { "save-button.n_clicks": 1, "user-name.value": "Ada", "linked-view.data": { indicator: ["population"] } },
          "linked-view.data.indicator: expected text or nothing",
        ],
        [
          "user-name-error.children",
          {
            "save-button.n_clicks": 1,
            "user-name.value": "Ada",
            "shown-view.data": { indicator: "population", entities: "China", years: [1990, 2000] },
          },
          "shown-view.data.entities: expected a list of texts or nothing, found text",
        ],
        [
          "user-name-error.children",
          {
            "save-button.n_clicks": 1,
            "user-name.value": "Ada",
            "shown-view.data": { indicator: "population", entities: ["China"], years: [1990] },
          },
          "shown-view.data.years: expected a list of 2 numbers or nothing",
        ],
        // History: open and delete.
        [
          "history-url.href",
          { "open-save.n_clicks": 1, "my-saves.value": "1" },
          "my-saves.value: expected a whole number or nothing, found text",
        ],
        ["history-url.href", { "delete-save.n_clicks": 1, "my-saves.value": 1.5 }, "my-saves.value: expected a whole number"],
        ["history-url.href", { "delete-save.n_clicks": [1], "my-saves.value": 1 }, "delete-save.n_clicks: expected a whole number"],
      ];
      const before = await counts(db);
      for (const [first, values, message] of cases) {
        const answer = await fire(visitor, first, values);
        const error = (answer.body as { error?: { code?: string; message?: string } }).error;
        assert.equal(answer.status, 400, `${first} with ${JSON.stringify(values).slice(0, 200)}: ${answer.text.slice(0, 300)}`);
        assert.equal(error?.code, "DASHBASE_E_BAD_REQUEST");
        assert.ok(error?.message?.startsWith(message), `"${error?.message}" starts with "${message}"`);
      }
      assert.deepEqual(await counts(db), before, "nothing was written");
      // The same callbacks with values of the right types still answer.
      assert.match(
        text(
          output(
            await fire(visitor, "chart.figure", {
              "indicator.value": "population",
              "entities.value": ["India"],
              "years.value": [1960, 2000],
            }),
            "chart.figure",
          ),
        ),
        /India/,
      );
      assert.equal(output(await fire(visitor, "entities.options", { "indicator.value": "fertility" }), "years.min"), 1955);
    });

    test("Save stores the view the page showed, sent back with the click, and checks its indicator; without it the view is worked out again", async () => {
      const saver = await browser(served, "/save");
      const shown = { indicator: "population", entities: ["India", "China"], years: [1960, 1980] };
      assert.match(text(output(await save(saver, "Shown", { "shown-view.data": shown }), "save-result.children")), /Saved as #\d+/);
      const { rows } = await db.query<{ selection: string; legend: string }>(
        "select selection, legend from user_preferences where user_name = 'Shown'",
      );
      assert.deepEqual(JSON.parse(rows[0]!.selection), {
        indicator: "population",
        entities: ["India", "China"],
        yearFrom: 1960,
        yearTo: 1980,
      });
      assert.equal(rows[0]!.legend, "Population");
      const gone = { ...shown, indicator: "no-such-indicator" };
      assert.match(text(output(await save(saver, "Gone", { "shown-view.data": gone }), "save-result.children")), /expected an indicator/);
      assert.match(text(output(await save(saver, "Worked out"), "save-result.children")), /Saved as #\d+/);
      const saved = await db.query<{ n: number }>(
        "select count(*)::int as n from user_preferences where user_name in ('Shown', 'Gone', 'Worked out')",
      );
      assert.equal(saved.rows[0]!.n, 2);
    });

    test("a name of 60 emoji is saved, 61 are refused counting characters as a reader does, and a lone surrogate is refused next to the field", async () => {
      const visitor = await browser(served, "/save");
      const sixty = "👩‍👩‍👧".repeat(30) + "😀".repeat(30);
      const saved = await save(visitor, sixty);
      assert.equal(output(saved, "user-name-error.children"), "");
      assert.match(text(output(saved, "save-result.children")), /Saved as #\d+/);
      const { rows } = await db.query<{ user_name: string }>("select user_name from user_preferences order by id desc limit 1");
      assert.equal(rows[0]?.user_name, sixty);

      const before = await counts(db);
      const long = await save(visitor, `${sixty}😀`);
      assert.equal(output(long, "user-name-error.children"), "Your name: expected at most 60 characters, found 61");
      const broken = await save(visitor, "Ada \ud800Lovelace");
      assert.equal(output(broken, "user-name-error.children"), "Your name: contains invalid Unicode (a lone surrogate)");
      assert.deepEqual(await counts(db), before, "nothing stored");
    });

    test("an upload whose name, unit or source is not well-formed Unicode is refused next to each field, nothing stored", async () => {
      const visitor = await browser(served, "/data");
      const before = await counts(db);
      const answer = await upload(visitor, "Forest \udc00area", smallCsv, {
        "upload-unit.value": "\ud83d",
        "upload-source.value": "Bank \ud800",
      });
      assert.equal(output(answer, "upload-name-error.children"), "Name: contains invalid Unicode (a lone surrogate)");
      assert.equal(output(answer, "upload-unit-error.children"), "Unit: contains invalid Unicode (a lone surrogate)");
      assert.equal(output(answer, "upload-source-error.children"), "Source: contains invalid Unicode (a lone surrogate)");
      assert.equal(output(answer, "upload-result.className"), "ind-notice bad");
      // Sent as text, not base64: a data URL's bytes decode to well-formed text (U+FFFD) on the server.
      const rows = await upload(visitor, "Forest area", smallCsv, { "upload.contents": "entity,year,value\nNorth\udc00land,2000,1\n" });
      assert.match(text(output(rows, "upload-result.children")), /row 2: contains invalid Unicode \(a lone surrogate\)/);
      assert.deepEqual(await counts(db), before, "nothing stored");
      const emoji = await upload(visitor, `Forest ${"🌲".repeat(73)}`, smallCsv, { "upload-unit.value": "👩‍👩‍👧".repeat(40) });
      assert.match(text(output(emoji, "upload-result.children")), /Imported 3 rows/, "80 characters of name and 40 of unit fit");
      await db.query("delete from indicators where code = 'forest'");
    });

    test("a visitor deletes their own upload under Your uploads, another cannot, and the lists follow; saved views of it say it is gone", async () => {
      const uploader = await browser(served, "/data");
      const imported = await upload(uploader, "Wetlands");
      assert.match(text(output(imported, "upload-result.children")), /Imported 3 rows of 2 series/);
      const changed = output(imported, "uploads-changed.data");
      assert.equal(typeof changed, "number", "the upload tells the lists to follow");
      const refreshed = await fire(uploader, "my-uploads.options", { "uploads-changed.data": changed });
      assert.deepEqual(output(refreshed, "my-uploads.options"), [{ label: "Wetlands · 2 series, 3 rows", value: "wetlands" }]);
      assert.equal(output(refreshed, "my-uploads.value"), "wetlands");
      assert.equal(output(refreshed, "my-uploads-controls.hidden"), false);
      assert.equal(output(refreshed, "my-uploads-empty.hidden"), true);
      assert.match(text(output(refreshed, "uploaded-list.children")), /Wetlands/);
      // The page as it loads next time lists it too.
      assert.match((await uploader.visitor.layout("/data")).text, /Wetlands · 2 series, 3 rows/);

      // A view of it saved by someone else.
      const saver = await browser(served, "/save");
      assert.match(
        text(output(await save(saver, "Grace", { "linked-view.data": { indicator: "wetlands" } }), "save-result.children")),
        /Saved as #\d+/,
      );
      const { rows: saves } = await db.query<{ id: number }>("select id from user_preferences where user_name = 'Grace'");

      const other = await browser(served, "/data");
      const refused = await fire(other, "my-uploads.options", { "delete-upload.n_clicks": 1, "my-uploads.value": "wetlands" });
      assert.equal(
        output(refused, "uploads-message.children"),
        "That indicator was not uploaded by this browser: only its uploader can delete it.",
      );
      const seeded = await fire(other, "my-uploads.options", { "delete-upload.n_clicks": 1, "my-uploads.value": "population" });
      assert.match(text(output(seeded, "uploads-message.children")), /not uploaded by this browser/);
      const { rows: kept } = await db.query("select 1 from observations where indicator_code = 'wetlands'");
      assert.equal(kept.length, 3, "still there");

      const deleted = await fire(uploader, "my-uploads.options", { "delete-upload.n_clicks": 1, "my-uploads.value": "wetlands" });
      assert.equal(output(deleted, "uploads-message.children"), 'Deleted "Wetlands" and its 3 rows.');
      assert.equal(output(deleted, "uploads-message.className"), "ind-notice good");
      assert.deepEqual(output(deleted, "my-uploads.options"), []);
      assert.equal(output(deleted, "my-uploads.value"), null);
      assert.equal(output(deleted, "my-uploads-controls.hidden"), true);
      assert.equal(output(deleted, "my-uploads-empty.hidden"), false);
      assert.doesNotMatch(text(output(deleted, "uploaded-list.children")), /Wetlands/);
      const { rows: gone } = await db.query(
        "select 1 from observations where indicator_code = 'wetlands' union all select 1 from indicators where code = 'wetlands'",
      );
      assert.equal(gone.length, 0, "the indicator and its observations are gone");
      const again = await fire(uploader, "my-uploads.options", { "delete-upload.n_clicks": 2, "my-uploads.value": "wetlands" });
      assert.equal(output(again, "uploads-message.children"), "That indicator no longer exists.");

      // The saved view stays (it is Grace's), and opening it says the indicator is gone.
      const history = await browser(served, "/history");
      const stillSaved = await db.query("select legend from user_preferences where id = $1", [saves[0]!.id]);
      assert.deepEqual(stillSaved.rows, [{ legend: "Wetlands" }]);
      const opened = await fire(history, "history-url.href", { "open-save.n_clicks": 1, "my-saves.value": saves[0]!.id });
      assert.equal(
        output(opened, "history-message.children"),
        `Saved view #${saves[0]!.id} refers to an indicator that is no longer here.`,
      );
    });

    test(`a browser keeps at most ${maxUploadsPerOwner} uploaded indicators: the next upload is refused with a clear message until one is deleted`, async () => {
      const visitor = await browser(served, "/data");
      for (let index = 0; index < maxUploadsPerOwner; index += 1) {
        const answer = await upload(visitor, `Capped ${String.fromCharCode(97 + index)}`);
        assert.match(text(output(answer, "upload-result.children")), /Imported 3 rows/, `upload ${index + 1}`);
      }
      const before = await counts(db);
      const refused = await upload(visitor, "One too many");
      assert.equal(
        text(output(refused, "upload-result.children")).includes(
          `Not imported: you have ${maxUploadsPerOwner} uploaded indicators, the most one browser may keep: delete one under \\"Your uploads\\", then upload the file again.`,
        ),
        true,
        text(output(refused, "upload-result.children")),
      );
      assert.equal(output(refused, "upload-result.className"), "ind-notice bad");
      assert.deepEqual(await counts(db), before, "nothing stored");
      // Another browser is not affected.
      const other = await browser(served, "/data");
      assert.match(text(output(await upload(other, "Someone else's"), "upload-result.children")), /Imported 3 rows/);
      // A delete makes room for one more.
      await fire(visitor, "my-uploads.options", { "delete-upload.n_clicks": 1, "my-uploads.value": "capped_a" });
      assert.match(text(output(await upload(visitor, "One too many"), "upload-result.children")), /Imported 3 rows/);
      await db.query("delete from indicators where origin = 'upload'");
    });
  });
}
