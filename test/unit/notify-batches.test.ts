/**
 * NotifyBatches: ids announced while a NOTIFY is on its way go together in the next one, each
 * caller's promise settles with the NOTIFY that carried its id, and payloads stay under the limit
 * PostgreSQL sets.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idsOfPayload, maxPayloadBytes, NotifyBatches, notifyPayloads } from "../../src/push/notify-batches.js";

/** A send whose calls are recorded and finish only when the test says so. */
function heldSend() {
  const calls: { payloads: string[]; finish(error?: Error): void }[] = [];
  const send = (payloads: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ payloads, finish: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  return { calls, send };
}

/** Lets the batcher's promise chain run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("NotifyBatches", () => {
  it("sends a lone id at once, and the ids announced meanwhile together in the next NOTIFY", async () => {
    const { calls, send } = heldSend();
    const batches = new NotifyBatches(send);
    const settled: number[] = [];
    const first = batches.announce(1).then(() => settled.push(1));
    assert.deepEqual(
      calls.map((call) => call.payloads),
      [["1"]],
      "sent without waiting",
    );
    const later = [2, 3, 4].map((id) => batches.announce(id).then(() => settled.push(id)));
    await settle();
    assert.equal(calls.length, 1, "nothing more is sent while the first NOTIFY is on its way");
    calls[0]!.finish();
    await first;
    await settle();
    assert.deepEqual(settled, [1], "the others wait for the NOTIFY that carries them");
    assert.deepEqual(calls[1]!.payloads, ["2,3,4"]);
    calls[1]!.finish();
    await Promise.all(later);
    assert.deepEqual(settled, [1, 2, 3, 4]);
  });

  it("rejects the callers of a failed NOTIFY only, and goes on with the next batch", async () => {
    const { calls, send } = heldSend();
    const batches = new NotifyBatches(send);
    const failed = batches.announce(7);
    const next = batches.announce(8);
    calls[0]!.finish(new Error("connection lost"));
    await assert.rejects(failed, /connection lost/);
    await settle();
    assert.deepEqual(calls[1]!.payloads, ["8"]);
    calls[1]!.finish();
    await next;
  });

  it("splits the ids of a batch into payloads under PostgreSQL's limit, and reads them back", () => {
    const ids = Array.from({ length: 2_000 }, (_, n) => 9_007_199_254_000_000 + n);
    const payloads = notifyPayloads(ids);
    assert.ok(payloads.length > 1);
    for (const payload of payloads) assert.ok(Buffer.byteLength(payload) <= maxPayloadBytes, `${payload.length} bytes`);
    assert.deepEqual(payloads.flatMap(idsOfPayload), ids);
    assert.deepEqual(notifyPayloads([]), []);
  });

  it("reads a single id (an older process's payload) and skips what is not an id", () => {
    assert.deepEqual(idsOfPayload("42"), [42]);
    assert.deepEqual(idsOfPayload("1,x,,2.5,3"), [1, 3]);
    assert.deepEqual(idsOfPayload(""), []);
    assert.deepEqual(idsOfPayload(undefined), []);
  });
});
