/**
 * WAL positions as the read router compares them: `pg_lsn` text parsed into numbers that order as
 * the positions do, across the 32-bit boundary, and anything else refused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLsn } from "../../src/db/drivers/node-postgres/replica-router.js";

describe("WAL positions", () => {
  it("orders positions within a segment and across the high word", () => {
    assert.ok(parseLsn("0/3000060")! > parseLsn("0/3000028")!);
    assert.ok(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!);
    assert.equal(parseLsn("16/B374D848"), (0x16n << 32n) + 0xb374d848n);
    assert.equal(parseLsn("0/0"), 0n);
  });

  it("refuses text that is not a pg_lsn", () => {
    for (const text of ["", "0", "0/", "/1", "0/1/2", "G/1", "0/123456789", " 0/1"]) assert.equal(parseLsn(text), undefined, text);
  });
});
