/**
 * The store codec's written form (documented in docs/store-and-sessions.md) and its refusals.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDashbaseError } from "dashbase";
import { compareCodePoints } from "../../src/store/store-backend.js";
import { decodeValue, encodeValue } from "dashbase/store";

const limit = 1_048_576;

describe("store value codec", () => {
  it("writes plain JSON unchanged", () => {
    assert.equal(encodeValue({ a: [1, "x", null, true] }, limit), '{"a":[1,"x",null,true]}');
  });

  it("writes Date, BigInt, Map, Set, undefined and special numbers as the documented tags", () => {
    assert.equal(encodeValue(new Date("2024-01-31T00:00:00Z"), limit), '{"$t":"Date","v":"2024-01-31T00:00:00.000Z"}');
    assert.equal(encodeValue(new Date(Number.NaN), limit), '{"$t":"Date","v":null}');
    assert.equal(encodeValue(-12n, limit), '{"$t":"bigint","v":"-12"}');
    assert.equal(encodeValue(new Map([["a", 1]]), limit), '{"$t":"Map","v":[["a",1]]}');
    assert.equal(encodeValue(new Set([1]), limit), '{"$t":"Set","v":[1]}');
    assert.equal(encodeValue([undefined], limit), '[{"$t":"undefined"}]');
    assert.equal(
      encodeValue([Number.NaN, -0, Number.NEGATIVE_INFINITY], limit),
      '[{"$t":"number","v":"NaN"},{"$t":"number","v":"-0"},{"$t":"number","v":"-Infinity"}]',
    );
    assert.equal(encodeValue("a\u0000", limit), '{"$t":"string","v":[97,0]}');
  });

  it("escapes a plain object that has a $t key, so user data is never read as a tag", () => {
    const encoded = encodeValue({ $t: "Date", v: "x" }, limit);
    assert.equal(encoded, '{"$t":"object","v":[["$t","Date"],["v","x"]]}');
    assert.deepEqual(decodeValue(JSON.parse(encoded)), { $t: "Date", v: "x" });
  });

  it("refuses a stored value it did not write with DASHBASE_E_STORE_CORRUPT_VALUE", () => {
    for (const bad of [{ $t: "Nope" }, { $t: "Map", v: 3 }, { $t: "Set" }, { $t: "object", v: [1] }]) {
      assert.throws(
        () => decodeValue(bad),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_CORRUPT_VALUE"),
        JSON.stringify(bad),
      );
    }
  });

  it("refuses nesting deeper than 512 levels instead of overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 600; i += 1) deep = [deep];
    assert.throws(
      () => encodeValue(deep, limit),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_UNSUPPORTED_VALUE") && /512 levels/.test(error.message),
    );
  });

  it("counts the limit in UTF-8 bytes of the encoded text", () => {
    assert.equal(encodeValue("😀".repeat(4), 18), `"${"😀".repeat(4)}"`);
    assert.throws(
      () => encodeValue("😀".repeat(5), 18),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_VALUE_TOO_LARGE") && error.details["bytes"] === 22,
    );
  });

  it("orders keys by code point, as PostgreSQL's C collation orders UTF-8", () => {
    const keys = ["😀", "\uffff", "a", "B", "", "ab", "é"];
    assert.deepEqual([...keys].sort(compareCodePoints), ["", "B", "a", "ab", "é", "\uffff", "😀"]);
    const utf8Order = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...keys].sort(compareCodePoints), utf8Order);
  });
});
