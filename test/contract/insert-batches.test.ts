/**
 * insertRow's concurrent inserts on every backend: sent together as fewer statements, each caller
 * answered with its own row; a row whose values fail takes only its own caller down; a
 * transaction's inserts go one statement each, on its own connection. The statements are counted
 * by a statement-level trigger, which PostgreSQL fires once per INSERT.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import type { Database } from "dashbase";
import { insertRow, isDashbaseError } from "dashbase";
import { dropServerDatabases, withPooler } from "../support/backends.js";

const entries = pgTable("entries", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  stars: integer("stars").notNull(),
  note: text("note"),
});

const ddl = `
  create table entries (id serial primary key, name text not null unique, stars integer not null check (stars between 1 and 5), note text);
  create table entry_statements (n integer not null);
  insert into entry_statements values (0);
  create function count_entry_statement() returns trigger language plpgsql as
    $$ begin update entry_statements set n = n + 1; return null; end $$;
  create trigger entries_statements after insert on entries for each statement execute function count_entry_statement();`;

after(dropServerDatabases);

for (const backend of withPooler) {
  describe(`insertRow's batched inserts on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
      await db.exec(ddl);
    });
    after(async () => {
      await db.close();
    });

    const statements = async (): Promise<number> => (await db.query<{ n: number }>("select n from entry_statements")).rows[0]!.n;

    it("sends concurrent inserts as fewer statements and answers each caller with its own row", async () => {
      const before = await statements();
      const names = Array.from({ length: 40 }, (_, index) => `together-${index}`);
      const rows = await Promise.all(names.map((name, index) => insertRow(db, entries, { name, stars: (index % 5) + 1 })));
      const sent = (await statements()) - before;
      assert.ok(sent < names.length, `expected fewer than ${names.length} statements, counted ${sent}`);
      rows.forEach((row, index) => {
        assert.equal(row.name, names[index]);
        assert.equal(row.stars, (index % 5) + 1);
      });
      // Each answer is the stored row under that id.
      const stored = await db.query<{ id: number; name: string }>("select id, name from entries where name like 'together-%'");
      assert.equal(stored.rows.length, names.length);
      const byId = new Map(stored.rows.map((row) => [row.id, row.name]));
      for (const row of rows) assert.equal(byId.get(row.id), row.name);
    });

    it("fails only the caller whose row breaks a constraint; the others' rows are stored", async () => {
      await insertRow(db, entries, { name: "taken", stars: 3 });
      const attempts = [
        insertRow(db, entries, { name: "ok-1", stars: 1 }),
        insertRow(db, entries, { name: "ok-2", stars: 2 }),
        insertRow(db, entries, { name: "taken", stars: 4 }),
        insertRow(db, entries, { name: "ok-3", stars: 9 }),
        insertRow(db, entries, { name: "ok-4", stars: 5 }),
        insertRow(db, entries, { name: "ok-5", stars: 5 }),
      ];
      const outcomes = await Promise.allSettled(attempts);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ["fulfilled", "fulfilled", "rejected", "rejected", "fulfilled", "fulfilled"],
      );
      const unique = (outcomes[2] as PromiseRejectedResult).reason;
      assert.ok(isDashbaseError(unique, "DASHBASE_E_UNIQUE_VIOLATION"), String(unique));
      assert.match(unique.message, /^name: must be unique/);
      const check = (outcomes[3] as PromiseRejectedResult).reason;
      assert.ok(isDashbaseError(check), String(check));
      assert.match(check.message, /entries_stars_check/);
      const stored = await db.query<{ name: string }>("select name from entries where name like 'ok-%' order by name");
      assert.deepEqual(
        stored.rows.map((row) => row.name),
        ["ok-1", "ok-2", "ok-4", "ok-5"],
      );
    });

    it("keeps rows with a null and rows with a value in the same column apart, each stored as given", async () => {
      const rows = await Promise.all([
        insertRow(db, entries, { name: "noted-1", stars: 1, note: "a note" }),
        insertRow(db, entries, { name: "unnoted-1", stars: 1, note: null }),
        insertRow(db, entries, { name: "noted-2", stars: 2, note: "another" }),
        insertRow(db, entries, { name: "unnoted-2", stars: 2 }),
      ]);
      assert.deepEqual(
        rows.map((row) => row.note),
        ["a note", null, "another", null],
      );
      const stored = await db.query<{ name: string; note: string | null }>(
        "select name, note from entries where name like '%noted-%' order by name",
      );
      assert.deepEqual(stored.rows, [
        { name: "noted-1", note: "a note" },
        { name: "noted-2", note: "another" },
        { name: "unnoted-1", note: null },
        { name: "unnoted-2", note: null },
      ]);
    });

    it("sends a transaction's inserts one statement each, and rolls them back with it", async () => {
      const before = await statements();
      await assert.rejects(
        db.transaction(async (tx) => {
          await Promise.all(Array.from({ length: 5 }, (_, index) => insertRow(tx, entries, { name: `tx-${index}`, stars: 1 })));
          const counted = (await tx.query<{ n: number }>("select n from entry_statements")).rows[0]!.n;
          assert.equal(counted - before, 5);
          throw new Error("undo");
        }),
        /undo/,
      );
      const stored = await db.query("select 1 from entries where name like 'tx-%'");
      assert.equal(stored.rows.length, 0);
      assert.equal(await statements(), before);
    });
  });
}
