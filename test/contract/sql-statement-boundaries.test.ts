/**
 * The SQL lexer's statement boundaries checked against the database itself, on PGlite and on
 * PostgreSQL when TEST_DATABASE_URL is set: a script run whole and the same script run statement
 * by statement (as the migration runner does) leave the same rows, and the guard lets it through.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "../../src/db/database.js";
import { splitSqlStatements } from "../../src/migrations/sql-statements.js";
import { backends, dropServerDatabases } from "../support/backends.js";

after(dropServerDatabases);

/** Scripts whose semicolons only a correct lexer places right; each with its statement count. */
const scripts: [string, number][] = [
  ["insert into seen (v) values ('a;b'); insert into seen (v) values (E'\\'; c')", 2],
  ["insert into seen (v) values (E'a'\n  -- continued\n  '\\'; still'); insert into seen (v) values ('b')", 2],
  ["insert into seen (v) values ($$;$$), ($q$ $$; $q$); insert into seen (v) select 'x' as y$q$", 2],
  ["insert into seen (v) values ('a') /* /* */ ; insert into seen (v) values ('b') */; insert into seen (v) values ('c')", 2],
  [`insert into seen (v) select 'it''s; here' as "a""b;"; insert into seen (v) values (U&'\\0041;')`, 2],
  ["-- only a comment;\ninsert into seen (v) values ('-- not a comment; really');\n/* trailing */", 1],
  [
    "create table seen_source (v text); create rule seen_rule as on insert to seen_source do also (insert into seen (v) values ('r;1'); insert into seen (v) values ('r;2')); insert into seen_source values ('x')",
    3,
  ],
  [
    "create function seen_fill() returns void language sql begin atomic insert into seen (v) values ('f;1'); insert into seen (v) values (case when true then 'f;2' end); end; select seen_fill(); insert into seen (v) values ('after')",
    3,
  ],
];

for (const backend of backends) {
  describe(`SQL statement boundaries on ${backend.name}`, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db.close();
    });

    const fresh = (): Promise<void> =>
      db.exec(
        "drop table if exists seen_source cascade; drop function if exists seen_fill(); drop table if exists seen; create table seen (n serial primary key, v text)",
      );
    const rows = async (): Promise<string[]> => (await db.query<{ v: string }>("select v from seen order by n")).rows.map((row) => row.v);

    for (const [script, count] of scripts) {
      it(`runs ${JSON.stringify(script.slice(0, 60))}... the same whole and statement by statement`, async () => {
        const statements = splitSqlStatements(script);
        assert.equal(statements.length, count);
        await fresh();
        await db.exec(script);
        const whole = await rows();
        assert.ok(whole.length > 0);
        await fresh();
        for (const statement of statements) await db.exec(statement);
        assert.deepEqual(await rows(), whole);
      });
    }
  });
}
