/**
 * @module
 * The startup warning of `dashbase start` / `dev` outside production when the app's models have
 * tables or columns that no revision creates. Without it, a new model's first query fails in the
 * browser with `relation "…" does not exist`, long after the moment the fix was one command:
 * the models are compared with the snapshot of the newest revision, which is what
 * `dashbase db generate` would compare them with.
 *
 * Only table and column names are compared, so the models' side is read from drizzle-orm's table
 * configs rather than drizzle-kit's snapshot: loading drizzle-kit costs about a second and tens
 * of MB at every development start (issue 15), for names drizzle-orm already holds.
 */
import { is } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { readRevisions, readSnapshot } from "../migrations/revision-files.js";

/** Table key (`schema.table`, as in a snapshot) to its column names. */
type TableColumns = Map<string, Set<string>>;

/** dashbase's own tables (`dashbase_*`) are created by dashbase, never by a revision. */
const internalTablePrefix = "dashbase_";

function modelTables(models: Readonly<Record<string, unknown>>): TableColumns {
  const tables: TableColumns = new Map();
  for (const value of Object.values(models)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    if (config.name.startsWith(internalTablePrefix)) continue;
    tables.set(`${config.schema ?? "public"}.${config.name}`, new Set(config.columns.map((column) => column.name)));
  }
  return tables;
}

function snapshotTables(snapshot: unknown): TableColumns {
  const tables = (snapshot as { tables?: unknown } | null)?.tables;
  if (typeof tables !== "object" || tables === null) throw new Error("not a schema snapshot");
  const result: TableColumns = new Map();
  for (const [key, table] of Object.entries(tables as Record<string, { columns?: Record<string, unknown> }>)) {
    result.set(key, new Set(Object.keys(table.columns ?? {})));
  }
  return result;
}

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
    const recorded: TableColumns = head === undefined ? new Map() : snapshotTables(readSnapshot(head));
    const tables: string[] = [];
    const columns: string[] = [];
    for (const [key, names] of modelTables(models)) {
      const before = recorded.get(key);
      if (before === undefined) tables.push(readable(key));
      else for (const name of names) if (!before.has(name)) columns.push(`${readable(key)}.${name}`);
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
