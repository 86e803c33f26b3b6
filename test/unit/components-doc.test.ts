import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";
import { renderComponentsDoc } from "../../scripts/write-components-doc.js";

it("keeps docs/components.md as scripts/write-components-doc.ts writes it from the definitions", async () => {
  const written = fs.readFileSync(path.resolve("docs/components.md"), "utf8");
  assert.equal(
    written,
    await renderComponentsDoc(),
    "docs/components.md is out of date: run `node --import tsx scripts/write-components-doc.ts`",
  );
});
