/**
 * Editing a declared table's cells (`POST /_dashbase/table/<id>/edit`): a good value is written and
 * answered as stored; a value the model refuses answers the model's message for the cell and
 * writes nothing; a column not declared editable, a row outside the table's `where`, an unknown
 * table or a request without the CSRF token are refused with coded 4xx answers.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import { integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { createApp, DataTable, dcc, html, Input, Output, type DashbaseApp } from "dashbase";
import type { Database } from "dashbase/db";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir } from "./support/app-harness.js";

const notes = pgTable("edit_notes", {
  id: serial("id").primaryKey(),
  owner: text("owner").notNull(),
  title: varchar("title", { length: 20 }).notNull().unique(),
  stars: integer("stars").notNull(),
  due: timestamp("due", { withTimezone: true }),
});
const ddl =
  "CREATE TABLE edit_notes (id serial primary key, owner text not null, title varchar(20) not null unique, stars integer not null, due timestamptz)";

function notesApp(): DashbaseApp {
  const app = createApp({ title: "Edits", models: { notes }, server: { clientDir: fakeClientDir() } });
  const mine = app.table("mine", {
    from: notes,
    columns: ["title", "stars", "due", "owner"],
    editable: ["title", "stars", "due"],
    where: (ctx) => eq(notes.owner, ctx.session.owner),
  });
  app.table("readonly", { from: notes, columns: ["title"] });
  app.page("/", { layout: html.Div([dcc.Input({ id: "seed" }), html.Div({ id: "seeded" }), DataTable({ table: mine })]) });
  // Puts a row of the caller's own (their session's owner key) into the table.
  app.callback([Output<number>("seeded", "children")], [Input<string>("seed", "value")], async ([title], { db, session }) => {
    const [row] = await db
      .insert(notes)
      .values({ owner: session.owner, title: title ?? "mine", stars: 3 })
      .returning({ id: notes.id });
    return [row!.id];
  });
  return app;
}

async function stored(db: Database): Promise<Array<{ id: number; owner: string; title: string; stars: number }>> {
  return db.select({ id: notes.id, owner: notes.owner, title: notes.title, stars: notes.stars }).from(notes).orderBy(asc(notes.id));
}

for (const backend of backends) {
  describe(`table cell edits (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let alice: TestVisitor;
    let aliceRow: number;
    let otherRow: number;

    before(async () => {
      db = await backend.open();
      await db.exec(ddl);
      test = await openTestApp(notesApp(), { db });
    });
    beforeEach(async () => {
      await db.delete(notes);
      alice = await test.visitor("/");
      const seeded = await alice.callback({
        outputs: [{ id: "seeded", property: "children" }],
        inputs: [{ id: "seed", property: "value", value: "mine" }],
      });
      assert.equal(seeded.status, 200, seeded.text);
      aliceRow = (seeded.body as { response: { seeded: { children: number } } }).response.seeded.children;
      [otherRow] = (await db.insert(notes).values({ owner: "someone-else", title: "theirs", stars: 1 }).returning({ id: notes.id })).map(
        (row) => row.id,
      ) as [number];
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await dropServerDatabases();
    });

    it("writes a good value and answers the row as stored, its primary key as id", async () => {
      const answer = await alice.tableEdit("mine", { rowId: aliceRow, column: "stars", value: 5, path: "/" });
      assert.equal(answer.status, 200, answer.text);
      const row = (answer.body as { row: Record<string, unknown> }).row;
      assert.equal(row["id"], aliceRow);
      assert.equal(row["stars"], 5);
      assert.equal(row["title"], "mine");
      assert.deepEqual(
        (await stored(db)).map((r) => [r.title, r.stars]),
        [
          ["mine", 5],
          ["theirs", 1],
        ],
      );
      const page = (await alice.table("mine")).body as { rows: Array<Record<string, unknown>> };
      assert.deepEqual(page.rows[0], { id: aliceRow, title: "mine", stars: 5, due: null, owner: row["owner"] });
    });

    it("stores markup and SQL-looking text verbatim, as data", async () => {
      for (const value of ["<img src=x onerror=alert(1)>", "'; DROP TABLE edit_notes; --"]) {
        const answer = await alice.tableEdit("mine", { rowId: aliceRow, column: "title", value: value.slice(0, 20) });
        assert.equal(answer.status, 200, answer.text);
        assert.equal((answer.body as { row: { title: string } }).row.title, value.slice(0, 20));
      }
      assert.equal((await stored(db)).length, 2, "the table is still there");
    });

    it("turns a date column's text into a date", async () => {
      const answer = await alice.tableEdit("mine", { rowId: aliceRow, column: "due", value: "2026-03-01T10:00:00.000Z" });
      assert.equal(answer.status, 200, answer.text);
      const due = (answer.body as { row: { due: string } }).row.due;
      assert.equal(new Date(due).toISOString(), "2026-03-01T10:00:00.000Z");
    });

    it("answers the model's message for a bad value and writes nothing", async () => {
      const before = await stored(db);
      for (const [column, value, expected] of [
        ["stars", "abc", 'expected an integer, found "abc"'],
        ["stars", 2.5, "expected an integer, found 2.5"],
        ["title", "x".repeat(21), "expected at most 20 characters"],
        ["title", null, "expected a string, found null"],
      ] as const) {
        const answer = await alice.tableEdit("mine", { rowId: aliceRow, column, value });
        assert.equal(answer.status, 400, answer.text);
        // the error's message is the model's for the cell, and the answer has the one error shape
        const body = answer.body as { error: { code: string; message: string; requestId: string } };
        assert.deepEqual(Object.keys(body), ["error"]);
        assert.equal(body.error.code, "DASHBASE_E_VALIDATION", column);
        assert.ok(body.error.message.startsWith(expected), body.error.message);
      }
      const duplicate = await alice.tableEdit("mine", { rowId: aliceRow, column: "title", value: "theirs" });
      assert.equal(duplicate.status, 409, duplicate.text);
      const body = duplicate.body as { error: { code: string; message: string } };
      assert.equal(body.error.code, "DASHBASE_E_UNIQUE_VIOLATION");
      assert.match(body.error.message, /^title: must be unique/);
      assert.deepEqual(await stored(db), before, "nothing was written");
    });

    it("refuses crafted edits with coded 4xx answers and writes nothing", async () => {
      const before = await stored(db);
      const cases: Array<[string, Record<string, unknown>, number, string]> = [
        ["mine", { rowId: aliceRow, column: "owner", value: "someone-else" }, 403, "DASHBASE_E_TABLE_EDIT_REFUSED"],
        ["mine", { rowId: aliceRow, column: "id", value: 99 }, 403, "DASHBASE_E_TABLE_EDIT_REFUSED"],
        ["mine", { rowId: aliceRow, column: "nope", value: 1 }, 403, "DASHBASE_E_TABLE_EDIT_REFUSED"],
        ["mine", { rowId: aliceRow, column: ["stars"], value: 1 }, 403, "DASHBASE_E_TABLE_EDIT_REFUSED"],
        ["readonly", { rowId: aliceRow, column: "title", value: "x" }, 403, "DASHBASE_E_TABLE_EDIT_REFUSED"],
        ["nowhere", { rowId: aliceRow, column: "stars", value: 1 }, 404, "DASHBASE_E_NOT_FOUND"],
        // another visitor's row is outside the table's where: as if it did not exist
        ["mine", { rowId: otherRow, column: "stars", value: 5 }, 404, "DASHBASE_E_NOT_FOUND"],
        ["mine", { rowId: 987654, column: "stars", value: 5 }, 404, "DASHBASE_E_NOT_FOUND"],
        ["mine", { rowId: "1 OR 1=1", column: "stars", value: 5 }, 400, "DASHBASE_E_TABLE_QUERY"],
        ["mine", { rowId: null, column: "stars", value: 5 }, 400, "DASHBASE_E_TABLE_QUERY"],
        ["mine", { rowId: aliceRow, column: "stars", value: { sql: "1" } }, 400, "DASHBASE_E_TABLE_QUERY"],
        ["mine", { rowId: aliceRow, column: "stars", value: 5, path: "no-slash" }, 400, "DASHBASE_E_TABLE_QUERY"],
      ];
      for (const [table, body, status, code] of cases) {
        const answer = await alice.tableEdit(table, body as never);
        assert.equal(answer.status, status, `${table} ${JSON.stringify(body)}: ${answer.text}`);
        assert.equal((answer.body as { error: { code: string } }).error.code, code, JSON.stringify(body));
      }
      const noCsrf = await alice.post(
        "/_dashbase/table/mine/edit",
        { rowId: aliceRow, column: "stars", value: 5 },
        { "x-dashbase-csrf": "wrong" },
      );
      assert.equal(noCsrf.status, 403);
      assert.equal((noCsrf.body as { error: { code: string } }).error.code, "DASHBASE_E_CSRF");
      assert.deepEqual(await stored(db), before, "nothing was written");
    });
  });
}
