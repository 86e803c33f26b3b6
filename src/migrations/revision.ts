/**
 * @module
 * The shapes of a revision: its metadata as written to `revision.json`, and what the runner
 * reports about it (applied or not, when, its checksum).
 */

/** What `revision.json` in a revision folder holds; editable by hand. */
export interface RevisionMeta {
  /** Unique id, e.g. `20250611-143005-a3f9`; the folder is `<id>_<slug>`. */
  id: string;
  /** The revision this one follows, or `null` for the first one. */
  parent: string | null;
  message: string;
  /** ISO timestamp of `db generate`. */
  created: string;
}

/** A revision read from the migrations folder. */
export interface RevisionFile extends RevisionMeta {
  /** Absolute path of the revision folder. */
  dir: string;
  up: string;
  down: string;
  /** sha256 (hex) of `up.sql` as it is on disk now. */
  checksum: string;
}

/** One revision as `history()` and reports show it. */
export interface RevisionInfo {
  id: string;
  parent: string | null;
  message: string;
  /** Folder of the revision; `null` when the database knows a revision the folder lacks. */
  dir: string | null;
  applied: boolean;
  appliedAt: Date | null;
  /** Applied, and `up.sql` changed since: the runner refuses to go on until this is resolved. */
  modified: boolean;
}

/** Why an upgrade or downgrade stopped. */
export interface MigrationFailure {
  /** DASHBASE_E_MIGRATION_FAILED, DASHBASE_E_MIGRATION_TAMPERED, ... */
  code: string;
  message: string;
  /** The revision being applied or reverted, when one was. */
  revision?: string;
  /** The statement the database rejected, as written in the file. */
  statement?: string;
}

/** What `upgrade()` / `downgrade()` did: results, not exceptions. */
export interface MigrationReport {
  ok: boolean;
  direction: "up" | "down";
  /** Revisions applied (up) or reverted (down), in the order it happened. */
  applied: RevisionInfo[];
  /** Present when `ok` is false; everything before it stays applied, the failing revision rolled back. */
  failure?: MigrationFailure;
  /** The newest applied revision afterwards, `null` at base. */
  current: string | null;
}
