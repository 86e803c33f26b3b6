/**
 * CSV export of a declared table: every row of the current filter and sort (past one batch),
 * within the table's `where` for the session, formula-safe; a bad filter answers a coded 400.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { createApp, DataTable, dcc, html, Input, Output, type DashbaseApp } from "dashbase";
import type { Database } from "dashbase/db";
import { openTestApp, type TestApp } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir } from "./support/app-harness.js";

const entries = pgTable("export_entries", {
  id: serial("id").primaryKey(),
  owner: text("owner").notNull(),
  label: text("label").notNull(),
  score: integer("score").notNull(),
});

function exportApp(): DashbaseApp {
  const app = createApp({ title: "Export", models: { entries }, server: { clientDir: fakeClientDir() } });
  const mine = app.table("mine", {
    from: entries,
    columns: ["label", { id: "score", name: "Score" }],
    where: (ctx) => eq(entries.owner, ctx.session.owner),
    pageSize: 10,
  });
  app.page("/", { layout: html.Div([dcc.Input({ id: "count" }), html.Div({ id: "seeded" }), DataTable({ table: mine })]) });
  app.callback([Output("seeded", "children")], [Input<string | undefined>("count", "value")], async ([count], { db, session }) => {
    const rows = Array.from({ length: Number(count ?? 0) }, (_, index) => ({
      owner: session.owner,
      label: `${index % 3 === 0 ? "=cmd|" : "row "}${index}`,
      score: index % 100,
    }));
    for (let start = 0; start < rows.length; start += 500) await db.insert(entries).values(rows.slice(start, start + 500));
    return [`seeded ${rows.length}`];
  });
  return app;
}

for (const backend of backends) {
  describe(`table CSV export (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;

    before(async () => {
      db = await backend.open();
      await db.exec(
        "CREATE TABLE export_entries (id serial primary key, owner text not null, label text not null, score integer not null)",
      );
      test = await openTestApp(exportApp(), { db });
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await dropServerDatabases();
    });

    it("streams every row of the filter and sort, past one batch, only the session's own", async () => {
      const alice = await test.visitor("/");
      const bob = await test.visitor("/");
      const seeded = await alice.callback({
        outputs: [{ id: "seeded", property: "children" }],
        inputs: [{ id: "count", property: "value", value: "2500" }],
      });
      assert.equal(seeded.status, 200, seeded.text);
      const all = await alice.post("/_dashbase/table/mine/export", { sortBy: [{ column: "score", direction: "desc" }] });
      assert.equal(all.status, 200, all.text);
      assert.match(String(all.headers["content-type"]), /^text\/csv/);
      assert.match(String(all.headers["content-disposition"]), /attachment; filename="mine.csv"/);
      const lines = all.text.split("\r\n").filter((line) => line !== "");
      assert.equal(lines[0], "Label,Score");
      assert.equal(lines.length, 2501, "every row, past the first batch of 1000");
      assert.equal(new Set(lines).size, 2501, "no row twice across batches");
      assert.equal(lines[1]!.endsWith(",99"), true);
      assert.equal(lines[2500]!.endsWith(",0"), true);
      const scores = lines.slice(1).map((line) => Number(line.split(",").at(-1)));
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
        "in the requested order",
      );

      const filtered = await alice.post("/_dashbase/table/mine/export", {
        filter: { score: "= 7 OR = 8", label: "contains 1" },
        sortBy: [
          { column: "score", direction: "asc" },
          { column: "label", direction: "desc" },
        ],
      });
      const filteredLines = filtered.text
        .split("\r\n")
        .filter((line) => line !== "")
        .slice(1);
      const expected = Array.from({ length: 2500 }, (_, index) => ({
        label: `${index % 3 === 0 ? "=cmd|" : "row "}${index}`,
        score: index % 100,
      }))
        .filter((row) => (row.score === 7 || row.score === 8) && row.label.includes("1"))
        .sort((a, b) => a.score - b.score || (a.label < b.label ? 1 : -1))
        .map((row) => `${row.label.startsWith("=") ? "'" : ""}${row.label},${row.score}`);
      assert.deepEqual(filteredLines, expected, "filter and multi-column sort apply; formulas come out as text");

      const other = await bob.post("/_dashbase/table/mine/export", {});
      assert.equal(other.status, 200, other.text);
      assert.equal(other.text, "Label,Score\r\n", "another session's rows never show");
    });

    it("keeps an injection attempt in a filter as data, and answers a coded 400 for a bad filter or column", async () => {
      const alice = await test.visitor("/");
      const injected = await alice.post("/_dashbase/table/mine/export", { filter: { label: "'); DROP TABLE export_entries;-- OR 1=1" } });
      assert.equal(injected.status, 200, injected.text);
      assert.equal(injected.text, "Label,Score\r\n");
      const { rows } = await db.query<{ n: number }>("select count(*)::int as n from export_entries");
      assert.equal(rows[0]!.n, 2500);
      const bad = await alice.post("/_dashbase/table/mine/export", { filter: { score: "> lots" } });
      assert.equal(bad.status, 400);
      assert.equal((bad.body as { error: { code: string } }).error.code, "DASHBASE_E_TABLE_FILTER");
      const unknown = await alice.post("/_dashbase/table/mine/export", { filter: { owner: "x" } });
      assert.equal(unknown.status, 400);
      assert.equal((unknown.body as { error: { code: string } }).error.code, "DASHBASE_E_TABLE_QUERY");
    });
  });
}
