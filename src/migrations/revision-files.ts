/**
 * @module
 * Revision folders on disk: `<migrationsDir>/<id>_<slug>/` holding `revision.json`, `up.sql`,
 * `down.sql` and `snapshot.json`. Reads them into one ordered chain (parent before child) and
 * writes new ones.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { RevisionFile, RevisionMeta } from "./revision.js";

/** sha256 of a script, hex; line endings normalized so a checkout on Windows does not look edited. */
export function checksumOf(script: string): string {
  return createHash("sha256").update(script.replace(/\r\n/g, "\n")).digest("hex");
}

/** A new revision id: sortable by time, unique with eight random hex digits (two revisions may share a second). */
export function newRevisionId(now = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, "");
  return `${iso.slice(0, 8)}-${iso.slice(9, 15)}-${randomBytes(4).toString("hex")}`;
}

/** A folder-friendly slug of a message: `Add users table` -> `add_users_table`. */
export function slugOf(message: string): string {
  const slug = message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return slug === "" ? "revision" : slug;
}

function readText(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

function readMeta(dir: string): RevisionMeta | undefined {
  const file = path.join(dir, "revision.json");
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_HISTORY",
      `${file} is not valid JSON (${(error as Error).message}): fix the file by hand`,
    );
  }
  const meta = raw as Partial<RevisionMeta>;
  if (typeof meta.id !== "string" || meta.id === "" || (meta.parent !== null && typeof meta.parent !== "string")) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_HISTORY",
      `${file}: expected { "id": string, "parent": string | null, ... }, found ${JSON.stringify(raw)}`,
    );
  }
  return { id: meta.id, parent: meta.parent ?? null, message: meta.message ?? "", created: meta.created ?? "" };
}

/**
 * Reads every revision under `dir` in apply order (parent first). A missing folder is an empty history.
 * @throws DashbaseError DASHBASE_E_MIGRATION_HISTORY when the chain is broken or branches.
 */
export function readRevisions(dir: string): RevisionFile[] {
  if (!fs.existsSync(dir)) return [];
  const byId = new Map<string, RevisionFile>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(dir, entry.name);
    const meta = readMeta(folder);
    if (meta === undefined) continue;
    const existing = byId.get(meta.id);
    if (existing !== undefined) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_HISTORY",
        `two revision folders share the id ${meta.id}: ${existing.dir} and ${folder}; give one of them a new id in its revision.json`,
      );
    }
    const up = readText(path.join(folder, "up.sql"));
    byId.set(meta.id, { ...meta, dir: folder, up, down: readText(path.join(folder, "down.sql")), checksum: checksumOf(up) });
  }
  return orderChain(dir, byId);
}

function orderChain(dir: string, byId: Map<string, RevisionFile>): RevisionFile[] {
  const children = new Map<string | null, RevisionFile[]>();
  for (const revision of byId.values()) {
    if (revision.parent !== null && !byId.has(revision.parent)) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_HISTORY",
        `revision ${revision.id} (${revision.dir}) follows ${revision.parent}, which is not in ${dir}: restore that revision or set "parent" in revision.json`,
      );
    }
    const list = children.get(revision.parent) ?? [];
    list.push(revision);
    children.set(revision.parent, list);
  }
  const ordered: RevisionFile[] = [];
  let parent: string | null = null;
  for (;;) {
    const next: RevisionFile[] = children.get(parent) ?? [];
    if (next.length > 1) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_HISTORY",
        `revisions ${next.map((r) => r.id).join(" and ")} both follow ${parent ?? "base"} (two branches, e.g. after a merge): set the "parent" of one of them to the other's id in its revision.json, and check its SQL still fits`,
      );
    }
    const revision = next[0];
    if (revision === undefined) break;
    ordered.push(revision);
    parent = revision.id;
  }
  if (ordered.length !== byId.size) {
    const stray = [...byId.keys()].filter((id) => !ordered.some((r) => r.id === id));
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_HISTORY",
      `revisions ${stray.join(", ")} form a cycle through their "parent" fields: fix revision.json by hand`,
    );
  }
  return ordered;
}

export interface NewRevision {
  meta: RevisionMeta;
  up: string;
  down: string;
  snapshot: unknown;
}

/** Writes a revision folder and returns its path. */
export function writeRevision(dir: string, revision: NewRevision): string {
  const folder = path.join(dir, `${revision.meta.id}_${slugOf(revision.meta.message)}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "revision.json"), `${JSON.stringify(revision.meta, null, 2)}\n`);
  fs.writeFileSync(path.join(folder, "up.sql"), revision.up);
  fs.writeFileSync(path.join(folder, "down.sql"), revision.down);
  fs.writeFileSync(path.join(folder, "snapshot.json"), `${JSON.stringify(revision.snapshot, null, 2)}\n`);
  return folder;
}

/** The snapshot stored with a revision (the models as they were when it was generated). */
export function readSnapshot(revision: Pick<RevisionFile, "dir" | "id">): unknown {
  const file = path.join(revision.dir, "snapshot.json");
  if (!fs.existsSync(file)) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_HISTORY",
      `revision ${revision.id} has no snapshot.json in ${revision.dir}: it is needed to generate the next revision; restore it from version control`,
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
}
