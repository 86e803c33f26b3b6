/**
 * The jobs' own schema (`dashbase_jobs`) stays out of the app's migrations: a drift check of the
 * app's models still finds the database in sync once it exists, and `db reset`'s drop removes it;
 * processes starting at once on a new database create it without deadlocking each other.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { createDatabase } from "dashbase/db";
import { checkDrift } from "../../src/migrations/drift-check.js";
import { dropJobSchema } from "../../src/jobs/job-boss.js";
import { JobQueue } from "../../src/jobs/job-queue.js";
import { JobRegistry } from "../../src/jobs/job-registry.js";
import { backends, dropServerDatabases } from "../support/backends.js";

after(dropServerDatabases);

const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull() });

for (const backend of backends) {
  describe(`the jobs schema on ${backend.name}`, () => {
    it("leaves a drift check of the app's models in sync, and is dropped by a reset", async () => {
      const db = await backend.open();
      try {
        await db.exec("create table notes (id serial primary key, title text not null)");
        const registry = new JobRegistry();
        registry.add("x", () => undefined);
        const queue = await JobQueue.open({ db, registry });
        await queue.enqueue("x", null);
        await queue.stop();
        const drift = await checkDrift(db, { notes });
        assert.deepEqual({ inSync: drift.inSync, statements: drift.statements }, { inSync: true, statements: [] });
        assert.equal(await dropJobSchema(db), true);
        assert.equal(await dropJobSchema(db), false);
        const { rows } = await db.query<{ found: string | null }>("select to_regclass('dashbase_jobs.job')::text as found");
        assert.equal(rows[0]?.found, null);
      } finally {
        await db.close();
      }
    });

    it("lets several processes start on one new database at once", async () => {
      const settings = await backend.settings();
      // PGlite is one process's: three queues share its handle; a server gets three pools.
      const first = settings.kind === "embedded" ? await backend.open() : await createDatabase({ settings });
      const dbs =
        settings.kind === "embedded"
          ? [first, first, first]
          : [first, ...(await Promise.all([1, 2].map(() => createDatabase({ settings }))))];
      try {
        const queues = await Promise.all(
          dbs.map((db) => {
            const registry = new JobRegistry();
            registry.add("a", () => undefined);
            registry.add("b", () => undefined);
            return JobQueue.open({ db, registry });
          }),
        );
        await Promise.all(queues.map((queue) => queue.enqueue("a", null)));
        for (const queue of queues) await queue.stop();
      } finally {
        for (const db of new Set(dbs)) await db.close();
      }
    });
  });
}
