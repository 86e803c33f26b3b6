/**
 * dashbase leans on drizzle-kit's internals (`drizzle-kit/api`: the snapshot format and the SQL
 * its differ writes, both ways), so drizzle-kit is pinned exactly. This canary diffs a fixed set
 * of models, covering what revisions usually hold, and compares the SQL with the text recorded in
 * test/unit/fixtures/drizzle-kit-canary.sql: an upgrade of drizzle-kit that writes other SQL fails
 * here, loudly, before it can change anyone's generated revisions. After reviewing the new SQL,
 * record it with `UPDATE_CANARY=1`.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { diffSnapshots, emptySnapshot, modelSnapshot } from "../../src/migrations/schema-snapshot.js";

const root = path.join(import.meta.dirname, "..", "..");
const recorded = path.join(import.meta.dirname, "fixtures", "drizzle-kit-canary.sql");

const mood = pgEnum("canary_mood", ["calm", "busy"]);
const owners = pgTable("canary_owners", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 200 }).notNull().unique(),
  mood: mood("mood").notNull().default("calm"),
});
const notes = pgTable(
  "canary_notes",
  {
    id: serial("id").primaryKey(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => owners.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    stars: integer("stars").notNull().default(0),
    done: boolean("done").notNull().default(false),
    extra: jsonb("extra"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("canary_notes_stars", sql`${table.stars} between 0 and 5`),
    index("canary_notes_owner_idx").on(table.ownerId),
    uniqueIndex("canary_notes_body_idx").on(table.ownerId, table.body),
  ],
);

it("is the drizzle-kit version package.json pins exactly", () => {
  const pinned = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> })
    .dependencies["drizzle-kit"];
  const installed = (
    JSON.parse(fs.readFileSync(path.join(root, "node_modules", "drizzle-kit", "package.json"), "utf8")) as { version: string }
  ).version;
  assert.match(pinned ?? "", /^\d+\.\d+\.\d+$/, "pinned to one version, no range");
  assert.equal(installed, pinned);
});

it("writes the recorded SQL for a fixed set of models, up from nothing and back down", async () => {
  const models = { mood, owners, notes };
  const current = modelSnapshot(models);
  const up = await diffSnapshots(emptySnapshot(), current);
  const down = await diffSnapshots(current, emptySnapshot());
  const text = `-- up\n${up.join("\n")}\n-- down\n${down.join("\n")}\n`;
  if (process.env["UPDATE_CANARY"] === "1") fs.writeFileSync(recorded, text);
  assert.equal(text, fs.readFileSync(recorded, "utf8"), "drizzle-kit's SQL changed: review it, then record it with UPDATE_CANARY=1");
});
