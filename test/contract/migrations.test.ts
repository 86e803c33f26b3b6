/**
 * Generated revisions round-trip (generate, upgrade, downgrade, upgrade again) with zero drift
 * after each step, on every backend.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSchema,
  pgTable,
  primaryKey,
  serial,
  text,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import type { Database } from "dashbase";
import { checkDrift } from "../../src/migrations/drift-check.js";
import { generateRevision } from "../../src/migrations/generate-revision.js";
import { createMigrator } from "dashbase/migrations";
import { backends, dropServerDatabases } from "../support/backends.js";
import { tempDir } from "../support/temp-dir.js";

type Models = Record<string, unknown>;

async function assertNoDrift(db: Database, models: Models, step: string): Promise<void> {
  const drift = await checkDrift(db, models);
  assert.equal(drift.inSync, true, `drift after ${step}: ${[...drift.statements, ...drift.differences].join("\n")}`);
}

interface Step {
  models: Models;
  renames?: string[];
  drops?: string[];
  /** Runs after this step's upgrade (insert rows that must survive the next step). */
  after?: (db: Database) => Promise<void>;
}

/** Generates and applies each step in turn, then downgrades the last one and upgrades again. */
async function roundTrip(db: Database, steps: readonly Step[]): Promise<void> {
  const dir = tempDir("migrations");
  const migrator = createMigrator(db, { dir });
  let previous: Models = {};
  for (const [index, step] of steps.entries()) {
    const generated = await generateRevision({
      models: step.models,
      dir,
      message: `step ${index}`,
      renames: step.renames ?? [],
      drops: step.drops ?? [],
    });
    assert.equal(generated.created, true, `step ${index} generated nothing`);
    const report = await migrator.upgrade();
    assert.equal(report.ok, true, report.failure?.message);
    await assertNoDrift(db, step.models, `upgrade to step ${index}`);
    await step.after?.(db);
    if (index === steps.length - 1) {
      const down = await migrator.downgrade("-1");
      assert.equal(down.ok, true, down.failure?.message);
      await assertNoDrift(db, previous, `downgrade from step ${index}`);
      const again = await migrator.upgrade();
      assert.equal(again.ok, true, again.failure?.message);
      await assertNoDrift(db, step.models, `upgrade again to step ${index}`);
    }
    previous = step.models;
  }
  const unchanged = await generateRevision({ models: steps[steps.length - 1]!.models, dir });
  assert.equal(unchanged.created, false, "generating with unchanged models must write nothing");
}

