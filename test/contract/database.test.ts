/**
 * The Database contract: the same behaviour on embedded PGlite and on a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { date, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { insertRow, updateRows } from "dashbase";
import { dropServerDatabases, withPooler } from "../support/backends.js";

const authors = pgTable("authors", {
  id: serial("id").primaryKey(),
  fullName: text("full_name").notNull().unique(),
});
const notes = pgTable("notes", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  stars: integer("stars").notNull(),
  authorId: integer("author_id").references(() => authors.id),
  meta: jsonb("meta").$type<Record<string, unknown>>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

const ddl = `
  create table authors (id serial primary key, full_name text not null unique);
  create table notes (
    id serial primary key, title text not null, stars integer not null,
    author_id integer references authors(id), meta jsonb,
    created_at timestamptz not null default now()
  );`;

after(dropServerDatabases);

for (const backend of withPooler) {
  describe(`Database on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      await db.exec(ddl);
    });
    after(() => db.close());

    it("inserts, reads, updates and deletes rows through drizzle", async () => {
      const [author] = await db.insert(authors).values({ fullName: "Ada" }).returning();
      const [note] = await db.insert(notes).values({ title: "first", stars: 3, authorId: author!.id }).returning();
      assert.equal(note!.title, "first");
      await db.update(notes).set({ stars: 4 }).where(eq(notes.id, note!.id));
      const rows = await db.select().from(notes).where(eq(notes.id, note!.id));
      assert.equal(rows[0]!.stars, 4);
      await db.delete(notes).where(eq(notes.id, note!.id));
      assert.equal((await db.select().from(notes).where(eq(notes.id, note!.id))).length, 0);
    });

    it("round-trips JSONB and timestamps with time zone", async () => {
      const meta = { tags: ["a", "b"], nested: { n: 1.5, ok: true, none: null } };
      const when = new Date("2024-03-01T12:34:56.789Z");
      const [row] = await db.insert(notes).values({ title: "json", stars: 1, meta, createdAt: when }).returning();
      assert.deepEqual(row!.meta, meta);
      assert.equal(row!.createdAt.toISOString(), when.toISOString());
      const raw = await db.query<{ meta: unknown; created_at: Date; n: number }>(
        "select meta, created_at, count(*) over () as n from notes where id = $1",
        [row!.id],
      );
      assert.deepEqual(raw.rows[0]!.meta, meta);
      assert.ok(raw.rows[0]!.created_at instanceof Date);
      assert.equal(raw.rows[0]!.created_at.toISOString(), when.toISOString());
      assert.equal(raw.rows[0]!.n, 1, "count(*) is a number on both drivers");
    });

    it("reads int8, date and timestamp the same way through query() and leaves drizzle's own mapping alone", async () => {
      const raw = await db.query<{ small: unknown; big: unknown; day: unknown; at: unknown }>(
        "select 42::int8 as small, 9007199254740993::int8 as big, '2024-03-01'::date as day, '2024-03-01 12:34:56'::timestamp as at",
      );
      assert.equal(raw.rows[0]!.small, 42);
      assert.equal(raw.rows[0]!.big, 9007199254740993n);
      assert.equal(raw.rows[0]!.day, "2024-03-01");
      assert.equal((raw.rows[0]!.at as Date).toISOString(), "2024-03-01T12:34:56.000Z");
      const typed = pgTable("typed_values", { id: serial("id").primaryKey(), day: date("day").notNull(), at: timestamp("at").notNull() });
      await db.exec("create table typed_values (id serial primary key, day date not null, at timestamp not null)");
      await db.insert(typed).values({ day: "2024-03-01", at: new Date("2024-03-01T12:34:56.000Z") });
      const [row] = await db.select().from(typed);
      assert.equal(row!.day, "2024-03-01");
      assert.equal(row!.at.toISOString(), "2024-03-01T12:34:56.000Z");
    });

    it("runs named statements like unnamed ones, again and again and inside transactions", async () => {
      const text = "select title, stars from notes where stars >= $1 order by id";
      const unnamed = await db.query(text, [0]);
      for (let i = 0; i < 3; i += 1) assert.deepEqual((await db.query(text, [0], { name: "test_notes_by_stars" })).rows, unnamed.rows);
      await db.transaction(async (tx) => {
        await tx.query("insert into notes (title, stars) values ($1, $2)", ["named", 9], { name: "test_insert_note" });
        const { rows } = await tx.query<{ title: string }>(text, [9], { name: "test_notes_by_stars" });
        assert.deepEqual(
          rows.map((row) => row.title),
          ["named"],
        );
        // On a server the connection keeps the statement prepared; PGlite ignores the name.
        const prepared = (await tx.query<{ name: string }>("select name from pg_prepared_statements")).rows.map((row) => row.name);
        assert.equal(prepared.includes("test_insert_note"), backend.name === "postgres");
      });
      const { rowCount } = await db.query("insert into notes (title, stars) values ($1, $2)", ["named again", 9], {
        name: "test_insert_note",
      });
      assert.equal(rowCount, 1);
      await assert.rejects(db.query("select 1 as x where $1::int = 1", ["not a number"], { name: "test_bad_param" }));
      assert.deepEqual((await db.query("select 1 as x where $1::int = 1", [1], { name: "test_bad_param" })).rows, [{ x: 1 }]);
    });

    it("refuses a statement name used for another text, and malformed names, before sending anything", async () => {
      await db.query("select 1 as one", [], { name: "test_one" });
      await assert.rejects(
        db.query("select 2 as two", [], { name: "test_one" }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STATEMENT_NAME") && /another text/.test(error.message),
      );
      for (const name of ["", "1abc", "has space", "x".repeat(64), "semi;colon"]) {
        await assert.rejects(
          db.query("select 1 as one", [], { name }),
          (error: unknown) => isDashbaseError(error, "DASHBASE_E_STATEMENT_NAME"),
          name,
        );
      }
      await db.transaction(async (tx) => {
        await assert.rejects(tx.query("select 3 as three", [], { name: "test_one" }), (error: unknown) =>
          isDashbaseError(error, "DASHBASE_E_STATEMENT_NAME"),
        );
      });
      assert.deepEqual((await db.query("select 1 as one", [], { name: "test_one" })).rows, [{ one: 1 }]);
    });

    it("sends values as parameters, so SQL in a value is stored verbatim", async () => {
      const evil = "x'); drop table notes; --";
      await db.query("insert into notes (title, stars) values ($1, $2)", [evil, 1]);
      const found = await db.execute<{ title: string }>(sql`select title from notes where title = ${evil}`);
      assert.equal(found.rows[0]!.title, evil);
    });

    it("commits a transaction that resolves and rolls back one that throws", async () => {
      await db.transaction(async (tx) => {
        await tx.insert(notes).values({ title: "kept", stars: 1 });
      });
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.insert(notes).values({ title: "dropped", stars: 1 });
          throw new Error("boom");
        }),
        /boom/,
      );
      const titles = (await db.select({ title: notes.title }).from(notes)).map((r) => r.title);
      assert.ok(titles.includes("kept"));
      assert.ok(!titles.includes("dropped"));
    });

    it("rolls back a nested transaction to its savepoint and keeps the outer work", async () => {
      await db.transaction(async (tx) => {
        await tx.insert(notes).values({ title: "outer", stars: 1 });
        await assert.rejects(
          tx.transaction(async (inner) => {
            assert.equal(inner.depth, 2);
            await inner.insert(notes).values({ title: "inner", stars: 1 });
            throw new Error("inner fails");
          }),
        );
        await tx.transaction(async (inner) => {
          await inner.insert(notes).values({ title: "inner-ok", stars: 1 });
        });
      });
      const titles = (await db.select({ title: notes.title }).from(notes)).map((r) => r.title);
      assert.ok(titles.includes("outer") && titles.includes("inner-ok"));
      assert.ok(!titles.includes("inner"));
    });

    it("raises a clear error when the outer handle is used inside a transaction callback", async () => {
      await assert.rejects(
        db.transaction(async () => {
          await db.select().from(notes);
        }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION") && /use the `tx`/.test(error.message),
      );
      assert.ok((await db.health()).ok, "the handle still works afterwards");
    });

    it("still refuses the outer handle in a transaction that starts after others finished, and inside a savepoint after await", async () => {
      await db.transaction(async (tx) => tx.query("select 1"));
      await db.transaction(async (tx) => tx.query("select 2"));
      assert.ok((await db.health()).ok, "outside any transaction the outer handle works");
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.query("select 3");
          await tx.transaction(async (inner) => {
            await inner.query("select 4");
            await new Promise((resolve) => setTimeout(resolve, 5));
            await db.query("select 5");
          });
        }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION"),
      );
      assert.ok((await db.health()).ok);
    });

    it("refuses BEGIN, COMMIT and ROLLBACK through the raw query API with a pointer to transaction()", async () => {
      for (const statement of ["BEGIN", "  commit", "/* c */ ROLLBACK", "start transaction", "select 1; begin"]) {
        await assert.rejects(
          db.query(statement),
          (error: unknown) => isDashbaseError(error, "DASHBASE_E_RAW_TRANSACTION_CONTROL") && /db\.transaction/.test(error.message),
        );
      }
      await db.query("select 'begin; commit' as text");
    });

    it("serves concurrent callers, each getting its own results", async () => {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => db.query<{ n: number }>("select $1::int * 2 as n", [i])));
      assert.deepEqual(
        results.map((r) => r.rows[0]!.n),
        Array.from({ length: 25 }, (_, i) => i * 2),
      );
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.insert(notes).values({ title: `concurrent-${i}`, stars: i });
          }),
        ),
      );
      const { rows } = await db.query<{ n: number }>("select count(*) as n from notes where title like 'concurrent-%'");
      assert.equal(rows[0]!.n, 10);
    });

    it("turns a unique violation into a coded error naming the column and constraint", async () => {
      await insertRow(db, authors, { fullName: "Grace" });
      await assert.rejects(
        insertRow(db, authors, { fullName: "Grace" }),
        (error: unknown) =>
          isDashbaseError(error, "DASHBASE_E_UNIQUE_VIOLATION") &&
          /^fullName: must be unique/.test(error.message) &&
          /authors_full_name_key/.test(error.message),
      );
    });

    it("turns a foreign-key violation into a coded error naming the column and the referenced table", async () => {
      await assert.rejects(
        insertRow(db, notes, { title: "orphan", stars: 1, authorId: 999_999 }),
        (error: unknown) =>
          isDashbaseError(error, "DASHBASE_E_FOREIGN_KEY_VIOLATION") &&
          /^authorId: refers to a row that does not exist in "authors"/.test(error.message),
      );
    });

    it("lists every bad field on insert, by the name written in the model", async () => {
      await assert.rejects(insertRow(db, notes, { title: 42, stars: "abc", colour: "red" }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_VALIDATION"));
        assert.match(error.message, /title: expected a string, found 42/);
        assert.match(error.message, /stars: expected an integer, found "abc"/);
        assert.match(error.message, /colour: not a column of this model/);
        assert.equal(error.status, 400);
        return true;
      });
      await assert.rejects(insertRow(db, notes, { stars: 1 }), /title: expected a string, found nothing/);
    });

    it("inserts through insertRow's reused statement as drizzle would: defaults per row, nulls, JSON, dates, transactions", async () => {
      let calls = 0;
      const tagged = pgTable("tagged_notes", {
        id: serial("id").primaryKey(),
        tag: text("tag")
          .notNull()
          .$defaultFn(() => `tag-${(calls += 1)}`),
        meta: jsonb("meta").$type<unknown>(),
        at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
      });
      await db.exec(
        "create table tagged_notes (id serial primary key, tag text not null, meta jsonb, at timestamptz not null default now())",
      );
      const first = await insertRow(db, tagged, { meta: { a: [1, 2] } });
      const second = await insertRow(db, tagged, { meta: { b: true } });
      assert.deepEqual([first.tag, second.tag], ["tag-1", "tag-2"], "the $defaultFn runs for every row, not once per statement");
      assert.deepEqual(second.meta, { b: true });
      assert.ok(first.at instanceof Date);
      // A null is SQL NULL (not JSON null), whether it comes first or after the same columns with a value.
      const empty = await insertRow(db, tagged, { tag: "empty", meta: null });
      const stored = await db.query<{ is_null: boolean }>("select meta is null as is_null from tagged_notes where id = $1", [empty.id]);
      assert.equal(stored.rows[0]!.is_null, true);
      assert.equal(empty.meta, null);
      const jsonNull = await db.query<{ kind: string | null }>("select jsonb_typeof(meta) as kind from tagged_notes where id = $1", [
        second.id,
      ]);
      assert.equal(jsonNull.rows[0]!.kind, "object");
      const fixed = await insertRow(db, tagged, { tag: "fixed", at: new Date("2024-01-02T03:04:05Z") });
      assert.equal(fixed.at.toISOString(), "2024-01-02T03:04:05.000Z");
      // Inside a transaction the row is the transaction's: gone when it rolls back.
      await assert.rejects(
        db.transaction(async (tx) => {
          await insertRow(tx, tagged, { tag: "rolled back" });
          // Built once, but never prepared on the server under a name (a transaction-mode pooler refuses those).
          const prepared = await tx.query<{ statement: string }>("select statement from pg_prepared_statements");
          assert.equal(prepared.rows.filter((row) => row.statement.includes("tagged_notes")).length, 0);
          await assert.rejects(insertRow(db, tagged, { tag: "outer" }), (error: unknown) =>
            isDashbaseError(error, "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION"),
          );
          throw new Error("undo");
        }),
        /undo/,
      );
      const tags = await db.query<{ tag: string }>("select tag from tagged_notes order by id");
      assert.deepEqual(
        tags.rows.map((row) => row.tag),
        ["tag-1", "tag-2", "empty", "fixed"],
      );
    });

    it("validates updates and leaves the row unchanged when a field is bad", async () => {
      const note = await insertRow(db, notes, { title: "to-update", stars: 2 });
      await assert.rejects(updateRows(db, notes, { stars: 2.5 }, eq(notes.id, note.id)), /stars: expected an integer, found 2.5/);
      const [updated] = await updateRows(db, notes, { stars: 5 }, eq(notes.id, note.id));
      assert.equal(updated!.stars, 5);
    });

    it("reports health and refuses use after close", async () => {
      const other = await backend.open();
      const health = await other.health();
      assert.equal(health.ok, true);
      assert.equal(health.driver, backend.driver);
      await other.close();
      await other.close();
      await assert.rejects(other.query("select 1"), (error: unknown) => isDashbaseError(error, "DASHBASE_E_DB_CLOSED"));
    });
  });
}
