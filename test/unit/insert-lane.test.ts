/**
 * InsertLane: a lone row is sent at once, rows that come meanwhile go together in the next
 * statement (at most maxRows), each caller gets its own row; a row error resends the rows one by
 * one, any other error reaches every caller without a resend.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsertLane, isRowError } from "../../src/db/insert-lane.js";
import { DashbaseError, isDashbaseError } from "../../src/errors/dashbase-error.js";

type Row = Record<string, unknown>;

/** A send whose calls are recorded and answered only when the test says so. */
function heldSend() {
  const calls: { rows: Row[]; answer(rows: unknown[]): void; fail(error: unknown): void }[] = [];
  const send = (rows: readonly Row[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      calls.push({ rows: [...rows], answer: resolve, fail: reject });
    });
  return { calls, send };
}

/** Lets the lane's promise chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The rows a database would return for `rows`: each with an id. */
const withIds = (rows: Row[], first: number) => rows.map((row, index) => ({ id: first + index, ...row }));

/** An error as the drivers raise it for a statement PostgreSQL refused. */
function sqlError(code: string): Error {
  return Object.assign(new Error(`failed with ${code}`), { code, severity: "ERROR" });
}

/** A lane whose first row was answered and whose next two, sent together, wait for the test's answer in calls[1]. */
async function twoWaitingBehindOne() {
  const { calls, send } = heldSend();
  const lane = new InsertLane(send, 32);
  const first = lane.insert({ n: 0 });
  const rest = Promise.allSettled([lane.insert({ n: 1 }), lane.insert({ n: 2 })]);
  calls[0]!.answer(withIds(calls[0]!.rows, 1));
  await first;
  await settle();
  assert.deepEqual(calls[1]!.rows, [{ n: 1 }, { n: 2 }]);
  return { calls, rest, lane };
}

