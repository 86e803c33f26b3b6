/**
 * @module
 * `db check`: does the live database match the models? Uses drizzle-kit's introspection of the
 * database (`pushSchema`, never applied) and lists the statements that would be needed to
 * close the gap. dashbase's own tables (`dashbase_*`) are left out on both sides.
 */
import { isDeepStrictEqual } from "node:util";
import { pushSchema } from "drizzle-kit/api";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Database } from "../db/database.js";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
import { introspectionHandle } from "./introspection-adapter.js";
import { isPromptRefusal, quietly } from "./quiet-differ.js";
import { internalTablePrefix, modelSnapshot, userModels } from "./schema-snapshot.js";

export interface DriftReport {
  /** True when the database matches the models. */
  inSync: boolean;
  /** SQL that would bring the database to the models (for reading; `db generate` writes revisions). */
  statements: string[];
  /** Human descriptions of the differences drizzle-kit could not express as statements. */
  differences: string[];
}

async function namesOnlyDifferences(db: Database, models: Readonly<Record<string, unknown>>): Promise<string[]> {
  const snapshot = modelSnapshot(models);
  const { rows } = await db.query<{ table_schema: string; table_name: string; column_name: string }>(
    "select table_schema, table_name, column_name from information_schema.columns where table_schema = any($1::text[]) and table_name not like $2",
    [[...new Set(Object.keys(snapshot.tables).map((key) => key.slice(0, key.indexOf("."))))], `${internalTablePrefix}%`],
  );
  const live = new Map<string, Set<string>>();
  for (const row of rows) {
    const key = `${row.table_schema}.${row.table_name}`;
    live.set(key, (live.get(key) ?? new Set()).add(row.column_name));
  }
  const differences: string[] = [];
  for (const [key, table] of Object.entries(snapshot.tables)) {
    const columns = live.get(key);
    if (columns === undefined) {
      differences.push(`table ${key} is in the models but not in the database`);
      continue;
    }
    const onlyModels = Object.keys(table.columns).filter((name) => !columns.has(name));
    const onlyDb = [...columns].filter((name) => !(name in table.columns));
    if (onlyModels.length > 0 || onlyDb.length > 0) {
      differences.push(
        `table ${key}: only in the models: ${onlyModels.join(", ") || "-"}; only in the database: ${onlyDb.join(", ") || "-"}`,
      );
    }
  }
  for (const key of live.keys()) if (!(key in snapshot.tables)) differences.push(`table ${key} is in the database but not in the models`);
  return differences;
}

const jsonDefault = /^ALTER TABLE (?:"([^"]+)"\.)?"([^"]+)" ALTER COLUMN "([^"]+)" SET DEFAULT '(.*)'::jsonb;?\s*$/s;

function parseJsonLiteral(literal: string): unknown {
  try {
    return JSON.parse(literal.replace(/''/g, "'"));
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL stores a jsonb default normalized (keys sorted, spaces added), so drizzle-kit's text
 * comparison reports a difference that is not one: compare the two values as JSON instead.
 */
async function isSameJsonDefault(db: Database, statement: string): Promise<boolean> {
  const match = jsonDefault.exec(statement.trim());
  if (match === null) return false;
  const [, schema, table, column, literal] = match;
  const { rows } = await db.query<{ column_default: string | null }>(
    "select column_default from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = $3",
    [schema ?? "public", table, column],
  );
  const live = /^'(.*)'::jsonb$/s.exec(rows[0]?.column_default ?? "")?.[1];
  if (live === undefined) return false;
  const wanted = parseJsonLiteral(literal!);
  return wanted !== undefined && isDeepStrictEqual(parseJsonLiteral(live), wanted);
}

const anyDefault = /^ALTER TABLE (?:"([^"]+)"\.)?"([^"]+)" ALTER COLUMN "([^"]+)" SET DEFAULT (.+?);?\s*$/s;

/**
 * drizzle-kit reads an array column's default back in another spelling than it writes it
 * (`'{}'::text[]` against `'{}'`), so an array default always looks changed: let PostgreSQL
 * compare the two values. Only array columns: their defaults are constants, safe to evaluate.
 */
async function isSameArrayDefault(db: Database, statement: string): Promise<boolean> {
  const match = anyDefault.exec(statement.trim());
  if (match === null) return false;
  const [, schema, table, column, wanted] = match;
  const { rows } = await db.query<{ column_default: string | null; data_type: string; udt_name: string }>(
    "select column_default, data_type, udt_name from information_schema.columns where table_schema = $1 and table_name = $2 and column_name = $3",
    [schema ?? "public", table, column],
  );
  const live = rows[0];
  if (live === undefined || live.data_type !== "ARRAY" || live.column_default === null || !/^_[a-z0-9_]+$/.test(live.udt_name))
    return false;
  try {
    const type = `"${live.udt_name}"`;
    const same = await db.query<{ same: boolean }>(`select ((${live.column_default})::${type} = (${wanted!})::${type}) as same`);
    return same.rows[0]?.same === true;
  } catch {
    return false;
  }
}

/**
 * Compares the live database with the models.
 * @example
 * const drift = await checkDrift(db, project.definition.models);
 * if (!drift.inSync) console.log(drift.statements.join("\n"));
 */
export async function checkDrift(db: Database, models: Readonly<Record<string, unknown>>): Promise<DriftReport> {
  const imports = userModels(models);
  const schemas = [...new Set(Object.keys(modelSnapshot(imports).tables).map((key) => key.slice(0, key.indexOf("."))))];
  // drizzle-kit only calls execute(); its own wrapper would drop query parameters (see introspection-adapter).
  const handle = introspectionHandle(db);
  const kitHandle = handle as unknown as PgDatabase<PgQueryResultHKT>;
  try {
    const result = await quietly("reading the database's schema", () =>
      pushSchema(imports, kitHandle, schemas.length === 0 ? ["public"] : schemas, [`!${internalTablePrefix}*`]),
    );
    const statements: string[] = [];
    for (const statement of result.statementsToExecute) {
      if (!(await isSameJsonDefault(db, statement)) && !(await isSameArrayDefault(db, statement))) statements.push(statement);
    }
    return { inSync: statements.length === 0, statements, differences: [] };
  } catch (error) {
    if (isDashbaseError(error, "DASHBASE_E_MIGRATION_TOOL_EXIT") && handle.lastError !== undefined) {
      const cause = handle.lastError;
      if (isDashbaseError(cause, "DASHBASE_E_MIGRATION_INTROSPECTION")) throw cause;
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_INTROSPECTION",
        `db check could not read the database's schema: a statement of drizzle-kit's introspection failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    if (!isPromptRefusal(error)) throw error;
    // drizzle-kit wanted to ask about a rename: the names differ, so list them instead.
    return { inSync: false, statements: [], differences: await namesOnlyDifferences(db, imports) };
  }
}
