/**
 * @module
 * The database handle dashbase gives drizzle-kit's `pushSchema` (the introspection behind
 * `db check`). drizzle-kit wraps whatever it is given in an adapter of its own that turns each
 * query into `sql.raw(text)` and drops the parameters, so its one parameterized introspection
 * query (the name of a composite primary key: `connamespace = $1::regnamespace and relname = $2`)
 * reaches the database with no values and fails, and drizzle-kit then exits the process.
 *
 * This handle runs every statement through `Database.query(text, params)` and supplies the
 * missing values itself. drizzle-kit introspects each table in its own asynchronous task, and
 * every task's first query names its table literally; that name is remembered in the task's
 * async context (AsyncLocalStorage), so the parameterized query asked later in the same task is
 * bound to the right schema and table even while other tables are introspected concurrently.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { SQLWrapper } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";

interface TableRef {
  schema: string;
  table: string;
}

/** Queries drizzle-kit sends once per table, each naming the table literally. */
const columnsAnchor = /pg_get_serial_sequence\('"([^"']+)"\."([^"']+)"'/;
const constraintsAnchor = /tc\.table_name = '([^']+)' and (?:tc\.)?constraint_schema = '([^']+)'/i;
/** The per-table query whose key constraint rows come back in no particular column order. */
const keyColumnsQuery = /information_schema\.constraint_column_usage/i;

const compositePrimaryKeyQuery = /connamespace = \$1::regnamespace\s+AND\s+pg_class\.relname = \$2/i;
const placeholder = /\$\d+/;

function anchoredTable(text: string): TableRef | undefined {
  const fromColumns = columnsAnchor.exec(text);
  if (fromColumns !== null) return { schema: fromColumns[1]!, table: fromColumns[2]! };
  const fromConstraints = constraintsAnchor.exec(text);
  if (fromConstraints !== null) return { schema: fromConstraints[2]!, table: fromConstraints[1]! };
  return undefined;
}

type Row = Record<string, unknown>;
type Run = (text: string, params: readonly unknown[]) => Promise<{ rows: Row[] }>;

/**
 * drizzle-kit reads the columns of primary keys and unique constraints from
 * information_schema.constraint_column_usage, which has no column order, and compares them in
 * the order they come: a key on (a, b) read back as (b, a) looks like drift. The rows of each
 * such constraint are put back in the key's declared order (pg_constraint.conkey).
 */
async function inKeyOrder(run: Run, table: TableRef, rows: Row[]): Promise<Row[]> {
  const { rows: order } = await run(
    `select con.conname as constraint_name, att.attname as column_name, k.position::int as position
       from pg_constraint con
       join pg_class rel on rel.oid = con.conrelid
       join pg_namespace nsp on nsp.oid = rel.relnamespace
       cross join lateral unnest(con.conkey) with ordinality as k(attnum, position)
       join pg_attribute att on att.attrelid = con.conrelid and att.attnum = k.attnum
      where con.contype in ('p', 'u') and nsp.nspname = $1 and rel.relname = $2`,
    [table.schema, table.table],
  );
  const positionOf = new Map(
    order.map((entry) => [`${String(entry["constraint_name"])}\u0000${String(entry["column_name"])}`, Number(entry["position"])]),
  );
  const position = (row: Row): number | undefined => positionOf.get(`${String(row["constraint_name"])}\u0000${String(row["column_name"])}`);
  const slots = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (position(row) === undefined) return;
    const name = String(row["constraint_name"]);
    slots.set(name, [...(slots.get(name) ?? []), index]);
  });
  const sorted = [...rows];
  for (const indexes of slots.values()) {
    const ordered = indexes.map((index) => rows[index]!).sort((a, b) => position(a)! - position(b)!);
    indexes.forEach((index, i) => {
      sorted[index] = ordered[i]!;
    });
  }
  return sorted;
}

/** The subset of a drizzle database that drizzle-kit's `pushSchema` calls. */
export interface IntrospectionHandle {
  execute(query: SQLWrapper): Promise<{ rows: Row[] }>;
  /** The last statement that failed, kept because drizzle-kit exits without printing it. */
  readonly lastError: unknown;
}

/**
 * A handle for drizzle-kit's `pushSchema` that runs its statements on `db` with their
 * parameters bound. Each call of `pushSchema` should get a fresh handle.
 * @example
 * const result = await pushSchema(models, introspectionHandle(db) as unknown as PgDatabase<PgQueryResultHKT>, ["public"]);
 */
export function introspectionHandle(db: Database): IntrospectionHandle {
  const currentTable = new AsyncLocalStorage<TableRef>();
  const dialect = new PgDialect();
  let lastError: unknown;
  const run: Run = (text, params) =>
    db.query(text, params).catch((error: unknown) => {
      lastError = error;
      throw error;
    });
  return {
    get lastError(): unknown {
      return lastError;
    },
    execute(query: SQLWrapper): Promise<{ rows: Row[] }> {
      const { sql: text, params } = dialect.sqlToQuery(query.getSQL());
      const anchor = anchoredTable(text);
      // Synchronously, before drizzle-kit awaits this call: the table's task keeps this store.
      if (anchor !== undefined) currentTable.enterWith(anchor);
      if (anchor !== undefined && keyColumnsQuery.test(text)) {
        return run(text, params).then(async (result) => ({ rows: await inKeyOrder(run, anchor, result.rows) }));
      }
      if (params.length > 0 || !placeholder.test(text) || anchor !== undefined) return run(text, params);
      const table = currentTable.getStore();
      if (compositePrimaryKeyQuery.test(text) && table !== undefined) return run(text, [table.schema, table.table]);
      lastError = new DashbaseError(
        "DASHBASE_E_MIGRATION_INTROSPECTION",
        `drizzle-kit's introspection sent a statement with placeholders but no values, and dashbase does not know which values it means (expected only the composite primary key lookup): ${text.replace(/\s+/g, " ").trim().slice(0, 300)}`,
      );
      return Promise.reject(lastError);
    },
  };
}
