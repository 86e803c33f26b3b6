/**
 * drizzle-kit calls `process.exit(1)` on some failures; dashbase's calls into it turn that into a
 * coded error and leave `process.exit` as it was.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "drizzle-orm";
import { integer, pgTable, serial } from "drizzle-orm/pg-core";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { checkDrift } from "../../src/migrations/drift-check.js";
import { introspectionHandle } from "../../src/migrations/introspection-adapter.js";
import { quietly, quietlySync } from "../../src/migrations/quiet-differ.js";
import { modelSnapshot } from "../../src/migrations/schema-snapshot.js";

it("turns drizzle-kit's process.exit on duplicate constraint names in the models into DASHBASE_E_MIGRATION_TOOL_EXIT with what it printed", () => {
  const exit = process.exit;
  const clash = pgTable("clash", {
    id: serial("id").primaryKey(),
    a: integer("a").unique("same_name"),
    b: integer("b").unique("same_name"),
  });
  assert.throws(
    () => modelSnapshot({ clash }),
    (error: unknown) =>
      isDashbaseError(error, "DASHBASE_E_MIGRATION_TOOL_EXIT") &&
      /reading the models/.test(error.message) &&
      /duplicated unique constraint names/.test(error.message),
  );
  assert.equal(process.exit, exit, "process.exit must be restored");
});

it("restores process.exit after an async call that tried to exit, and after one that returned", async () => {
  const exit = process.exit;
  await assert.rejects(
    quietly("testing", async () => {
      await Promise.resolve();
      console.log("about to stop");
      process.exit(2);
    }),
    (error: unknown) =>
      isDashbaseError(error, "DASHBASE_E_MIGRATION_TOOL_EXIT") && /exit code 2/.test(error.message) && /about to stop/.test(error.message),
  );
  assert.equal(process.exit, exit);
  assert.equal(await quietly("testing", () => Promise.resolve(7)), 7);
  assert.equal(
    quietlySync("testing", () => 8),
    8,
  );
  assert.equal(process.exit, exit);
});

it("refuses a placeholder statement it cannot bind instead of sending it without values", async () => {
  const sent: string[] = [];
  const db = { query: async (text: string) => (sent.push(text), { rows: [], rowCount: 0 }) } as unknown as Database;
  await assert.rejects(introspectionHandle(db).execute(sql.raw("select $1::int as n")), (error: unknown) =>
    isDashbaseError(error, "DASHBASE_E_MIGRATION_INTROSPECTION"),
  );
  assert.deepEqual(sent, []);
});

it("reports a database failure during db check's introspection as DASHBASE_E_MIGRATION_INTROSPECTION with the database's reason, without exiting", async () => {
  const db = {
    query: async () => {
      throw new Error("connection reset by peer");
    },
  } as unknown as Database;
  await assert.rejects(
    checkDrift(db, { t: pgTable("t", { id: serial("id").primaryKey() }) }),
    (error: unknown) => isDashbaseError(error, "DASHBASE_E_MIGRATION_INTROSPECTION") && /connection reset by peer/.test(error.message),
  );
});
