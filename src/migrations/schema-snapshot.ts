/**
 * @module
 * Schema snapshots (drizzle-kit's JSON description of tables, columns, indexes, keys and enums):
 * taken from the app's models, stored with each revision, and diffed both ways to write `up.sql`
 * and `down.sql`.
 */
import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from "drizzle-kit/api";
import { is } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
import { isPromptRefusal, quietly, quietlySync } from "./quiet-differ.js";

/** The parts of drizzle-kit's snapshot that dashbase reads and edits (the rest passes through). */
export interface SnapshotColumn {
  name: string;
  type: string;
  typeSchema?: string;
  primaryKey: boolean;
  notNull: boolean;
  default?: unknown;
  [key: string]: unknown;
}
export interface SnapshotIndex {
  name: string;
  columns: { expression: string; isExpression: boolean; [key: string]: unknown }[];
  [key: string]: unknown;
}
export interface SnapshotForeignKey {
  name: string;
  tableFrom: string;
  tableTo: string;
  schemaTo?: string;
  columnsFrom: string[];
  columnsTo: string[];
  [key: string]: unknown;
}
export interface SnapshotTable {
  name: string;
  schema: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, SnapshotIndex>;
  foreignKeys: Record<string, SnapshotForeignKey>;
  compositePrimaryKeys: Record<string, { name: string; columns: string[]; [key: string]: unknown }>;
  uniqueConstraints: Record<string, { name: string; columns: string[]; [key: string]: unknown }>;
  [key: string]: unknown;
}
export interface Snapshot {
  id: string;
  prevId: string;
  dialect: "postgresql";
  tables: Record<string, SnapshotTable>;
  enums: Record<string, { name: string; schema: string; values: string[] }>;
  [key: string]: unknown;
}
type Table = SnapshotTable;

// drizzle-kit's declared snapshot type is a zod union too loose to edit; these are the same JSON.
const fromKit = (snapshot: DrizzleSnapshotJSON): Snapshot => snapshot as unknown as Snapshot;
const toKit = (snapshot: Snapshot): DrizzleSnapshotJSON => snapshot as unknown as DrizzleSnapshotJSON;

/** Tables whose names start with this belong to dashbase itself and are never migrated or checked here. */
export const internalTablePrefix = "dashbase_";

/** The user's models without dashbase's own tables (it creates and upgrades those itself). */
export function userModels(models: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(models).filter(([, value]) => !(is(value, PgTable) && getTableConfig(value).name.startsWith(internalTablePrefix))),
  );
}

/** The snapshot of `models` (drizzle tables and enums; other exports are ignored). */
export function modelSnapshot(models: Readonly<Record<string, unknown>>, previousId?: string): Snapshot {
  return fromKit(quietlySync("reading the models", () => generateDrizzleJson(userModels(models), previousId)));
}

/** The snapshot of an empty schema: the starting point of the first revision. */
export function emptySnapshot(): Snapshot {
  return fromKit(quietlySync("describing an empty schema", () => generateDrizzleJson({})));
}

/** Checks the rough shape of a snapshot read from disk. */
export function asSnapshot(value: unknown, where: string): Snapshot {
  const candidate = value as { tables?: unknown; enums?: unknown; dialect?: unknown } | null;
  if (
    typeof candidate !== "object" ||
    candidate === null ||
    typeof candidate.tables !== "object" ||
    typeof candidate.enums !== "object" ||
    candidate.dialect !== "postgresql"
  ) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_DIFF",
      `${where} is not a dashbase schema snapshot (expected { "dialect": "postgresql", "tables": {...}, "enums": {...} }): restore it from version control`,
    );
  }
  return value as Snapshot;
}

/** Objects that disappeared and others that appeared in one place: drizzle-kit would ask whether they are renames. */
export interface Conflict {
  kind: "table" | "column" | "enum";
  /** The table key (`public.users`) for columns; the schema for tables and enums. */
  scope: string;
  deleted: string[];
  created: string[];
}

const schemaOf = (key: string): string => key.slice(0, key.indexOf("."));

function groupBySchema(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) groups.set(schemaOf(key), [...(groups.get(schemaOf(key)) ?? []), key.slice(key.indexOf(".") + 1)]);
  return groups;
}

