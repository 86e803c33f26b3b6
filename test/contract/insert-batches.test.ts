/**
 * insertRow's concurrent inserts on every backend: sent together as fewer statements, each caller
 * answered with its own row; a row whose values fail takes only its own caller down; a
 * transaction's inserts go one statement each, on its own connection. The statements are counted
 * by a statement-level trigger, which PostgreSQL fires once per INSERT.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { customType, integer, jsonb, pgTable, serial, text } from "drizzle-orm/pg-core";
import type { Database } from "dashbase";
import { insertRow, isDashbaseError } from "dashbase";
import { dropServerDatabases, withPooler } from "../support/backends.js";
import { insideWhileOutsideWaits } from "../support/outside-waits.js";

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

    it("batches rows with a null and rows with a value in the same column apart, each stored as given", async () => {
      const before = await statements();
      const given = [0, 1, 2, 3, 4, 5].map((n) => ({ name: `noted-${n}`, stars: 1, note: n % 2 === 0 ? `note ${n}` : null }));
      const rows = await Promise.all(given.map((values) => insertRow(db, entries, values)));
      // Each set of columns goes alone first, then its other two together.
      assert.equal((await statements()) - before, 4);
      assert.deepEqual(
        rows.map((row) => row.note),
        given.map((values) => values.note),
      );
      const stored = await db.query<{ name: string; note: string | null }>(
        "select name, note from entries where name like 'noted-%' order by name",
      );
      assert.deepEqual(
        stored.rows,
        given.map(({ name, note }) => ({ name, note })),
      );
    });

    it("runs each row's $defaultFn and encodes its JSON on its own inside a batch", async () => {
      let calls = 0;
      const tagged = pgTable("batched_tags", {
        id: serial("id").primaryKey(),
        tag: text("tag")
          .notNull()
          .$defaultFn(() => `tag-${(calls += 1)}`),
        meta: jsonb("meta").$type<unknown>().notNull(),
      });
      await db.exec("create table batched_tags (id serial primary key, tag text not null, meta jsonb not null)");
      const metas = [{ a: 1 }, [1, "two"], { nested: { deep: true } }, "text", 5];
      const rows = await Promise.all(metas.map((meta) => insertRow(db, tagged, { meta })));
      assert.deepEqual(
        rows.map((row) => row.meta),
        metas,
      );
      assert.deepEqual(new Set(rows.map((row) => row.tag)).size, metas.length, "a default per row");
      const stored = await db.query<{ id: number; tag: string; kind: string }>(
        "select id, tag, jsonb_typeof(meta) as kind from batched_tags order by id",
      );
      assert.deepEqual(
        stored.rows.map((row) => [row.tag, row.kind]),
        rows.map((row) => [row.tag, typeof row.meta === "object" ? (Array.isArray(row.meta) ? "array" : "object") : typeof row.meta]),
      );
    });

    it("fails only the caller whose value its column's encoder refuses", async () => {
      const picky = customType<{ data: string; driverData: string }>({
        dataType: () => "text",
        toDriver: (value) => {
          if (value === "refused") throw new Error("this value is refused by its column's encoder");
          return value;
        },
      });
      const codes = pgTable("batched_codes", { id: serial("id").primaryKey(), code: picky("code").notNull() });
      await db.exec("create table batched_codes (id serial primary key, code text not null)");
      const outcomes = await Promise.allSettled(["a", "b", "refused", "c", "d"].map((code) => insertRow(db, codes, { code })));
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"],
      );
      assert.match(String((outcomes[2] as PromiseRejectedResult).reason), /refused by its column's encoder/);
      const stored = await db.query<{ code: string }>("select code from batched_codes order by code");
      assert.deepEqual(
        stored.rows.map((row) => row.code),
        ["a", "b", "c", "d"],
      );
    });

    it("answers a row a trigger kept out as before when alone, and with a coded error when it was sent with others", async () => {
      const kept = pgTable("kept_rows", { id: serial("id").primaryKey(), name: text("name").notNull(), note: text("note") });
      await db.exec(`
        create table kept_rows (id serial primary key, name text not null, note text);
        create function keep_out() returns trigger language plpgsql as
          $$ begin if new.name like 'skip%' then return null; end if; return new; end $$;
        create trigger kept_rows_skip before insert on kept_rows for each row execute function keep_out();`);
      assert.equal(await insertRow(db, kept, { name: "skip-alone" }), undefined);
      const outcomes = await Promise.allSettled(["first", "second", "skip-batched", "third"].map((name) => insertRow(db, kept, { name })));
      assert.equal(outcomes[0]!.status, "fulfilled");
      for (const outcome of outcomes.slice(1)) {
        assert.equal(outcome.status, "rejected");
        assert.ok(isDashbaseError((outcome as PromiseRejectedResult).reason, "DASHBASE_E_DB_QUERY"));
      }
      // The rows the trigger let through are stored, and the table's inserts go one by one now.
      const stored = await db.query<{ name: string }>("select name from kept_rows order by id");
      assert.deepEqual(
        stored.rows.map((row) => row.name),
        ["first", "second", "third"],
      );
      const later = await Promise.all(["fourth", "fifth"].map((name) => insertRow(db, kept, { name })));
      assert.deepEqual(
        later.map((row) => row.name),
        ["fourth", "fifth"],
      );
      // Rows with other columns set go alone too: one the trigger keeps out answers nothing, the others their rows.
      const noted = await Promise.all(["sixth", "skip-noted", "seventh"].map((name) => insertRow(db, kept, { name, note: "n" })));
      assert.deepEqual(
        noted.map((row) => row?.name),
        ["sixth", undefined, "seventh"],
      );
    });

    it(
      "refuses the outer handle inside a transaction callback at once, even while rows sent from outside wait for that transaction",
      { timeout: 30_000 },
      async () => {
        // The inside row, queued behind the outside ones, would go out with theirs and wait for the
        // transaction, which waits for it (a deadlock): refused at once instead.
        const { transaction, outside } = insideWhileOutsideWaits(
          db,
          "entries",
          () => [insertRow(db, entries, { name: "outside-1", stars: 2 }), insertRow(db, entries, { name: "outside-2", stars: 2 })],
          () => insertRow(db, entries, { name: "inside", stars: 2 }),
        );
        await assert.rejects(transaction, (error: unknown) => isDashbaseError(error, "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION"));
        assert.deepEqual(
          (await outside).map((row) => row.name),
          ["outside-1", "outside-2"],
        );
        const stored = await db.query("select 1 from entries where name = 'inside'");
        assert.equal(stored.rows.length, 0);
      },
    );

    it("gives each caller of a statement that failed for all of them an error without the others' values", async () => {
      const secrets = pgTable("secrets", { id: serial("id").primaryKey(), secret: text("secret").notNull() });
      await db.exec(`
        create table secrets (id serial primary key, secret text not null);
        create table secrets_fail (on_insert boolean not null);
        insert into secrets_fail values (false);
        create function fail_secrets() returns trigger language plpgsql as
          $$ begin if (select on_insert from secrets_fail) then raise exception 'refusing every row' using errcode = 'XX000'; end if; return null; end $$;
        create trigger secrets_fail after insert on secrets for each statement execute function fail_secrets();`);
      await db.query("update secrets_fail set on_insert = true");
      const values = ["secret-alpha", "secret-bravo", "secret-charlie", "secret-delta"];
      const outcomes = await Promise.allSettled(values.map((secret) => insertRow(db, secrets, { secret })));
      outcomes.forEach((outcome, index) => {
        assert.equal(outcome.status, "rejected");
        const reason = (outcome as PromiseRejectedResult).reason as Error;
        const text = [
          reason.message,
          (reason.cause as Error | undefined)?.message,
          ((reason.cause as Error | undefined)?.cause as Error | undefined)?.message,
        ].join(" ");
        assert.match(text, /refusing every row/);
        for (const other of values)
          if (other !== values[index]) assert.doesNotMatch(text, new RegExp(other), `caller ${index} sees ${other}`);
      });
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
