/**
 * @module
 * The startup warning of `dashbase start` / `dev` outside production when the app's models have
 * tables or columns that no revision creates. Without it, a new model's first query fails in the
 * browser with `relation "…" does not exist`, long after the moment the fix was one command:
 * the models are compared with the snapshot of the newest revision, which is what
 * `dashbase db generate` would compare them with.
 */
import path from "node:path";
import { readRevisions, readSnapshot } from "../migrations/revision-files.js";
import { asSnapshot, emptySnapshot, modelSnapshot } from "../migrations/schema-snapshot.js";

export interface UnmigratedModels {
  /** Model tables no revision creates, as `table` (or `schema.table` outside public). */
  tables: string[];
  /** Columns of migrated tables no revision adds, as `table.column`. */
  columns: string[];
}

const readable = (key: string): string => (key.startsWith("public.") ? key.slice("public.".length) : key);

/**
 * What the models declare beyond the newest revision's snapshot; undefined when nothing, or when
 * the history cannot be read (the migrator reports a broken history itself).
 * @example
 * unmigratedModels({ users }, "migrations") // { tables: ["users"], columns: [] }
 */
export function unmigratedModels(models: Readonly<Record<string, unknown>>, dir: string): UnmigratedModels | undefined {
  try {
    const head = readRevisions(dir).at(-1);
    const recorded = head === undefined ? emptySnapshot() : asSnapshot(readSnapshot(head), path.join(head.dir, "snapshot.json"));
    const current = modelSnapshot(models, recorded.id);
    const tables: string[] = [];
    const columns: string[] = [];
    for (const [key, table] of Object.entries(current.tables)) {
      const before = recorded.tables[key];
      if (before === undefined) tables.push(readable(key));
      else for (const name of Object.keys(table.columns)) if (!(name in before.columns)) columns.push(`${readable(key)}.${name}`);
    }
    return tables.length === 0 && columns.length === 0 ? undefined : { tables, columns };
  } catch {
    return undefined;
  }
}

/**
 * Warns through `out` when the models declare tables or columns no revision creates.
 * @example
 * warnUnmigratedModels(loaded.definition.models, loaded.migrationsDir, out);
 */
export function warnUnmigratedModels(models: Readonly<Record<string, unknown>>, dir: string, out: { warn(text: string): void }): void {
  const found = unmigratedModels(models, dir);
  if (found === undefined) return;
  const what = [
    found.tables.length === 0 ? "" : `table${found.tables.length === 1 ? "" : "s"} ${found.tables.join(", ")}`,
    found.columns.length === 0 ? "" : `column${found.columns.length === 1 ? "" : "s"} ${found.columns.join(", ")}`,
  ].filter((part) => part !== "");
  out.warn(
    `the models declare ${what.join(" and ")} that no revision in ${dir} creates, so queries on them will fail: run \`dashbase db generate\` to write the revision, then restart (development applies it) or run \`dashbase db upgrade\``,
  );
}
