import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";
import { errorCodes } from "dashbase";

it("lists the same error codes, with the same statuses, in docs/errors.md and src/errors/error-codes.ts", () => {
  const doc = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "errors.md"), "utf8");
  const documented = new Map([...doc.matchAll(/^\| (DASHBASE_E_[A-Z_]+) +\| (\d{3}) +\|/gm)].map((m) => [m[1]!, Number(m[2])]));
  const defined = new Map(Object.entries(errorCodes).map(([code, entry]) => [code, entry.status as number]));
  assert.deepEqual([...documented.keys()].sort(), [...defined.keys()].sort());
  for (const [code, status] of defined) assert.equal(documented.get(code), status, `${code} status`);
});
