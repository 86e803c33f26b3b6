/**
 * The embedded driver's statements with parameters go to PGlite as one batch of protocol messages
 * (src/db/drivers/pglite/statement-pipe.ts). They must answer exactly what PGlite's own query()
 * answers, values and errors alike, stay correct when the schema changes under a kept statement,
 * and make one call into PGlite per statement once the statement is known.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { runStatement } from "../../src/db/drivers/pglite/statement-pipe.js";
import { pgliteBackend } from "../support/backends.js";

/** What a result says, without PGlite's per-field parser functions. */
function shape(result: { rows: unknown[]; fields: Array<{ name: string; dataTypeID: number }>; affectedRows?: number }): unknown {
  return {
    rows: result.rows,
    fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    affectedRows: result.affectedRows,
  };
}

describe("statements in one batch on the embedded database", () => {
  let client: PGlite;
  before(async () => {
    client = await PGlite.create();
    await client.exec(`create table kinds (id serial primary key, t text, j jsonb, i int4, b int8, d timestamptz, ok bool,
      ints int4[], texts text[], raw bytea, n numeric, day date)`);
  });
  after(() => client.close());

  const rows: unknown[][] = [
    [
      "plain",
      { a: 1, list: ["x", null], nested: { 'quote"': "\u00e9" } },
      7,
      9007199254740993n,
      new Date("2026-01-02T03:04:05.678Z"),
      true,
      [1, 2, 3],
      ["a", "b,c", 'd"e'],
      new Uint8Array([0, 1, 255]),
      "12.50",
      "2026-01-02",
    ],
    [null, null, null, null, null, null, null, null, null, null, null],
    [undefined, [1, { b: 2 }], -1, 0, new Date(0), false, [], [], new Uint8Array(), "0", "1999-12-31"],
  ];
  const insert =
    "insert into kinds (t, j, i, b, d, ok, ints, texts, raw, n, day) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *";

  it("answers what PGlite's query() answers, for every kind of value, in both row modes", async () => {
    for (const values of rows) {
      const piped = await runStatement(client, insert, values);
      const direct = await client.query(insert, values);
      const withoutId = (result: typeof piped) =>
        shape({ ...result, rows: result.rows.map((row) => ({ ...(row as object), id: undefined })) });
      assert.deepEqual(withoutId(piped), withoutId(direct));
      const select = "select t, j, i, b, d, ok, ints, texts, raw, n, day from kinds where id = $1";
      for (const rowMode of ["object", "array"] as const) {
        assert.deepEqual(
          shape(await runStatement(client, select, [(piped.rows[0] as { id: number }).id], { rowMode })),
          shape(await client.query(select, [(direct.rows[0] as { id: number }).id], { rowMode })),
        );
      }
    }
  });

  it("makes one call into PGlite for a statement it knows, and reports errors as query() does", async () => {
    const calls: number[] = [];
    const raw = client.execProtocolRaw.bind(client);
    client.execProtocolRaw = (message, options) => {
      calls.push(message.length);
      return raw(message, options);
    };
    try {
      const text = "select $1::int4 + 1 as n";
      await runStatement(client, text, [1]);
      calls.length = 0;
      assert.deepEqual((await runStatement(client, text, [41])).rows, [{ n: 42 }]);
      assert.equal(calls.length, 1);
      // Without parameters there are no types to ask, the first time either.
      calls.length = 0;
      assert.deepEqual((await runStatement(client, "select 6 * 7 as n")).rows, [{ n: 42 }]);
      assert.equal(calls.length, 1);
    } finally {
      client.execProtocolRaw = raw;
    }
    await client.exec("create table unique_names (name text primary key)");
    const add = "insert into unique_names (name) values ($1)";
    await runStatement(client, add, ["a"]);
    const piped = await runStatement(client, add, ["a"]).catch((error: unknown) => error);
    const direct = await client.query(add, ["a"]).catch((error: unknown) => error);
    for (const field of ["name", "message", "code", "severity", "detail", "constraint", "table", "query"] as const)
      assert.deepEqual((piped as Record<string, unknown>)[field], (direct as Record<string, unknown>)[field], field);
    assert.deepEqual((piped as { params: unknown }).params, ["a"]);
    // The batch ended with Sync: the next statement runs.
    assert.deepEqual((await runStatement(client, "select count(*)::int as n from unique_names where name = $1", ["a"])).rows, [{ n: 1 }]);
    // Refused at Parse inside a transaction: the statement's own error, not the failed transaction's.
    const inTransaction = async (run: () => Promise<unknown>): Promise<unknown> => {
      await client.exec("begin");
      const error = await run().catch((thrown: unknown) => thrown);
      await client.exec("rollback");
      return error;
    };
    const missing = "select * from missing_table where id = $1";
    const pipedMissing = await inTransaction(() => runStatement(client, missing, [1]));
    assert.match((pipedMissing as Error).message, /missing_table/);
    assert.equal((pipedMissing as Error).message, ((await inTransaction(() => client.query(missing, [1]))) as Error).message);
    assert.deepEqual((pipedMissing as { params: unknown }).params, [1]);
    const refused = await runStatement(client, "selec $1", [1]).catch((error: unknown) => error);
    const refusedDirect = await client.query("selec $1", [1]).catch((error: unknown) => error);
    assert.equal((refused as Error).message, (refusedDirect as Error).message);
  });

  it("learns a statement's types again after the schema changes through the driver", async () => {
    const db = await pgliteBackend.open();
    try {
      await db.exec("create table notes (id int primary key, body jsonb)");
      const put = "insert into notes (id, body) values ($1, $2)";
      await db.query(put, [1, [1, 2]]);
      // An array is JSON for jsonb and an array literal for int4[]: kept jsonb types would be refused.
      await db.exec("alter table notes alter column body type int4[] using '{}'");
      await db.query(put, [2, [3, 4]]);
      await db.query("alter table notes alter column body type jsonb using to_jsonb(body)", []);
      await db.query(put, [3, [5, 6]]);
      const { rows } = await db.query<{ id: number; body: unknown }>("select id, body from notes order by id", []);
      assert.deepEqual(rows, [
        { id: 1, body: [] },
        { id: 2, body: [3, 4] },
        { id: 3, body: [5, 6] },
      ]);
    } finally {
      await db.close();
    }
  });

  it("forgets a statement's types when a rolled-back transaction changed the schema, and after set_config's search path", async () => {
    const db = await pgliteBackend.open();
    try {
      await db.exec("create table marks (id int primary key, v int4[])");
      const put = "insert into marks (id, v) values ($1, $2)";
      await db.query(put, [1, [1, 2]]);
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.exec("alter table marks alter column v type jsonb using to_jsonb(v)");
          await tx.query(put, [2, [3, 4]]);
          throw new Error("roll back");
        }),
        /roll back/,
      );
      // int4[] again: [5, 6] must go as an array literal, not as the JSON the rolled-back column took.
      await db.query(put, [3, [5, 6]]);
      assert.deepEqual((await db.query("select id, v from marks order by id", [])).rows, [
        { id: 1, v: [1, 2] },
        { id: 3, v: [5, 6] },
      ]);
    } finally {
      await db.close();
    }
    await client.exec(`create schema as_json; create table as_json.cells (v jsonb);
      create schema as_array; create table as_array.cells (v int4[])`);
    const put = "insert into cells (v) values ($1)";
    await runStatement(client, "select set_config('search_path', 'as_json', false)");
    await runStatement(client, put, [[1, 2]]);
    await runStatement(client, "select set_config('search_path', 'as_array', false)");
    await runStatement(client, put, [[3, 4]]);
    await client.exec("set search_path to public");
    assert.deepEqual((await client.query("select v from as_json.cells")).rows, [{ v: [1, 2] }]);
    assert.deepEqual((await client.query("select v from as_array.cells")).rows, [{ v: [3, 4] }]);
  });

  it("serializes a value of a type without a serializer with its own toString(), as query() does", async () => {
    await client.exec("create table amounts (n numeric)");
    const value = { toString: () => "1", [Symbol.toPrimitive]: () => "2" };
    await runStatement(client, "insert into amounts (n) values ($1)", [value]);
    await client.query("insert into amounts (n) values ($1)", [value]);
    assert.deepEqual((await client.query("select n from amounts")).rows, [{ n: "1" }, { n: "1" }]);
  });

  it("a schema change it cannot see leaves only the serializer stale: PostgreSQL still refuses what does not fit", async () => {
    await client.exec("create table flags (id int primary key, v jsonb)");
    const put = "insert into flags (id, v) values ($1, $2)";
    await runStatement(client, put, [1, { on: true }]);
    // Changed behind the pipe's back (no statement of this process that it sees): the kept type is stale.
    await client.query("alter table flags alter column v type int4 using 0");
    await assert.rejects(runStatement(client, put, [2, { on: true }]), /integer/);
    await runStatement(client, put, [3, 5]);
    assert.deepEqual((await client.query("select id, v from flags order by id")).rows, [
      { id: 1, v: 0 },
      { id: 3, v: 5 },
    ]);
  });
});