describe("InsertLane", () => {
  it("sends a lone row at once and the rows that come meanwhile together, each caller answered with its own", async () => {
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 32);
    const first = lane.insert({ name: "a" });
    assert.deepEqual(
      calls.map((call) => call.rows),
      [[{ name: "a" }]],
    );
    const later = [lane.insert({ name: "b" }), lane.insert({ name: "c" }), lane.insert({ name: "d" })];
    assert.equal(calls.length, 1, "nothing more is sent while a statement is on its way");
    calls[0]!.answer(withIds(calls[0]!.rows, 1));
    assert.deepEqual(await first, { id: 1, name: "a" });
    await settle();
    assert.deepEqual(calls[1]!.rows, [{ name: "b" }, { name: "c" }, { name: "d" }]);
    calls[1]!.answer(withIds(calls[1]!.rows, 2));
    assert.deepEqual(await Promise.all(later), [
      { id: 2, name: "b" },
      { id: 3, name: "c" },
      { id: 4, name: "d" },
    ]);
    // Idle again: the next lone row goes at once.
    const next = lane.insert({ name: "e" });
    assert.equal(calls.length, 3);
    calls[2]!.answer(withIds(calls[2]!.rows, 5));
    assert.deepEqual(await next, { id: 5, name: "e" });
  });

  it("carries at most maxRows rows in one statement", async () => {
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 2);
    const all = Array.from({ length: 6 }, (_, index) => lane.insert({ n: index }));
    for (let sent = 0; sent < 4; sent++) {
      const call = calls[sent]!;
      call.answer(withIds(call.rows, sent * 10));
      await settle();
    }
    assert.deepEqual(
      calls.map((call) => call.rows.map((row) => row["n"])),
      [[0], [1, 2], [3, 4], [5]],
    );
    assert.deepEqual(
      (await Promise.all(all)).map((row) => (row as Row)["n"]),
      [0, 1, 2, 3, 4, 5],
    );
  });

  it("starts another statement at once while one is on its way only when a full statement's worth of rows waits", async () => {
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 2);
    const all = [lane.insert({ n: 0 }), lane.insert({ n: 1 })];
    assert.equal(calls.length, 1, "one row waiting behind the first: it waits");
    all.push(lane.insert({ n: 2 }));
    assert.deepEqual(
      calls.map((call) => call.rows),
      [[{ n: 0 }], [{ n: 1 }, { n: 2 }]],
      "two rows waiting fill a statement: it goes beside the first",
    );
    all.push(lane.insert({ n: 3 }));
    assert.equal(calls.length, 2);
    calls[0]!.answer(withIds(calls[0]!.rows, 1));
    await settle();
    assert.deepEqual(calls[2]!.rows, [{ n: 3 }], "the first statement's sender takes what waits");
    calls[1]!.answer(withIds(calls[1]!.rows, 2));
    calls[2]!.answer(withIds(calls[2]!.rows, 4));
    assert.deepEqual(
      (await Promise.all(all)).map((row) => (row as Row)["id"]),
      [1, 2, 3, 4],
    );
    // At most four statements at once, however long the backlog.
    const backlog = heldSend();
    const capped = new InsertLane(backlog.send, 1);
    for (let n = 0; n < 10; n++) void capped.insert({ n });
    assert.equal(backlog.calls.length, 4);
  });

  it("resends the rows one by one when a row's values failed, so only that caller fails", async () => {
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 32);
    const outcomes = Promise.allSettled([lane.insert({ n: 0 }), lane.insert({ n: 1 }), lane.insert({ n: 2 }), lane.insert({ n: 3 })]);
    calls[0]!.answer(withIds(calls[0]!.rows, 1));
    await settle();
    const unique = sqlError("23505");
    calls[1]!.fail(unique);
    for (const [index, result] of [withIds([{ n: 1 }], 2), unique, withIds([{ n: 3 }], 3)].entries()) {
      await settle();
      const call = calls[2 + index]!;
      assert.equal(call.rows.length, 1);
      if (result instanceof Error) call.fail(result);
      else call.answer(result);
    }
    const settled = await outcomes;
    assert.deepEqual(
      settled.map((outcome) => (outcome.status === "fulfilled" ? (outcome.value as Row)["id"] : outcome.reason)),
      [1, 2, unique, 3],
    );
    assert.equal(calls.length, 5);
  });

  it("gives an error that is not about a row to every caller in the statement and sends nothing again", async () => {
    const { calls, rest } = await twoWaitingBehindOne();
    // The connection dropped: the statement may have committed, so it must not go again.
    const cut = new Error("Connection terminated unexpectedly");
    calls[1]!.fail(cut);
    assert.deepEqual(
      (await rest).map((outcome) => (outcome as PromiseRejectedResult).reason),
      [cut, cut],
    );
    assert.equal(calls.length, 2);
  });

  it("fails every caller with a coded error when a statement returns fewer rows than it was sent, then sends rows alone", async () => {
    const { calls, rest, lane } = await twoWaitingBehindOne();
    // A trigger returned NULL for one row: it is not stored, and the rows returned cannot be matched.
    calls[1]!.answer(withIds([{ n: 1 }], 2));
    for (const outcome of await rest) {
      assert.equal(outcome.status, "rejected");
      assert.ok(isDashbaseError((outcome as PromiseRejectedResult).reason, "DASHBASE_E_DB_QUERY"));
      assert.match(String((outcome as PromiseRejectedResult).reason), /inserting 2 rows together returned 1: a trigger or rule/);
    }
    const later = [lane.insert({ n: 3 }), lane.insert({ n: 4 }), lane.insert({ n: 5 })];
    calls[2]!.answer([]);
    // Alone, a row the trigger dropped answers nothing, as an insert without lanes did.
    assert.equal(await later[0], undefined);
    await settle();
    assert.deepEqual(calls[3]!.rows, [{ n: 4 }], "one row a statement from now on");
    calls[3]!.answer(withIds(calls[3]!.rows, 4));
    await settle();
    calls[4]!.answer(withIds(calls[4]!.rows, 5));
    assert.deepEqual(await Promise.all(later.slice(1)), [
      { id: 4, n: 4 },
      { id: 5, n: 5 },
    ]);
  });

  it("settles every caller when the send throws at once, and sends the next rows afterwards", async () => {
    let attempts = 0;
    const lane = new InsertLane((rows: readonly Row[]) => {
      attempts += 1;
      if (attempts === 1) throw new Error("refused before it began");
      return Promise.resolve(withIds([...rows], 1));
    }, 32);
    await assert.rejects(lane.insert({ n: 0 }), /refused before it began/);
    assert.deepEqual(await lane.insert({ n: 1 }), { id: 1, n: 1 });
  });

  it("starts another statement for rows that waited stallMs behind one held up (a lock), up to four at once", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 32, { stallMs: 100 });
    void lane.insert({ n: 0 }); // held up
    const second = lane.insert({ n: 1 });
    t.mock.timers.tick(99);
    assert.equal(calls.length, 1);
    t.mock.timers.tick(1);
    assert.deepEqual(calls[1]!.rows, [{ n: 1 }], "sent beside the one held up");
    calls[1]!.answer(withIds(calls[1]!.rows, 2));
    assert.deepEqual(await second, { id: 2, n: 1 });
    await settle(); // its sender finds nothing more and stops
    for (let n = 2; n < 8; n++) {
      void lane.insert({ n });
      t.mock.timers.tick(100);
    }
    assert.equal(calls.length, 5, "four statements held up at most");
  });

  it("resends a failed statement's rows alone at most four at a time", async () => {
    const { calls, send } = heldSend();
    const lane = new InsertLane(send, 32);
    const first = lane.insert({ n: 0 });
    const rest = Promise.allSettled(Array.from({ length: 10 }, (_, index) => lane.insert({ n: index + 1 })));
    calls[0]!.answer(withIds(calls[0]!.rows, 0));
    await first;
    await settle();
    calls[1]!.fail(sqlError("23505"));
    await settle();
    assert.equal(calls.length, 2 + 4, "four rows resent at once");
    for (let answered = 2; answered < 12; answered++) {
      calls[answered]!.answer(withIds(calls[answered]!.rows, answered));
      await settle();
      assert.ok(calls.length - answered - 1 <= 4, "never more than four on their way");
    }
    assert.equal((await rest).filter((outcome) => outcome.status === "fulfilled").length, 10);
  });

  it("resends alone only when nothing of the statement committed and a row may be behind it", () => {
    // A unique key, a bad value, a trigger's RAISE, row-level security, a custom code; also through a wrapper's cause.
    for (const code of ["23505", "22P02", "P0001", "42501", "U0001"]) assert.equal(isRowError(sqlError(code)), true, code);
    assert.equal(isRowError(new Error("wrapped", { cause: sqlError("23514") })), true);
    // A value refused before the statement was sent (the embedded database's thread check).
    assert.equal(isRowError(new DashbaseError("DASHBASE_E_DB_QUERY", "parameter $3 ...", { details: { sent: false } })), true);
    // The connection, a read-only server, a full disk, a cancel or statement timeout, the server
    // shutting down, the system, an internal error, a statement that may have completed.
    for (const code of ["08006", "25006", "53100", "57014", "57P01", "58030", "XX000", "40003"])
      assert.equal(isRowError(sqlError(code)), false, code);
    // A session that ended (FATAL, PANIC): its last statement's fate is unknown.
    assert.equal(isRowError(Object.assign(sqlError("23505"), { severity: "FATAL" })), false);
    // The embedded database reports a full disk as 42501 with the file system's message; the
    // same words in a row's own error (a trigger raising the row's text) do not count.
    assert.equal(isRowError(Object.assign(sqlError("42501"), { message: "could not extend file: No space left on device" })), false);
    assert.equal(isRowError(Object.assign(sqlError("P0001"), { message: "name 'No space left on device' is taken" })), true);
    // The network's errors carry a code but no severity: the statement may have committed.
    assert.equal(isRowError(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })), false);
    assert.equal(isRowError(new Error("no code")), false);
  });

  it("gives every caller an error that cannot even be inspected, untried again", async () => {
    const { calls, rest } = await twoWaitingBehindOne();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no fields");
        },
      },
    );
    calls[1]!.fail(hostile);
    for (const outcome of await rest) assert.equal((outcome as PromiseRejectedResult).reason, hostile);
    assert.equal(calls.length, 2);
  });
});
