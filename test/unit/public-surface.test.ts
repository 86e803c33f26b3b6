/**
 * The root export is the Dash surface; engine parts live in subpaths, and 0.1's names that moved
 * answer with a coded error naming their new home.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";
import * as root from "dashbase";

const movedFile = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "src", "moved-exports.ts"), "utf8");
const moved = new Set([...movedFile.matchAll(/^export const (\w+)/gm)].map((match) => match[1]!));

it("exports the Dash surface from the root, and little else", () => {
  const current = Object.keys(root)
    .filter((name) => !moved.has(name))
    .sort();
  assert.deepEqual(current, [
    "ALL",
    "ALLSMALLER",
    "DashbaseError",
    "DataTable",
    "Input",
    "MATCH",
    "Output",
    "PageNav",
    "Patch",
    "PreventUpdate",
    "State",
    "Topic",
    "clientside",
    "createApp",
    "dcc",
    "deleteRows",
    "errorCodes",
    "html",
    "insertRow",
    "isDashbaseError",
    "noUpdate",
    "redirect",
    "updateRows",
  ]);
});

it("answers a name that moved to a subpath with DASHBASE_E_API_CHANGED naming the import to write", () => {
  assert.ok(moved.size >= 10);
  for (const name of moved) {
    const stub = (root as unknown as Record<string, () => unknown>)[name]!;
    assert.throws(stub, (error: unknown) => {
      assert.equal((error as { code?: unknown }).code, "DASHBASE_E_API_CHANGED");
      assert.match((error as Error).message, new RegExp(`import \\{ ${name} \\} from "dashbase/\\w+"`));
      return true;
    });
  }
});

it("serves every subpath the docs name", async () => {
  for (const subpath of ["db", "store", "session", "auth", "migrations", "config", "server", "testing", "clientside"]) {
    const module = (await import(`dashbase/${subpath}`)) as Record<string, unknown>;
    assert.ok(Object.keys(module).length > 0, `dashbase/${subpath} exports something`);
  }
  const { createDatabase } = await import("dashbase/db");
  assert.equal(typeof createDatabase, "function");
});