for (const backend of backends) {
  describe(`migrations round trips on ${backend.name}`, () => {
    after(dropServerDatabases);

    async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
      const db = await backend.open();
      try {
        await fn(db);
      } finally {
        await db.close();
      }
    }

    it("creates a table and drops it again on downgrade", () =>
      withDb((db) =>
        roundTrip(db, [{ models: { notes: pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull() }) } }]),
      ));

    it("adds a column, then drops one", () =>
      withDb((db) =>
        roundTrip(db, [
          { models: { notes: pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull() }) } },
          {
            models: {
              notes: pgTable("notes", {
                id: serial("id").primaryKey(),
                title: text("title").notNull(),
                stars: integer("stars").default(0),
              }),
            },
          },
          { models: { notes: pgTable("notes", { id: serial("id").primaryKey(), stars: integer("stars").default(0) }) } },
        ]),
      ));

    it("renames a column and a table with hints, and the rows survive", () =>
      withDb(async (db) => {
        await roundTrip(db, [
          {
            models: { users: pgTable("users", { id: serial("id").primaryKey(), name: text("name").notNull() }) },
            after: async (handle) => {
              await handle.execute(sql`insert into users (name) values ('Ada'), ('Grace')`);
            },
          },
          {
            models: { people: pgTable("people", { id: serial("id").primaryKey(), fullName: text("full_name").notNull() }) },
            renames: ["users=people", "users.name=full_name"],
          },
        ]);
        const { rows } = await db.query<{ full_name: string }>("select full_name from people order by id");
        assert.deepEqual(
          rows.map((row) => row.full_name),
          ["Ada", "Grace"],
        );
      }));

    it("changes a column's type, casting the values", () =>
      withDb(async (db) => {
        await roundTrip(db, [
          {
            models: {
              counts: pgTable("counts", {
                id: serial("id").primaryKey(),
                total: integer("total"),
                label: varchar("label", { length: 20 }),
              }),
            },
            after: async (handle) => {
              await handle.execute(sql`insert into counts (total, label) values (41, 'a')`);
            },
          },
          {
            models: {
              counts: pgTable("counts", {
                id: serial("id").primaryKey(),
                total: bigint("total", { mode: "number" }),
                label: text("label"),
              }),
            },
          },
        ]);
        const { rows } = await db.query<{ total: number }>("select total from counts");
        assert.equal(rows[0]?.total, 41);
      }));

    it("adds indexes, plain and unique", () =>
      withDb((db) =>
        roundTrip(db, [
          { models: { tags: pgTable("tags", { id: serial("id").primaryKey(), name: text("name").notNull(), slug: text("slug") }) } },
          {
            models: {
              tags: pgTable("tags", { id: serial("id").primaryKey(), name: text("name").notNull(), slug: text("slug") }, (t) => [
                index("tags_name_idx").on(t.name),
                uniqueIndex("tags_slug_key").on(t.slug),
              ]),
            },
          },
        ]),
      ));

    it("adds a foreign key", () =>
      withDb((db) => {
        const authors = pgTable("authors", { id: serial("id").primaryKey() });
        const authorsAgain = pgTable("authors", { id: serial("id").primaryKey() });
        return roundTrip(db, [
          { models: { authors, books: pgTable("books", { id: serial("id").primaryKey(), authorId: integer("author_id") }) } },
          {
            models: {
              authors: authorsAgain,
              books: pgTable("books", {
                id: serial("id").primaryKey(),
                authorId: integer("author_id").references(() => authorsAgain.id, { onDelete: "cascade" }),
              }),
            },
          },
        ]);
      }));

    it("creates an enum and adds a value to it", () =>
      withDb((db) => {
        const mood = pgEnum("mood", ["happy", "sad"]);
        const moodMore = pgEnum("mood", ["happy", "sad", "curious"]);
        return roundTrip(db, [
          {
            models: { mood, entries: pgTable("entries", { id: serial("id").primaryKey(), mood: mood("mood").notNull() }) },
            after: async (handle) => {
              await handle.execute(sql`insert into entries (mood) values ('sad')`);
            },
          },
          {
            models: {
              mood: moodMore,
              entries: pgTable("entries", { id: serial("id").primaryKey(), mood: moodMore("mood").notNull().default("curious") }),
            },
          },
        ]);
      }));

    it("adds a JSONB column with a default", () =>
      withDb((db) =>
        roundTrip(db, [
          { models: { prefs: pgTable("prefs", { id: serial("id").primaryKey() }) } },
          {
            models: {
              prefs: pgTable("prefs", {
                id: serial("id").primaryKey(),
                settings: jsonb("settings")
                  .notNull()
                  .default({ theme: "dark", sizes: [1, 2] }),
              }),
            },
          },
        ]),
      ));

    it("round-trips tables with composite primary keys and multi-column unique constraints, and check sees no drift", () =>
      withDb((db) => {
        // Several tables, one in its own schema, keys named by default and by hand, columns not in
        // table order: each table's key must be read back under its own name, in declared order.
        const club = pgSchema("club");
        const members = pgTable("members", { id: serial("id").primaryKey(), name: text("name").notNull() });
        const memberships = (withRole: boolean) =>
          pgTable(
            "memberships",
            {
              memberId: integer("member_id").notNull(),
              groupId: integer("group_id").notNull(),
              ...(withRole ? { role: text("role") } : {}),
            },
            (t) => [primaryKey({ columns: [t.groupId, t.memberId] })],
          );
        const scores = pgTable(
          "scores",
          {
            season: integer("season").notNull(),
            memberId: integer("member_id").notNull(),
            round: integer("round").notNull(),
            points: integer("points"),
          },
          (t) => [
            primaryKey({ name: "scores_by_round", columns: [t.season, t.round, t.memberId] }),
            unique("scores_points_round").on(t.round, t.points),
          ],
        );
        const visits = club.table("visits", { day: text("day").notNull(), memberId: integer("member_id").notNull() }, (t) => [
          primaryKey({ columns: [t.memberId, t.day] }),
        ]);
        return roundTrip(db, [
          { models: { members, memberships: memberships(false) } },
          { models: { members, memberships: memberships(true), scores, club, visits } },
        ]);
      }));

    it("check reports a composite primary key whose columns differ from the models", () =>
      withDb(async (db) => {
        const pairs = pgTable("pairs", { left: integer("left").notNull(), right: integer("right").notNull() }, (t) => [
          primaryKey({ columns: [t.left, t.right] }),
        ]);
        const dir = tempDir("migrations");
        await generateRevision({ models: { pairs }, dir, message: "pairs" });
        const report = await createMigrator(db, { dir }).upgrade();
        assert.equal(report.ok, true, report.failure?.message);
        await assertNoDrift(db, { pairs }, "upgrade");
        await db.exec(
          'alter table pairs drop constraint pairs_left_right_pk; alter table pairs add constraint pairs_left_right_pk primary key ("right", "left")',
        );
        const drift = await checkDrift(db, { pairs });
        assert.equal(drift.inSync, false);
        assert.match(drift.statements.join("\n"), /ADD CONSTRAINT "pairs_left_right_pk" PRIMARY KEY\("left","right"\)/);
      }));
  });
}
