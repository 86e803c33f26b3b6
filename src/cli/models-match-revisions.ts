/**
 * @module
 * Whether the app's models are what the newest revision recorded. `db check` uses it to tell a
 * model change (generate a revision) from a database changed by hand (generate would write
 * nothing: revert the change, or move along the revisions).
 */
import path from "node:path";
import { readRevisions, readSnapshot } from "../migrations/revision-files.js";
import { asSnapshot, diffSnapshots, emptySnapshot, modelSnapshot } from "../migrations/schema-snapshot.js";

/**
 * True when `db generate` would find nothing to write; false when it would, or cannot tell.
 * @example
 * if (await modelsMatchNewestRevision(models, "migrations")) console.log("the database was changed by hand");
 */
export async function modelsMatchNewestRevision(models: Readonly<Record<string, unknown>>, dir: string): Promise<boolean> {
  try {
    const head = readRevisions(dir).at(-1);
    const previous = head === undefined ? emptySnapshot() : asSnapshot(readSnapshot(head), path.join(head.dir, "snapshot.json"));
    return (await diffSnapshots(previous, modelSnapshot(models, previous.id))).length === 0;
  } catch {
    // A broken history or a possible rename: certainly not "nothing to generate".
    return false;
  }
}
