/**
 * @module
 * withEventLoopAwake (src/runtime/event-loop-awake.ts) holds one timer, which keeps Node's event
 * loop alive, for exactly as long as its work runs, whether that work succeeds or fails.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withEventLoopAwake } from "../../src/runtime/event-loop-awake.js";

const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("withEventLoopAwake", () => {
  it("holds a timer while the work runs and none after it resolves", async () => {
    const before = timers();
    let during = -1;
    const value = await withEventLoopAwake(async () => {
      during = timers();
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(during, before + 1);
    assert.equal(timers(), before);
  });

  it("lets the timer go when the work fails, passing the error on", async () => {
    const before = timers();
    await assert.rejects(
      withEventLoopAwake(async () => {
        throw new Error("open failed");
      }),
      /open failed/,
    );
    assert.equal(timers(), before);
  });
});
