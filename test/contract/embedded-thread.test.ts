/**
 * The embedded database runs on a worker thread of its own (src/db/drivers/pglite/pglite-thread.ts):
 * statements are sent without waiting for the ones before, and the thread runs them in the order
 * sent. What must hold: order, transactions that nothing else slips into, values and errors that
 * cross the thread intact, a refusal (not a hang) for what cannot cross, and a process that ends by
 * itself when it forgets to close the database.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createDatabase, type Database } from "dashbase/db";
import { pgliteTemplate } from "../support/template.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("the embedded database's thread", () => {
  let db: Database;
  before(async () => {
    db = await createDatabase({ settings: { kind: "embedded", dataDir: null }, template: await pgliteTemplate() });
    await db.exec(
      "create table marks (id serial primary key, label text not null unique, at timestamptz, doc jsonb, bytes bytea, big int8)",
    );
  });
  after(() => db.close());

  it("runs statements sent at once in the order they were sent", async () => {
    const labels = Array.from({ length: 40 }, (_, index) => `order-${index}`);
    const inserted = await Promise.all(
      labels.map((label) => db.query<{ id: number }>("insert into marks (label) values ($1) returning id", [label])),
    );
    const ids = inserted.map((result) => result.rows[0]!.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
  });

  it("keeps other statements out of a transaction: they wait for its end and never see what it rolled back", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const begun = new Promise<void>((resolve) => (inside = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query("insert into marks (label) values ('rolled back')");
      inside();
      await held;
      throw new Error("roll back");
    });
    await begun;
    let counted = false;
    const count = db.query<{ n: number }>("select count(*)::int as n from marks where label = 'rolled back'").then((result) => {
      counted = true;
      return result.rows[0]!.n;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(counted, false, "the count ran while the transaction held the database");
    release();
    await assert.rejects(transaction, /roll back/);
    assert.equal(await count, 0);
  });

  it("carries values both ways intact: dates, JSON, bytes, 64-bit integers", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const doc = { nested: { list: [1, "two", null] } };
    const bytes = Buffer.from([0, 1, 254, 255]);
    const big = 2n ** 62n;
    await db.query("insert into marks (label, at, doc, bytes, big) values ($1, $2, $3, $4, $5)", ["values", at, doc, bytes, big]);
    const { rows } = await db.query<{ at: Date; doc: unknown; bytes: Uint8Array; big: bigint }>(
      "select at, doc, bytes, big from marks where label = $1",
      ["values"],
    );
    assert.ok(rows[0]!.at instanceof Date);
    assert.equal(rows[0]!.at.toISOString(), at.toISOString());
    assert.deepEqual(rows[0]!.doc, doc);
    assert.deepEqual([...rows[0]!.bytes], [...bytes]);
    assert.equal(rows[0]!.big, big);
  });

  it("carries PostgreSQL's error fields across, so refusals are still translated and named", async () => {
    await db.query("insert into marks (label) values ('twice')");
    await assert.rejects(
      db.query("insert into marks (label) values ('twice')"),
      (error: Error & { code?: string; details?: { constraint?: string }; cause?: { code?: string } }) => {
        assert.equal(error.code, "DASHBASE_E_UNIQUE_VIOLATION");
        assert.equal(error.details?.constraint, "marks_label_key");
        assert.equal(error.cause?.code, "23505");
        return true;
      },
    );
    await assert.rejects(
      db.query("select nope from marks"),
      (error: Error & { code?: string }) => error.code === "42703" && /nope/.test(error.message),
    );
  });

  it("leaves the app's event loop free while a long statement runs", async () => {
    let turns = 0;
    let running = true;
    const spin = (): void => {
      turns += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    await db.query("select pg_sleep(0.3)");
    running = false;
    // In the app's own thread the statement would hold the loop: a turn or two, not hundreds.
    assert.ok(turns > 50, `${turns} turns of the event loop while the statement ran`);
  });

  it("refuses a parameter that cannot cross the thread, by name, and goes on serving", async () => {
    await assert.rejects(
      db.query("select $1::text as t", [() => "a function"]),
      (error: Error & { code?: string }) =>
        error.code === "DASHBASE_E_DB_QUERY" && /cannot be sent to the embedded database/.test(error.message),
    );
    assert.deepEqual((await db.query("select 1 as one")).rows, [{ one: 1 }]);
  });

  it("refuses a class instance as a parameter, by its class, rather than store '[object Object]'", async () => {
    const link = new URL("https://example.org/a");
    await assert.rejects(
      db.query("insert into marks (label) values ($1)", [link]),
      (error: Error & { code?: string }) => error.code === "DASHBASE_E_DB_QUERY" && /parameter \$1 .*URL/.test(error.message),
    );
    await assert.rejects(db.query("insert into marks (label, doc) values ($1, $2)", ["nested", { link }]), /parameter \$2 .*URL/);
    assert.deepEqual((await db.query("select count(*)::int as n from marks where label = 'nested' or label like 'https%'")).rows, [
      { n: 0 },
    ]);
    await db.query("insert into marks (label) values ($1)", [String(link)]);
  });
});

it("a script run with node -e that opens the embedded database and never closes it still ends by itself", () => {
  const script = `
    import { createDatabase } from "dashbase/db";
    const db = await createDatabase({ settings: { kind: "embedded", dataDir: null } });
    const { rows } = await db.query("select 41 + 1 as answer");
    console.log(rows[0].answer);
  `;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.equal(result.signal, null, "the process had to be killed: the database's thread kept it alive");
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), "42");
});

it("runs from source too: the database's thread loads its TypeScript through tsx", () => {
  const script = `
    import { createDatabase } from ${JSON.stringify(path.join(root, "src/db/index.ts"))};
    const db = await createDatabase({ settings: { kind: "embedded", dataDir: null } });
    const { rows } = await db.query("select $1::int + 1 as answer", [41]);
    console.log(rows[0].answer);
    await db.close();
  `;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), "42");
});
