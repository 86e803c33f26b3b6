/**
 * The embedded instance when its engine dies with statements on their way (src/db/drivers/pglite/
 * pglite-instance.ts), with a fake engine whose answers the test decides: every statement in
 * flight settles with the instance's down error (none hangs), nothing more is sent to the dead
 * engine, no ROLLBACK is sent, and the instance reopens once its interval has passed, after the
 * dead engine has stopped.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Results } from "@electric-sql/pglite";
import type { PgliteEngine } from "../../src/db/drivers/pglite/pglite-engine.js";
import { PgliteInstance } from "../../src/db/drivers/pglite/pglite-instance.js";

interface Call {
  what: string;
  settle: { resolve(value: unknown): void; reject(error: unknown): void };
}

class FakeEngine implements PgliteEngine {
  readonly calls: Call[] = [];
  abandoned = false;
  stopped = false;
  #call(what: string): Promise<never> {
    return new Promise((resolve, reject) => this.calls.push({ what, settle: { resolve: resolve as (value: unknown) => void, reject } }));
  }
  query<T>(text: string): Promise<Results<T>> {
    return this.#call(text);
  }
  exec(script: string): Promise<Results[]> {
    return this.#call(script);
  }
  begin(): Promise<void> {
    return this.#call("BEGIN");
  }
  end(commit: boolean): Promise<void> {
    return this.#call(commit ? "COMMIT" : "ROLLBACK");
  }
  async close(): Promise<void> {}
  async abandon(): Promise<void> {
    this.abandoned = true;
    await new Promise((resolve) => setImmediate(resolve));
    this.stopped = true;
  }
}

const panic = Object.assign(new Error('could not write to file "pg_wal/xlogtemp": No space left on device'), {
  severity: "PANIC",
  code: "53100",
});

it("settles every statement in flight when the engine dies, sends the dead engine nothing more, and reopens after it stopped", async () => {
  const engines: FakeEngine[] = [];
  let reopenedAfterStop = true;
  const instance = await PgliteInstance.open({
    dataDir: "/data/not-used-by-the-fake",
    reopenIntervalMs: 0,
    openEngine: async () => {
      if (engines.length > 0) reopenedAfterStop = engines.at(-1)!.stopped;
      const engine = new FakeEngine();
      engines.push(engine);
      return engine;
    },
  });
  const first = engines[0]!;
  const statements = ["insert 1", "insert 2", "insert 3"].map((text) => instance.run((session) => session.query(text)));
  assert.deepEqual(
    first.calls.map((call) => call.what),
    ["insert 1", "insert 2", "insert 3"],
    "sent at once, in order",
  );
  first.calls[0]!.settle.reject(panic);
  // The thread refuses what came after the PANIC: the fake does the same.
  first.calls[1]!.settle.reject(Object.assign(new Error("the embedded database stopped"), { name: "EmbeddedThreadEnded" }));
  first.calls[2]!.settle.reject(panic);
  const settled = await Promise.allSettled(statements);
  assert.equal((settled[0] as PromiseRejectedResult).reason, panic, "the statement that died keeps its own error");
  for (const later of settled.slice(1)) {
    assert.equal((later as PromiseRejectedResult).reason.code, "DASHBASE_E_DB_STORAGE_FULL");
  }
  assert.equal(first.abandoned, true);
  assert.equal(instance.downReason?.code, "DASHBASE_E_DB_STORAGE_FULL");

  const afterwards = instance.run((session) => session.query("select 1"));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(first.calls.length, 3, "nothing more reached the dead engine");
  assert.equal(engines.length, 2);
  assert.equal(reopenedAfterStop, true, "reopened only once the dead engine had stopped");
  engines[1]!.calls[0]!.settle.resolve({ rows: [{ one: 1 }], fields: [] });
  assert.deepEqual((await afterwards).rows, [{ one: 1 }]);
  assert.equal(instance.downReason, undefined);
});

it("keeps statements out of a transaction and sends no ROLLBACK once the engine died in it", async () => {
  let engine!: FakeEngine;
  const instance = await PgliteInstance.open({
    dataDir: null,
    openEngine: async () => (engine = new FakeEngine()),
  });
  const transaction = instance.transaction(async (session) => {
    await session.query("insert in tx");
  });
  const outside = instance.run((session) => session.query("select outside"));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    engine.calls.map((call) => call.what),
    ["BEGIN"],
  );
  engine.calls[0]!.settle.resolve(undefined);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    engine.calls.map((call) => call.what),
    ["BEGIN", "insert in tx"],
    "the statement made outside waits for the transaction",
  );
  engine.calls[1]!.settle.reject(panic);
  await assert.rejects(transaction, (error) => error === panic);
  await assert.rejects(outside, (error: { code?: string }) => error.code === "DASHBASE_E_DB_STORAGE_FULL");
  assert.deepEqual(
    engine.calls.map((call) => call.what),
    ["BEGIN", "insert in tx"],
    "no ROLLBACK, nothing else, reached the dead engine",
  );
});
