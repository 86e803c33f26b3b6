/**
 * @module
 * `db generate`: compares the app's models with the newest revision's snapshot and writes a new
 * revision folder whose `up.sql` and `down.sql` are the diff both ways.
 */
import path from "node:path";
import { annotateStatements } from "./data-loss.js";
import { applyRenames, assertNoUnresolvedRenames, parseRenameHint } from "./rename-hints.js";
import { newRevisionId, readRevisions, readSnapshot, writeRevision } from "./revision-files.js";
import type { RevisionMeta } from "./revision.js";
import { asSnapshot, diffSnapshots, emptySnapshot, modelSnapshot } from "./schema-snapshot.js";

export interface GenerateOptions {
  /** The app's models (drizzle tables and enums). */
  models: Readonly<Record<string, unknown>>;
  /** The migrations folder. */
  dir: string;
  message?: string;
  /** `users.name=full_name`, `users=people`, `mood=feeling`. */
  renames?: readonly string[];
  /** Removed tables or columns confirmed as really dropped: `users.age`, `old_table`. */
  drops?: readonly string[];
  now?: Date;
}

export interface GenerateResult {
  /** False when the models match the newest revision: nothing was written. */
  created: boolean;
  revision: (RevisionMeta & { dir: string }) | null;
  up: string;
  down: string;
  /** Statements in up.sql that may lose data. */
  warnings: string[];
  /** Statements in down.sql that may lose data (downgrades usually do). */
  downWarnings: string[];
}

/**
 * Writes the next revision, or nothing when the models did not change.
 * @throws DashbaseError DASHBASE_E_MIGRATION_RENAME_HINT when a change may be a rename.
 * @example
 * const result = await generateRevision({ models, dir: "migrations", message: "add users", renames: ["users.name=full_name"] });
 */
export async function generateRevision(options: GenerateOptions): Promise<GenerateResult> {
  const chain = readRevisions(options.dir);
  const head = chain[chain.length - 1];
  const previous = head === undefined ? emptySnapshot() : asSnapshot(readSnapshot(head), path.join(head.dir, "snapshot.json"));
  const current = modelSnapshot(options.models, previous.id);
  const hints = (options.renames ?? []).map((text) => parseRenameHint(text, previous));
  const renamed = applyRenames(previous, hints);
  assertNoUnresolvedRenames(renamed.snapshot, current, options.drops ?? []);
  const upStatements = [...renamed.up, ...(await diffSnapshots(renamed.snapshot, current))];
  if (upStatements.length === 0) {
    return { created: false, revision: null, up: "", down: "", warnings: [], downWarnings: [] };
  }
  const downStatements = [...(await diffSnapshots(current, renamed.snapshot)), ...renamed.down];
  const up = annotateStatements(upStatements, renamed.snapshot);
  const down = annotateStatements(downStatements, current);
  const message = options.message?.trim() || "revision";
  const meta: RevisionMeta = {
    id: newRevisionId(options.now),
    parent: head?.id ?? null,
    message,
    created: (options.now ?? new Date()).toISOString(),
  };
  const header = (direction: string): string =>
    `-- ${message}\n-- ${direction} of revision ${meta.id} (parent: ${meta.parent ?? "base"}). Edit freely before it is applied;\n-- the statements run in one transaction.\n\n`;
  const dir = writeRevision(options.dir, {
    meta,
    up: `${header("upgrade")}${up.sql}`,
    down: `${header("downgrade")}${down.sql}`,
    snapshot: current,
  });
  return { created: true, revision: { ...meta, dir }, up: up.sql, down: down.sql, warnings: up.warnings, downWarnings: down.warnings };
}
