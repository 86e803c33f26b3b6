/**
 * The embedded database's memory settings: a page cache of 16 MB unless DASHBASE_EMBEDDED_MEMORY
 * says otherwise, PGlite's own start parameters kept beside it, and a data directory written
 * with one setting opening and keeping its rows under another.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { pgliteTemplate } from "../support/template.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-memory-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

async function setting(db: Awaited<ReturnType<typeof createDatabase>>, name: string): Promise<string> {
  const { rows } = await db.query<{ value: string }>("select current_setting($1) as value", [name]);
  return rows[0]!.value;
}

describe("embedded database memory", () => {
  it("keeps PGlite's own start parameters (a canary: dashbase appends to PGlite.defaultStartParams)", () => {
    assert.ok(Array.isArray(PGlite.defaultStartParams));
    assert.ok(PGlite.defaultStartParams.includes("--single"));
  });

  it("uses a 16 MB page cache by default and DASHBASE_EMBEDDED_MEMORY's otherwise, on the same data directory", async () => {
    const dataDir = path.join(root, "sized");
    const small = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    try {
      assert.equal(await setting(small, "shared_buffers"), "16MB");
      // PGlite's defaults are still there: the search path it sets.
      assert.equal(await setting(small, "search_path"), "public");
      await small.query("create table kept (id int primary key)");
      await small.query("insert into kept values (1), (2)");
    } finally {
      await small.close();
    }
    const settings = loadSettings({ env: { DASHBASE_DATA_DIR: dataDir, DASHBASE_EMBEDDED_MEMORY: "48" }, cwd: root }).database;
    const bigger = await createDatabase({ settings });
    try {
      assert.equal(await setting(bigger, "shared_buffers"), "48MB");
      const { rows } = await bigger.query<{ n: number }>("select count(*)::int as n from kept");
      assert.equal(rows[0]!.n, 2);
    } finally {
      await bigger.close();
    }
  });
});
