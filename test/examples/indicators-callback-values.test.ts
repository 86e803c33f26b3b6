/**
 * The indicators example's readers of callback values and its measures of user text, without an
 * app: what each reader accepts, and the coded 400 it answers for anything else.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isDashbaseError } from "dashbase";
import { readInteger, readNumber, readNumberList, readRecord, readText, readTextList } from "../../examples/indicators/callback-values.js";
import { firstLoneSurrogate, fitsLength, graphemeLength, graphemeSlice, isWellFormedText } from "../../examples/indicators/user-text.js";

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    assert.ok(isDashbaseError(error, "DASHBASE_E_BAD_REQUEST"), String(error));
    assert.equal(error.status, 400);
    return error.message;
  }
  assert.fail("expected a refusal");
}

describe("callback values", () => {
  test("each reader answers its type, or null for a value that is absent", () => {
    assert.equal(readText("Ada", "f"), "Ada");
    assert.equal(readText("", "f"), "");
    assert.equal(readNumber(-1.5, "f"), -1.5);
    assert.equal(readInteger(3, "f"), 3);
    assert.deepEqual(readTextList([], "f"), []);
    assert.deepEqual(readNumberList([1955, 2005], "f", 2), [1955, 2005]);
    assert.deepEqual(readRecord({ indicator: "population" }, "f"), { indicator: "population" });
    for (const read of [readText, readNumber, readInteger, readTextList, readRecord]) {
      assert.equal(read(null, "f"), null);
      assert.equal(read(undefined, "f"), null);
    }
    assert.equal(readNumberList(null, "f", 2), null);
  });

  test("anything else is a 400 DASHBASE_E_BAD_REQUEST naming the field, what was expected and what was found", () => {
    assert.equal(
      refusal(() => readText(["a", "b"], "upload-name.value")),
      "upload-name.value: expected text or nothing, found an array of 2 items",
    );
    assert.equal(
      refusal(() => readText(7, "f")),
      "f: expected text or nothing, found the number 7",
    );
    assert.equal(
      refusal(() => readText({}, "f")),
      "f: expected text or nothing, found an object",
    );
    assert.equal(
      refusal(() => readText(false, "f")),
      "f: expected text or nothing, found the value false",
    );
    assert.equal(
      refusal(() => readNumber("1", "f")),
      "f: expected a number or nothing, found text",
    );
    assert.equal(
      refusal(() => readInteger(1.5, "f")),
      "f: expected a whole number or nothing, found the number 1.5",
    );
    assert.equal(
      refusal(() => readInteger(2 ** 53, "f")),
      `f: expected a whole number or nothing, found the number ${2 ** 53}`,
    );
    assert.equal(
      refusal(() => readTextList(["a", 1], "f")),
      "f: expected a list of texts or nothing, found an array of 2 items",
    );
    assert.equal(
      refusal(() => readTextList("a", "f")),
      "f: expected a list of texts or nothing, found text",
    );
    assert.equal(
      refusal(() => readNumberList([1, 2, 3], "f", 2)),
      "f: expected a list of 2 numbers or nothing, found an array of 3 items",
    );
    assert.equal(
      refusal(() => readNumberList([1, "2"], "f", 2)),
      "f: expected a list of 2 numbers or nothing, found an array of 2 items",
    );
    assert.equal(
      refusal(() => readRecord([], "f")),
      "f: expected an object or nothing, found an array of 0 items",
    );
  });
});

describe("user text", () => {
  test("lengths count what a reader sees as one character", () => {
    assert.equal(graphemeLength("😀".repeat(60)), 60);
    assert.equal("😀".repeat(60).length, 120);
    assert.equal(graphemeLength("👩‍👩‍👧🇨🇱e\u0301"), 3);
    assert.equal(fitsLength("😀".repeat(60), 60), true);
    assert.equal(fitsLength("😀".repeat(61), 60), false);
    assert.equal(graphemeSlice("😀😀😀", 2), "😀😀");
    assert.equal(graphemeSlice("ab", 5), "ab");
  });

  test("a lone surrogate is found; paired ones are not", () => {
    assert.equal(isWellFormedText("Ada 😀"), true);
    assert.equal(isWellFormedText("Ada \ud800"), false);
    assert.equal(isWellFormedText("\udc00Ada"), false);
    assert.equal(firstLoneSurrogate("ab\udc00"), 2);
    assert.equal(firstLoneSurrogate("ab😀"), -1);
  });
});
