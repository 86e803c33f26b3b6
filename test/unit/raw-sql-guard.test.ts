import assert from "node:assert/strict";
import { it } from "node:test";
import { assertNoTransactionControl } from "../../src/db/raw-sql-guard.js";

it("refuses transaction control in any statement of a script", () => {
  for (const text of ["begin", "BEGIN;", "-- note\nCOMMIT", "select 1; rollback", "end", "abort", "savepoint a", "release savepoint a", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE"]) {
    assert.throws(() => assertNoTransactionControl(text), /use|wrap/, text);
  }
});

it("allows the words inside strings, identifiers, comments and dollar quotes", () => {
  for (const text of [
    "select 'begin; commit'",
    'select 1 as "begin"',
    "select 1 /* ; rollback */",
    "create function f() returns void language plpgsql as $$ begin perform 1; end $$",
    "insert into t (body) values ('x'); select 2",
    "update accounts set ending = true",
  ]) {
    assert.doesNotThrow(() => assertNoTransactionControl(text), text);
  }
});
