import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { boolean, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { runTableQuery } from "../../src/tables/table-query.js";
import { declareTable, type DeclaredTable, type TableContext } from "../../src/tables/declared-table.js";
import type { Database } from "dashbase";
import { DashbaseError } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";

const notes = pgTable("table_notes", {
  id: serial("id").primaryKey(),
  owner: text("owner").notNull(),
  title: text("title").notNull(),
  stars: integer("stars").notNull(),
  done: boolean("done").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

const session = { id: "s", owner: "alice", userId: null, csrfToken: "t" } as unknown as TableContext["session"];

function binding(where?: boolean): DeclaredTable {
  return declareTable("notes", {
    from: notes,
    columns: ["id", "title", "stars", "done", "createdAt"],
    pageSize: 3,
    ...(where ? { where: (ctx: TableContext) => eq(notes.owner, ctx.session.owner) } : {}),
  });
}

let db: Database;
const contextOf = (path: string): TableContext => ({ session, userId: null, path, params: {}, query: {}, db });

const tableCode = (error: unknown): boolean => error instanceof DashbaseError && error.code === "DASHBASE_E_TABLE_QUERY";

for (const backend of backends) {
  describe(`DataTable bound to a query (${backend.name})`, () => {
    before(async () => {
      db = await backend.open();
      await db.exec(
        `CREATE TABLE table_notes (id serial primary key, owner text not null, title text not null, stars integer not null, done boolean not null default false, created_at timestamptz not null)`,
      );
      const titles = [
        "Road trip",
        "100% done",
        "under_score",
        "Quote ' and \\ back",
        "road works",
        "Shopping",
        "Robert'); DROP TABLE table_notes;--",
      ];
      for (const [index, title] of titles.entries()) {
        await db.insert(notes).values({
          owner: index % 2 === 0 ? "alice" : "bob",
          title,
          stars: index,
          done: index % 3 === 0,
          createdAt: new Date(Date.UTC(2024, 0, index + 1)),
        });
      }
    });
    after(async () => {
      await db.close();
      await dropServerDatabases();
    });

    it("pages with a total count, counting pages from 0", async () => {
      const first = await runTableQuery(db, binding(), { page: 0, sortBy: [{ column: "id", direction: "asc" }] }, contextOf);
      assert.equal(first.total, 7);
      assert.equal(first.pageSize, 3);
      assert.deepEqual(
        first.rows.map((row) => row["id"]),
        [1, 2, 3],
      );
      const last = await runTableQuery(db, binding(), { page: 2, sortBy: [{ column: "id", direction: "asc" }] }, contextOf);
      assert.deepEqual(
        last.rows.map((row) => row["id"]),
        [7],
      );
      assert.equal(typeof first.rows[0]!["createdAt"], "object");
      assert.equal(JSON.parse(JSON.stringify(first.rows[0]))["createdAt"], "2024-01-01T00:00:00.000Z");
    });

    it("sorts by several columns in either direction", async () => {
      const page = await runTableQuery(
        db,
        binding(),
        {
          pageSize: 7,
          sortBy: [
            { column: "done", direction: "desc" },
            { column: "stars", direction: "desc" },
          ],
        },
        contextOf,
      );
      assert.deepEqual(
        page.rows.map((row) => row["stars"]),
        [6, 3, 0, 5, 4, 2, 1],
      );
    });

    it("filters text case-insensitively and literally, numbers and dates with comparisons", async () => {
      const titles = async (filter: Record<string, string>) =>
        (await runTableQuery(db, binding(), { pageSize: 10, filter, sortBy: [{ column: "id", direction: "asc" }] }, contextOf)).rows.map(
          (row) => row["title"],
        );
      assert.deepEqual(await titles({ title: "ROAD" }), ["Road trip", "road works"]);
      assert.deepEqual(await titles({ title: "100%" }), ["100% done"]);
      assert.deepEqual(await titles({ title: "R_ad" }), [], "_ is not a wildcard");
      assert.deepEqual(await titles({ title: "%" }), ["100% done"], "% is not a wildcard");
      assert.deepEqual(await titles({ stars: ">=5" }), ["Shopping", "Robert'); DROP TABLE table_notes;--"]);
      assert.deepEqual(await titles({ stars: "2" }), ["under_score"]);
      assert.deepEqual(await titles({ createdAt: "<2024-01-03" }), ["Road trip", "100% done"]);
      assert.deepEqual(await titles({ done: "true", stars: "<4" }), ["Road trip", "Quote ' and \\ back"]);
    });

    it("treats injection attempts in filter text as plain text to search for", async () => {
      const attempts = [
        "' OR 1=1 --",
        "'); DROP TABLE table_notes;--",
        "\\'; select pg_sleep(1);--",
        "Quote ' and \\ back",
        "1; delete from table_notes",
      ];
      const found: unknown[][] = [];
      for (const text of attempts) {
        found.push((await runTableQuery(db, binding(), { filter: { title: text } }, contextOf)).rows.map((row) => row["title"]));
        found.push((await runTableQuery(db, binding(), { filter: { stars: text } }, contextOf)).rows.map((row) => row["title"]));
      }
      // "' OR 1=1 --" is the filter language's OR of two substrings: titles holding "'", or "1=1 --" (none).
      assert.deepEqual(found, [
        ["Quote ' and \\ back", "Robert'); DROP TABLE table_notes;--"],
        [],
        ["Robert'); DROP TABLE table_notes;--"],
        [],
        [],
        [],
        ["Quote ' and \\ back"],
        [],
        [],
        [],
      ]);
      const { rows } = await db.query<{ n: number }>("select count(*)::int as n from table_notes");
      assert.equal(rows[0]!.n, 7, "every row is still there");
    });

    it("combines tests with AND and OR, and refuses a filter that does not fit its column", async () => {
      const titles = async (filter: Record<string, string>) =>
        (await runTableQuery(db, binding(), { pageSize: 10, filter, sortBy: [{ column: "id", direction: "asc" }] }, contextOf)).rows.map(
          (row) => row["title"],
        );
      assert.deepEqual(await titles({ stars: "< 1 OR >= 6" }), ["Road trip", "Robert'); DROP TABLE table_notes;--"]);
      assert.deepEqual(await titles({ stars: "> 0 AND < 3", title: "contains done OR = SHOPPING" }), ["100% done"]);
      assert.deepEqual(await titles({ title: '= "road works"' }), ["road works"]);
      const filterCode = (error: unknown): boolean =>
        error instanceof DashbaseError && error.code === "DASHBASE_E_TABLE_FILTER" && error.message.includes("filter.stars");
      await assert.rejects(runTableQuery(db, binding(), { filter: { stars: "> many" } }, contextOf), filterCode);
      await assert.rejects(runTableQuery(db, binding(), { filter: { stars: "=< 3" } }, contextOf), filterCode);
    });

    it("refuses unknown columns in sort and filter, and bad paging, naming what it expected", async () => {
      await assert.rejects(
        runTableQuery(db, binding(), { sortBy: [{ column: "owner", direction: "asc" }] }, contextOf),
        (error: unknown) =>
          tableCode(error) &&
          /sortBy\[0\]\.column: expected one of the columns id, title, stars, done, createdAt, found "owner"/.test(
            (error as Error).message,
          ),
      );
      await assert.rejects(
        runTableQuery(db, binding(), { sortBy: [{ column: "title; drop table x", direction: "asc" }] }, contextOf),
        tableCode,
      );
      await assert.rejects(runTableQuery(db, binding(), { sortBy: [{ column: "title", direction: "sideways" }] }, contextOf), tableCode);
      await assert.rejects(runTableQuery(db, binding(), { filter: { 'title" or 1=1': "x" } }, contextOf), tableCode);
      await assert.rejects(runTableQuery(db, binding(), { page: -1 }, contextOf), tableCode);
      await assert.rejects(runTableQuery(db, binding(), { pageSize: 100_000 }, contextOf), tableCode);
      await assert.rejects(runTableQuery(db, binding(), { filter: { title: "x".repeat(201) } }, contextOf), tableCode);
    });

    it("limits rows to what the session may see with where(session)", async () => {
      const page = await runTableQuery(db, binding(true), { pageSize: 10 }, contextOf);
      assert.equal(page.total, 4);
      const bobs = await runTableQuery(db, binding(true), { pageSize: 10, filter: { title: "100" } }, contextOf);
      assert.equal(bobs.total, 0, "bob's row stays hidden even when the filter matches it");
    });
  });
}
