/**
 * @module
 * The startup warning of `dashbase start` / `dev` outside production: model tables and columns
 * that no revision creates are named, with the command to run.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { generateRevision } from "../../src/migrations/generate-revision.js";
import { unmigratedModels, warnUnmigratedModels } from "../../src/cli/unmigrated-models.js";
import { tempDir } from "../support/temp-dir.js";

const notes = pgTable("notes", { id: serial("id").primaryKey(), body: text("body").notNull() });
const notesWithStars = pgTable("notes", { id: serial("id").primaryKey(), body: text("body").notNull(), stars: integer("stars") });
const users = pgTable("users", { id: serial("id").primaryKey(), name: text("name").notNull() });

function warningsFor(models: Record<string, unknown>, dir: string): string[] {
  const warnings: string[] = [];
  warnUnmigratedModels(models, dir, { warn: (text) => warnings.push(text) });
  return warnings;
}

describe("models without a migration", () => {
  const dir = path.join(tempDir("unmigrated"), "migrations");

  it("are every model table while no revision exists (no migrations folder yet)", () => {
    assert.deepEqual(unmigratedModels({ notes }, dir), { tables: ["notes"], columns: [] });
    const [warning] = warningsFor({ notes }, dir);
    assert.match(warning ?? "", /table notes that no revision in .* creates/);
    assert.match(warning ?? "", /dashbase db generate/);
  });

  it("are nothing once a revision creates them, and then the new table and the new column", async () => {
    await generateRevision({ models: { notes }, dir, message: "notes" });
    assert.equal(unmigratedModels({ notes }, dir), undefined);
    assert.deepEqual(warningsFor({ notes }, dir), []);
    assert.deepEqual(unmigratedModels({ notes: notesWithStars, users }, dir), { tables: ["users"], columns: ["notes.stars"] });
    assert.match(warningsFor({ notes: notesWithStars, users }, dir)[0] ?? "", /table users and column notes\.stars/);
  });
});