function namedConflicts(kind: "table" | "enum", from: Record<string, unknown>, to: Record<string, unknown>): Conflict[] {
  const deleted = groupBySchema(Object.keys(from).filter((key) => !(key in to)));
  const created = groupBySchema(Object.keys(to).filter((key) => !(key in from)));
  return [...deleted]
    .filter(([schema]) => created.has(schema))
    .map(([schema, names]) => ({ kind, scope: schema, deleted: names, created: created.get(schema)! }));
}

/** Every place where going from `from` to `to` both removes and adds tables, columns or enums. */
export function findConflicts(from: Snapshot, to: Snapshot): Conflict[] {
  const conflicts = [...namedConflicts("table", from.tables, to.tables), ...namedConflicts("enum", from.enums, to.enums)];
  for (const [key, table] of Object.entries(from.tables)) {
    const next = to.tables[key];
    if (next === undefined) continue;
    const deleted = Object.keys(table.columns).filter((name) => !(name in next.columns));
    const created = Object.keys(next.columns).filter((name) => !(name in table.columns));
    if (deleted.length > 0 && created.length > 0) conflicts.push({ kind: "column", scope: key, deleted, created });
  }
  return conflicts;
}

/** Removes column `name` from `table`, with the indexes and constraints that use it. */
function dropColumn(snapshot: Snapshot, tableKey: string, name: string): void {
  const table = snapshot.tables[tableKey]!;
  delete table.columns[name];
  const uses = (columns: readonly string[]): boolean => columns.includes(name);
  for (const [key, index] of Object.entries(table.indexes))
    if (index.columns.some((column) => column.expression === name || column.expression.includes(`"${name}"`))) delete table.indexes[key];
  for (const [key, fk] of Object.entries(table.foreignKeys)) if (uses(fk.columnsFrom)) delete table.foreignKeys[key];
  for (const [key, unique] of Object.entries(table.uniqueConstraints)) if (uses(unique.columns)) delete table.uniqueConstraints[key];
  for (const [key, pk] of Object.entries(table.compositePrimaryKeys)) if (uses(pk.columns)) delete table.compositePrimaryKeys[key];
  for (const other of Object.values(snapshot.tables)) {
    for (const [key, fk] of Object.entries(other.foreignKeys))
      if (fk.tableTo === table.name && fk.columnsTo.includes(name)) delete other.foreignKeys[key];
  }
}

function dropTable(snapshot: Snapshot, tableKey: string): void {
  const name = snapshot.tables[tableKey]!.name;
  delete snapshot.tables[tableKey];
  for (const other of Object.values(snapshot.tables)) {
    for (const [key, fk] of Object.entries(other.foreignKeys))
      if (fk.tableTo === name && (fk.schemaTo ?? "public") === schemaOf(tableKey)) delete other.foreignKeys[key];
  }
}

/**
 * `from` without the tables and columns that `to` no longer has: the midpoint of a diff split into
 * "remove" then "change and add". Removing first means nothing removed can still hold on to a
 * type being recreated, and drizzle-kit never sees something vanish and appear in one step.
 */
function withoutRemoved(from: Snapshot, to: Snapshot): Snapshot {
  const mid = structuredClone(from);
  for (const [key, table] of Object.entries(from.tables)) {
    const next = to.tables[key];
    if (next === undefined) dropTable(mid, key);
    else for (const name of Object.keys(table.columns)) if (!(name in next.columns)) dropColumn(mid, key, name);
  }
  return mid;
}

