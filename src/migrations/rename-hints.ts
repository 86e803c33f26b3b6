/**
 * @module
 * `--rename` and `--drop` hints for `db generate`: a rename is applied to the previous snapshot
 * (so the differ sees no change there) and written as `ALTER ... RENAME` SQL; a drop confirms
 * that something removed is not a rename. Without a hint, a possible rename stops generation
 * with the hint to add.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { findConflicts, findTable, type Conflict, type Snapshot } from "./schema-snapshot.js";

export type RenameHint =
  | { kind: "table"; from: string; to: string }
  | { kind: "enum"; from: string; to: string }
  | { kind: "column"; table: string; from: string; to: string };

export interface AppliedRenames {
  /** The previous snapshot with the renames made. */
  snapshot: Snapshot;
  /** Statements for up.sql, run before the diff. */
  up: string[];
  /** Statements for down.sql, run after the reverse diff. */
  down: string[];
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function qualified(schema: string, name: string): string {
  return schema === "" || schema === "public" ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

function badHint(hint: string, why: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_CLI_USAGE", `--rename ${hint}: ${why}`);
}

/** Parses `users.name=full_name` (a column) or `users=people` (a table or an enum). */
export function parseRenameHint(text: string, previous: Snapshot): RenameHint {
  const match = /^([^=\s]+)=([^=\s.]+)$/.exec(text.trim());
  if (match === null) throw badHint(text, "expected table=new_table, enum=new_enum or table.column=new_column");
  const [, left, to] = match as unknown as [string, string, string];
  const dot = left.lastIndexOf(".");
  if (dot > 0 && findTable(previous, left.slice(0, dot)) !== undefined) {
    const table = left.slice(0, dot);
    const column = left.slice(dot + 1);
    if (!(column in findTable(previous, table)![1].columns))
      throw badHint(text, `the last revision's table ${table} has no column ${column}`);
    return { kind: "column", table, from: column, to };
  }
  if (findTable(previous, left) !== undefined) return { kind: "table", from: left, to };
  if ((left.includes(".") ? left : `public.${left}`) in previous.enums) return { kind: "enum", from: left, to };
  throw badHint(text, `the last revision has no table, enum or table.column named ${left}`);
}

function renameColumnIn(snapshot: Snapshot, tableKey: string, from: string, to: string): void {
  const table = snapshot.tables[tableKey]!;
  const column = table.columns[from]!;
  delete table.columns[from];
  table.columns[to] = { ...column, name: to };
  const swap = (names: string[]): string[] => names.map((name) => (name === from ? to : name));
  for (const index of Object.values(table.indexes))
    for (const part of index.columns) if (!part.isExpression && part.expression === from) part.expression = to;
  for (const fk of Object.values(table.foreignKeys)) fk.columnsFrom = swap(fk.columnsFrom);
  for (const unique of Object.values(table.uniqueConstraints)) unique.columns = swap(unique.columns);
  for (const pk of Object.values(table.compositePrimaryKeys)) pk.columns = swap(pk.columns);
  for (const other of Object.values(snapshot.tables))
    for (const fk of Object.values(other.foreignKeys)) if (fk.tableTo === table.name) fk.columnsTo = swap(fk.columnsTo);
}

function renameTableIn(snapshot: Snapshot, tableKey: string, to: string): string {
  const table = snapshot.tables[tableKey]!;
  const schema = tableKey.slice(0, tableKey.indexOf("."));
  const newKey = `${schema}.${to}`;
  delete snapshot.tables[tableKey];
  snapshot.tables[newKey] = { ...table, name: to };
  for (const other of Object.values(snapshot.tables)) {
    for (const fk of Object.values(other.foreignKeys)) {
      if (fk.tableTo === table.name && (fk.schemaTo ?? "public") === schema) fk.tableTo = to;
      if (fk.tableFrom === table.name) fk.tableFrom = to;
    }
  }
  return newKey;
}

function renameEnumIn(snapshot: Snapshot, enumKey: string, to: string): void {
  const entry = snapshot.enums[enumKey]!;
  delete snapshot.enums[enumKey];
  snapshot.enums[`${entry.schema}.${to}`] = { ...entry, name: to };
  for (const table of Object.values(snapshot.tables)) {
    for (const column of Object.values(table.columns))
      if (column.type === entry.name && (column.typeSchema ?? "public") === entry.schema) column.type = to;
  }
}

/** Applies the hints to a copy of `previous` (tables and enums first, then columns). */
export function applyRenames(previous: Snapshot, hints: readonly RenameHint[]): AppliedRenames {
  const snapshot = structuredClone(previous);
  const up: string[] = [];
  const down: string[] = [];
  const tableNames = new Map<string, string>();
  for (const hint of hints) {
    if (hint.kind === "table") {
      const [key, table] = findTable(snapshot, hint.from)!;
      renameTableIn(snapshot, key, hint.to);
      tableNames.set(hint.to, hint.from);
      up.push(`ALTER TABLE ${qualified(table.schema, hint.from)} RENAME TO ${quote(hint.to)};`);
      down.unshift(`ALTER TABLE ${qualified(table.schema, hint.to)} RENAME TO ${quote(hint.from)};`);
    } else if (hint.kind === "enum") {
      const key = hint.from.includes(".") ? hint.from : `public.${hint.from}`;
      const schema = snapshot.enums[key]!.schema;
      const oldName = snapshot.enums[key]!.name;
      renameEnumIn(snapshot, key, hint.to);
      up.push(`ALTER TYPE ${quote(schema)}.${quote(oldName)} RENAME TO ${quote(hint.to)};`);
      down.unshift(`ALTER TYPE ${quote(schema)}.${quote(hint.to)} RENAME TO ${quote(oldName)};`);
    }
  }
  const columnUp: string[] = [];
  const columnDown: string[] = [];
  for (const hint of hints) {
    if (hint.kind !== "column") continue;
    const renamedTable = [...tableNames].find(([, old]) => old === hint.table)?.[0] ?? hint.table;
    const [key, table] = findTable(snapshot, renamedTable)!;
    renameColumnIn(snapshot, key, hint.from, hint.to);
    columnUp.push(`ALTER TABLE ${qualified(table.schema, table.name)} RENAME COLUMN ${quote(hint.from)} TO ${quote(hint.to)};`);
    columnDown.unshift(`ALTER TABLE ${qualified(table.schema, table.name)} RENAME COLUMN ${quote(hint.to)} TO ${quote(hint.from)};`);
  }
  return { snapshot, up: [...up, ...columnUp], down: [...columnDown, ...down] };
}

function display(conflict: Conflict, name: string): string {
  if (conflict.kind === "column") return `${conflict.scope.replace(/^public\./, "")}.${name}`;
  return conflict.scope === "public" ? name : `${conflict.scope}.${name}`;
}

/**
 * Checks that every removal that may be a rename was explained by `--drop`.
 * @throws DashbaseError DASHBASE_E_MIGRATION_RENAME_HINT showing the `--rename` / `--drop` to add.
 */
export function assertNoUnresolvedRenames(previous: Snapshot, current: Snapshot, drops: readonly string[]): void {
  const dropped = new Set(drops.map((item) => item.replace(/^public\./, "")));
  const problems: string[] = [];
  for (const conflict of findConflicts(previous, current)) {
    const open = conflict.deleted.filter((name) => !dropped.has(display(conflict, name)));
    if (open.length === 0) continue;
    for (const name of open) {
      const old = display(conflict, name);
      const options = conflict.created.map((created) => `--rename ${old}=${created}`).join(" or ");
      problems.push(
        `${conflict.kind} ${old} is gone and ${conflict.created.map((created) => display(conflict, created)).join(", ")} appeared: if it was renamed, add ${options}; if it is really dropped (its data is lost), add --drop ${old}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_RENAME_HINT",
      `a change may be a rename, and dashbase does not guess:\n  ${problems.join("\n  ")}`,
      { details: { problems } },
    );
  }
}
