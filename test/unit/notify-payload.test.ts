/**
 * The push channel's NOTIFY payload: the ids one statement stored, comma-separated; what is not an
 * id is skipped, since any client of the database may NOTIFY the channel.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idsOfPayload } from "../../src/push/notify-payload.js";

describe("idsOfPayload", () => {
  it("reads the ids of a statement's payload, the largest safe integers included", () => {
    assert.deepEqual(idsOfPayload("12,13,15"), [12, 13, 15]);
    assert.deepEqual(idsOfPayload(`${Number.MAX_SAFE_INTEGER},1`), [Number.MAX_SAFE_INTEGER, 1]);
  });

  it("reads a single id (an older process's payload) and skips what is not an id", () => {
    assert.deepEqual(idsOfPayload("42"), [42]);
    assert.deepEqual(idsOfPayload("1,x,,2.5,3"), [1, 3]);
    assert.deepEqual(idsOfPayload("9007199254740993"), []);
    assert.deepEqual(idsOfPayload(""), []);
    assert.deepEqual(idsOfPayload(undefined), []);
  });
});
