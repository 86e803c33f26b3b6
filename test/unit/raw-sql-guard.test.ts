import assert from "node:assert/strict";
import { it } from "node:test";
import { assertNoTransactionControl, TransactionControlGuard } from "../../src/db/raw-sql-guard.js";

it("refuses transaction control in any statement of a script", () => {
  for (const text of [
    "begin",
    "BEGIN;",
    "-- note\nCOMMIT",
    "select 1; rollback",
    "end",
    "abort",
    "savepoint a",
    "release savepoint a",
    "START TRANSACTION ISOLATION LEVEL SERIALIZABLE",
    "start /* c */ transaction",
    "/* a /* nested */ comment */ commit",
    "select E'\\''; commit",
  ]) {
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
    "prepare transactions_by_id as select 1",
    "create function f() returns int language sql begin atomic select 1; end",
  ]) {
    assert.doesNotThrow(() => assertNoTransactionControl(text), text);
  }
});

it("refuses transaction control every time through the remembering guard, and keeps its memory bounded", () => {
  const guard = new TransactionControlGuard(3, 100);
  for (let i = 0; i < 2; i += 1) {
    assert.throws(() => guard.check("select 1; commit"), /wrap/);
    assert.doesNotThrow(() => guard.check("select 1"));
  }
  assert.equal(guard.size, 1, "only passing texts are remembered");
  for (const text of ["select 2", "select 3", "select 4", "select 5"]) guard.check(text);
  assert.ok(guard.size <= 3);
  guard.check(`select '${"x".repeat(200)}'`);
  assert.ok(guard.size <= 3, "long texts are checked but not remembered");
  assert.throws(() => guard.check("begin"), /wrap/);
});