async function rawDiff(from: Snapshot, to: Snapshot): Promise<string[]> {
  try {
    return await quietly("comparing two schema snapshots", () => generateMigration(toKit(from), toKit(to)));
  } catch (error) {
    if (isDashbaseError(error, "DASHBASE_E_MIGRATION_TOOL_EXIT")) throw error;
    if (isPromptRefusal(error)) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_RENAME_HINT",
        "the schema differ met a possible rename dashbase could not resolve (schemas, sequences, views or roles): make this change in two revisions, removing first and adding second",
        { cause: error },
      );
    }
    throw new DashbaseError("DASHBASE_E_MIGRATION_DIFF", `the schema differ failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The statements that take a database from `from` to `to`, removals first. Removals were already
 * confirmed not to be renames (`assertNoUnresolvedRenames`), so drizzle-kit is never asked.
 * @throws DashbaseError DASHBASE_E_MIGRATION_RENAME_HINT for enums both removed and added.
 */
export async function diffSnapshots(from: Snapshot, to: Snapshot): Promise<string[]> {
  const conflicts = findConflicts(from, to);
  const enums = conflicts.filter((conflict) => conflict.kind === "enum");
  if (enums.length > 0) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_RENAME_HINT",
      `enum ${enums.flatMap((c) => c.deleted).join(", ")} disappeared while ${enums.flatMap((c) => c.created).join(", ")} appeared: if it is a rename, add --rename ${enums[0]!.deleted[0]}=${enums[0]!.created[0]}; otherwise make the change in two revisions (remove first, add second)`,
    );
  }
  const mid = withoutRemoved(from, to);
  const changes = protectEnumDefaults(await rawDiff(mid, to), mid, to);
  return [...(await rawDiff(from, mid)), ...changes].map(withCast).map(dropConstraintIfExists);
}

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function tableRef(table: SnapshotTable): string {
  return table.schema === "" || table.schema === "public" ? quoteName(table.name) : `${quoteName(table.schema)}.${quoteName(table.name)}`;
}

/**
 * drizzle-kit changes an enum's values by dropping and recreating the type, but a column default
 * still bound to the old type makes DROP TYPE fail. Defaults of columns of a recreated enum are
 * dropped first and set again (as the models want them) at the end.
 */
function protectEnumDefaults(statements: readonly string[], from: Snapshot, to: Snapshot): string[] {
  const recreated = new Set<string>();
  for (const statement of statements) {
    const match = /^DROP TYPE (?:"([^"]+)"\.)?"([^"]+)"/.exec(statement.trim());
    if (
      match !== null &&
      statements.some((other) => other.includes(`CREATE TYPE ${match[1] === undefined ? "" : `"${match[1]}".`}"${match[2]}"`))
    )
      recreated.add(match[2]!);
  }
  if (recreated.size === 0) return [...statements];
  const before: string[] = [];
  const after: string[] = [];
  const touched: string[] = [];
  for (const [key, table] of Object.entries(to.tables)) {
    const old = from.tables[key];
    if (old === undefined) continue;
    for (const [name, column] of Object.entries(table.columns)) {
      const previous = old.columns[name];
      if (previous === undefined || !recreated.has(column.type)) continue;
      const prefix = `ALTER TABLE ${tableRef(table)} ALTER COLUMN ${quoteName(name)}`;
      touched.push(prefix);
      if (previous.default !== undefined) before.push(`${prefix} DROP DEFAULT;`);
      if (column.default !== undefined) after.push(`${prefix} SET DEFAULT ${String(column.default)};`);
    }
  }
  const isDefaultChange = (statement: string): boolean =>
    touched.some((prefix) => statement.startsWith(`${prefix} DROP DEFAULT`) || statement.startsWith(`${prefix} SET DEFAULT`));
  return [...before, ...statements.filter((statement) => !isDefaultChange(statement.trim())), ...after];
}

/**
 * drizzle-kit may drop a table (CASCADE, which takes the foreign keys pointing at it along) before
 * dropping those same foreign keys; IF EXISTS keeps the second statement from failing.
 */
function dropConstraintIfExists(statement: string): string {
  return statement.replace(/^(ALTER TABLE .+? DROP CONSTRAINT )(?!IF EXISTS)/s, "$1IF EXISTS ");
}

const typeChange = /^(ALTER TABLE .+ ALTER COLUMN ("[^"]+") SET DATA TYPE )(.+?);?\s*$/s;

/**
 * drizzle-kit writes `SET DATA TYPE integer` without `USING`, which PostgreSQL refuses for
 * casts it will not do implicitly (text to integer); an explicit cast works for every type pair
 * that can be converted at all.
 */
function withCast(statement: string): string {
  const match = typeChange.exec(statement);
  if (match === null || /\bUSING\b/i.test(match[3]!)) return statement;
  return `${match[1]}${match[3]} USING ${match[2]}::${match[3]};`;
}

/** The table entry for a user-typed table name (`users` or `schema.users`). */
export function findTable(snapshot: Snapshot, name: string): [string, Table] | undefined {
  const key = name.includes(".") ? name : `public.${name}`;
  const table = snapshot.tables[key];
  return table === undefined ? undefined : [key, table];
}
