/**
 * Canary for drizzle-orm's PGlite driver (pinned exactly): the embedded driver hands drizzle a
 * client of its own that offers only query(), exec() and transaction(), routed through the
 * queue that keeps a stopped PGlite instance from being called. If a drizzle release starts
 * calling anything else on its client, these statements fail here first.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { createDatabase } from "dashbase/db";
import { pgliteTemplate } from "../support/template.js";

const notes = pgTable("notes", { id: integer("id").primaryKey(), title: text("title").notNull() });

it("drizzle's builders, raw sql and transactions (nested ones too) run through the embedded driver's own client", async () => {
  const db = await createDatabase({ settings: { kind: "embedded", dataDir: null }, template: await pgliteTemplate() });
  try {
    await db.exec("create table notes (id integer primary key, title text not null)");
    await db.insert(notes).values({ id: 1, title: "one" });
    await db.orm.transaction(async (tx) => {
      await tx.insert(notes).values({ id: 2, title: "two" });
      await tx
        .transaction(async (inner) => {
          await inner.insert(notes).values({ id: 3, title: "three" });
          throw new Error("roll the savepoint back");
        })
        .catch(() => undefined);
    });
    await assert.rejects(
      db.orm.transaction(async (tx) => {
        await tx.insert(notes).values({ id: 4, title: "four" });
        throw new Error("roll back");
      }),
    );
    await db.transaction(async (tx) => {
      await tx.insert(notes).values({ id: 5, title: "five" });
    });
    const rows = await db.select().from(notes).orderBy(notes.id);
    assert.deepEqual(
      rows.map((row) => row.id),
      [1, 2, 5],
    );
    const counted = (await db.orm.execute(sql`select count(*)::int as n from notes`)) as unknown as { rows: unknown[] };
    assert.deepEqual(counted.rows, [{ n: 3 }]);
  } finally {
    await db.close();
  }
});
