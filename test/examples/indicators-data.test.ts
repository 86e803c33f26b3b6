/**
 * The indicators example's data layer on every backend: the real seed, its idempotence, the
 * chart and summary queries checked against figures read from the vega-datasets files here,
 * the CSV import (all or nothing, at most 10 uploads per owner), deleting one's own uploads and
 * saved views (own deletes only).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Database } from "dashbase";
import { describeProblem, importIndicatorCsv } from "../../examples/indicators/csv-import.js";
import {
  defaultEntities,
  figureFor,
  getIndicator,
  listEntities,
  listIndicators,
  summaryFor,
  yearBounds,
} from "../../examples/indicators/queries.js";
import { deleteSavedView, listSavedViews, parseSelection, saveView } from "../../examples/indicators/saved-views.js";
import { seed } from "../../examples/indicators/seed.js";
import { locateVegaDatasets } from "../../examples/indicators/vega-data.js";
import { deleteUploadedIndicator, listOwnUploads, maxUploadsPerOwner } from "../../examples/indicators/uploaded-indicators.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { createIndicatorTables } from "./indicators-schema.js";

interface GapminderRow {
  year: number;
  country: string;
  pop: number;
  life_expect: number;
  fertility: number;
}

const vegaDir = locateVegaDatasets().dir;
const gapminder = JSON.parse(fs.readFileSync(path.join(vegaDir, "data", "gapminder.json"), "utf8")) as GapminderRow[];
const popOf = (country: string, year: number): number => {
  const row = gapminder.find((candidate) => candidate.country === country && candidate.year === year);
  assert.ok(row, `gapminder.json has ${country} in ${year}`);
  return row.pop;
};

async function counts(db: Database): Promise<{ indicators: number; observations: number }> {
  const { rows } = await db.query<{ indicators: number; observations: number }>(
    "select (select count(*) from indicators)::int as indicators, (select count(*) from observations)::int as observations",
  );
  return rows[0]!;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`indicators data layer on ${backend.name}`, () => {
    let db: Database;

    before(async () => {
      db = await backend.open();
      await createIndicatorTables(db);
      await seed(db);
    });
    after(async () => {
      await db?.close();
    });

    test("seeds every vega-datasets indicator with its source and licence", async () => {
      const list = await listIndicators(db);
      assert.deepEqual(list.map((indicator) => indicator.code).sort(), [
        "co2_concentration",
        "fertility",
        "global_temperature",
        "iowa_electricity",
        "life_expectancy",
        "population",
      ]);
      for (const indicator of list) {
        assert.equal(indicator.origin, "seed");
        assert.ok(indicator.source.length > 0, `${indicator.code} names its source`);
        assert.match(indicator.sourceUrl ?? "", /^https:\/\//);
        assert.match(indicator.notes ?? "", /vega-datasets \d+\.\d+\.\d+/);
        assert.match(indicator.notes ?? "", /Licence: /);
      }
      const population = list.find((indicator) => indicator.code === "population")!;
      assert.equal(population.source, "Gapminder Foundation");
      assert.equal(population.observations, gapminder.length);
      assert.equal(population.entities, new Set(gapminder.map((row) => row.country)).size);
    });

    test("running the seed a second time adds nothing and changes nothing", async () => {
      const before = await counts(db);
      const report = await seed(db);
      assert.deepEqual(report, { indicators: 0, observations: 0 });
      assert.deepEqual(await counts(db), before);
      assert.equal(before.indicators, 6);
    });

    test("the figure has one trace per chosen country with the file's population figures", async () => {
      const figure = await figureFor(db, { indicator: "population", entities: ["India", "Chile"], yearFrom: 1960, yearTo: 1980 });
      assert.deepEqual(
        figure.data.map((trace) => trace.name),
        ["India", "Chile"],
      );
      const india = figure.data[0]!;
      assert.deepEqual(india.x, [1960, 1965, 1970, 1975, 1980]);
      assert.deepEqual(
        india.y,
        india.x.map((year) => popOf("India", year)),
      );
      assert.deepEqual(
        figure.data[1]!.y,
        [1960, 1965, 1970, 1975, 1980].map((year) => popOf("Chile", year)),
      );
      const layout = figure.layout as { title: { text: string }; xaxis: { title: { text: string } }; yaxis: { title: { text: string } } };
      assert.equal(layout.title.text, "Population");
      assert.equal(layout.xaxis.title.text, "Year");
      assert.equal(layout.yaxis.title.text, "people");
      assert.match(india.hovertemplate, /people/);
    });

    test("an empty choice gives an empty chart that says what to choose", async () => {
      const none = await figureFor(db, { indicator: "population", entities: [] });
      assert.equal(none.data.length, 0);
      assert.match(JSON.stringify(none.layout), /Choose one or more series/);
      const outside = await figureFor(db, { indicator: "population", entities: ["India"], yearFrom: 2100 });
      assert.match(JSON.stringify(outside.layout), /No figures for this choice/);
      const unknown = await figureFor(db, { indicator: "no_such_thing", entities: ["India"] });
      assert.match(JSON.stringify(unknown.layout), /Choose an indicator/);
    });

    test("the summary is computed by the database from the chosen years", async () => {
      const [india] = await summaryFor(db, { indicator: "population", entities: ["India"], yearFrom: 1955, yearTo: 2005 });
      assert.ok(india);
      const years = [1955, 1960, 1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005];
      const values = years.map((year) => popOf("India", year));
      assert.equal(india.points, 11);
      assert.equal(india.firstYear, 1955);
      assert.equal(india.lastYear, 2005);
      assert.equal(india.first, values[0]);
      assert.equal(india.last, values.at(-1));
      assert.equal(india.min, Math.min(...values));
      assert.equal(india.max, Math.max(...values));
      assert.equal(india.changePct, Math.round(((values.at(-1)! - values[0]!) / values[0]!) * 1000) / 10);

      const temperature = await summaryFor(db, { indicator: "global_temperature", entities: ["World"] });
      assert.equal(temperature[0]?.changePct, null, "no percent change across zero");
    });

    test("lists entities and year bounds, and picks the largest series first", async () => {
      assert.deepEqual(await listEntities(db, "iowa_electricity"), ["Fossil Fuels", "Nuclear Energy", "Renewables"]);
      assert.deepEqual(await yearBounds(db, "global_temperature"), { from: 1880, to: 2023 });
      assert.equal(await yearBounds(db, "no_such_thing"), null);
      const largest = await defaultEntities(db, "population", 2);
      assert.deepEqual(largest, ["China", "India"]);
    });

    test("a CSV with one bad row is rejected with its row number and nothing is imported", async () => {
      const before = await counts(db);
      const result = await importIndicatorCsv(db, {
        indicator: { name: "Forest area", unit: "% of land" },
        csv: "entity,year,value\nChile,2000,21.4\nChile,2001,21.5\nChile,20x1,21.6\nChile,2003,21.7\n",
      });
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.deepEqual(result.problems.map(describeProblem), ['row 4: year: expected an integer, found "20x1"']);
      assert.deepEqual(await counts(db), before);
      assert.equal(await getIndicator(db, "forest_area"), undefined);
    });

    test("a good CSV is imported in one transaction with progress and is then queryable", async () => {
      const rows = [
        "entity,year,value",
        ...Array.from({ length: 2500 }, (_, index) => `Region ${index % 5},${1000 + Math.floor(index / 5)},${index / 10}`),
      ];
      const progress: Array<[number, number]> = [];
      const result = await importIndicatorCsv(db, {
        indicator: { name: "Test series", unit: "units", owner: "session-a" },
        csv: `${rows.join("\n")}\n`,
        onProgress: (done, total) => progress.push([done, total]),
      });
      assert.deepEqual(result, { ok: true, code: "test_series", name: "Test series", rows: 2500, entities: 5 });
      assert.deepEqual(progress.at(-1), [2500, 2500]);
      assert.ok(progress.length >= 3, "progress is reported per batch");
      const indicator = await getIndicator(db, "test_series");
      assert.equal(indicator?.origin, "upload");
      assert.equal(indicator?.observations, 2500);
      const figure = await figureFor(db, { indicator: "test_series", entities: ["Region 1"], yearFrom: 1000, yearTo: 1002 });
      assert.deepEqual(figure.data[0]?.y, [0.1, 0.6, 1.1]);
    });

    test("refuses an upload whose code is taken, naming the field", async () => {
      const result = await importIndicatorCsv(db, { indicator: { name: "Population" }, csv: "entity,year,value\nChile,2000,1\n" });
      assert.ok(!result.ok);
      assert.deepEqual(
        result.problems.map((problem) => problem.field),
        ["code"],
      );
      assert.match(describeProblem(result.problems[0]!), /code: an indicator with code "population" already exists/);
    });

    test("saves a view with the indicator's name as legend, and shows bad input by field", async () => {
      const view = { indicator: "fertility", entities: ["Chile", "Peru"], yearFrom: 1960, yearTo: 2000 };
      const saved = await saveView(db, { userName: "  Ada  ", view, owner: "session-a" });
      assert.ok(saved.ok);
      assert.equal(saved.row.userName, "Ada");
      assert.equal(saved.row.legend, "Fertility rate");
      assert.deepEqual(parseSelection(saved.row.selection), view);
      assert.ok(saved.row.id > 0);

      const bad = await saveView(db, { userName: "", view: { indicator: "", entities: [] }, owner: "session-a" });
      assert.ok(!bad.ok);
      assert.deepEqual(
        bad.problems.map((problem) => problem.field),
        ["userName", "selection"],
      );
    });

    test("lists saved views a page at a time, sorted and filtered by name in the database", async () => {
      const view = { indicator: "population", entities: ["India"] };
      for (const name of ["bob", "Bobby", "carol", "50%_off"]) {
        const saved = await saveView(db, { userName: name, view, owner: "session-b" });
        assert.ok(saved.ok);
      }
      const bobs = await listSavedViews(db, { page: 0, pageSize: 10, nameFilter: "BOB", sortBy: "userName", owner: "session-a" });
      assert.deepEqual(
        bobs.rows.map((row) => row.userName),
        ["bob", "Bobby"],
      );
      assert.equal(bobs.total, 2);
      assert.deepEqual(
        bobs.rows.map((row) => row.mine),
        [false, false],
      );
      const literal = await listSavedViews(db, { page: 0, pageSize: 10, nameFilter: "%_", owner: "session-a" });
      assert.deepEqual(
        literal.rows.map((row) => row.userName),
        ["50%_off"],
      );
      const first = await listSavedViews(db, { page: 0, pageSize: 2, sortBy: "id", owner: "session-a" });
      const second = await listSavedViews(db, { page: 1, pageSize: 2, sortBy: "id", owner: "session-a" });
      assert.equal(first.total, 5);
      assert.equal(second.total, 5);
      assert.ok(first.rows[1]!.id < second.rows[0]!.id, "pages follow each other in id order");
      const beyond = await listSavedViews(db, { page: 9, pageSize: 2, owner: "session-a" });
      assert.deepEqual(beyond, { rows: [], total: 5 });
      const newest = await listSavedViews(db, { page: 0, pageSize: 1, owner: "session-a" });
      assert.equal(newest.rows[0]?.userName, "50%_off", "newest first by default");
    });

    test("a session deletes its own saved views and not others'", async () => {
      const mine = await saveView(db, { userName: "Grace", view: { indicator: "population", entities: ["Peru"] }, owner: "session-c" });
      assert.ok(mine.ok);
      assert.equal(await deleteSavedView(db, { id: mine.row.id, owner: "session-d" }), "not-yours");
      assert.equal(await deleteSavedView(db, { id: mine.row.id, owner: "session-c" }), "deleted");
      assert.equal(await deleteSavedView(db, { id: mine.row.id, owner: "session-c" }), "not-found");
    });

    test(`an owner keeps at most ${maxUploadsPerOwner} uploads, also when a dozen are sent at once`, async () => {
      const csv = "entity,year,value\nNorthland,2000,1\n";
      const results = await Promise.all(
        Array.from({ length: maxUploadsPerOwner + 2 }, (_, index) =>
          importIndicatorCsv(db, { indicator: { name: `Burst ${index}`, code: `burst_${index}`, owner: "session-burst" }, csv }),
        ),
      );
      assert.equal(results.filter((result) => result.ok).length, maxUploadsPerOwner);
      const refused = results.filter((result) => !result.ok);
      assert.equal(refused.length, 2);
      for (const result of refused) {
        assert.ok(!result.ok);
        assert.deepEqual(
          result.problems.map((problem) => problem.field),
          ["uploads"],
        );
        assert.match(result.problems[0]!.message, /you have 10 uploaded indicators, the most one browser may keep/);
      }
      assert.equal((await listOwnUploads(db, "session-burst")).length, maxUploadsPerOwner);
      // Another owner, and uploads without an owner (scripts), are not counted against it.
      assert.ok((await importIndicatorCsv(db, { indicator: { name: "Other burst", owner: "session-other" }, csv })).ok);
      assert.ok((await importIndicatorCsv(db, { indicator: { name: "Scripted" }, csv })).ok);
      await db.query("delete from indicators where origin = 'upload' and code <> 'test_series'");
    });

    test("an uploaded indicator is deleted with its observations by its owner only; seeded ones by nobody", async () => {
      const csv = "entity,year,value\nNorthland,2000,1\nNorthland,2001,2\nSouthland,2000,3\n";
      assert.ok((await importIndicatorCsv(db, { indicator: { name: "Marshes", owner: "session-e" }, csv })).ok);
      const saved = await saveView(db, { userName: "Grace", view: { indicator: "marshes", entities: ["Northland"] }, owner: "session-f" });
      assert.ok(saved.ok);
      const before = await counts(db);
      assert.deepEqual(await deleteUploadedIndicator(db, { code: "marshes", owner: "session-f" }), { outcome: "not-yours" });
      assert.deepEqual(await deleteUploadedIndicator(db, { code: "population", owner: "session-e" }), { outcome: "not-yours" });
      assert.deepEqual(await counts(db), before, "nothing deleted");
      assert.deepEqual(await deleteUploadedIndicator(db, { code: "marshes", owner: "session-e" }), {
        outcome: "deleted",
        name: "Marshes",
        observations: 3,
      });
      assert.deepEqual(await counts(db), { indicators: before.indicators - 1, observations: before.observations - 3 });
      assert.deepEqual(await deleteUploadedIndicator(db, { code: "marshes", owner: "session-e" }), { outcome: "not-found" });
      // Grace's saved view of it is hers: it stays, with the indicator's name as its legend.
      const views = await listSavedViews(db, { page: 0, pageSize: 100, nameFilter: "Grace", owner: "session-f" });
      assert.deepEqual(
        views.rows.filter((row) => row.id === saved.row.id).map((row) => row.legend),
        ["Marshes"],
      );
    });
  });
}
