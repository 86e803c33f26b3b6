/**
 * @module
 * SerialQueue (src/runtime/serial-queue.ts), what the embedded database's statements go through:
 * one task at a time, in the order queued, each answered with its own result or error, and a
 * failure does not stop the tasks after it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SerialQueue } from "../../src/runtime/serial-queue.js";

describe("SerialQueue", () => {
  it("runs tasks one at a time, in the order they were queued", async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, turns: number) => async (): Promise<string> => {
      running += 1;
      assert.equal(running, 1, `${name} ran alone`);
      log.push(`${name} starts`);
      for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} ends`);
      running -= 1;
      return name;
    };
    const answers = await Promise.all([queue.run(task("a", 3)), queue.run(task("b", 0)), queue.run(task("c", 2))]);
    assert.deepEqual(answers, ["a", "b", "c"]);
    assert.deepEqual(log, ["a starts", "a ends", "b starts", "b ends", "c starts", "c ends"]);
  });

  it("answers a failing task with its error and goes on with the next", async () => {
    const queue = new SerialQueue();
    const failing = queue.run(async () => {
      throw new Error("statement failed");
    });
    const next = queue.run(async () => "after");
    await assert.rejects(failing, /statement failed/);
    assert.equal(await next, "after");
  });
});
