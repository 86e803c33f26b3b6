/**
 * @module
 * A statement with parameters sent to PGlite in one call: Parse, Bind, Describe, Execute and Sync
 * as one batch of protocol messages. PGlite's own query() sends them one at a time (six calls into
 * its WebAssembly, each answer parsed on its own) because it first asks PostgreSQL for the
 * parameters' types, to pick each value's serializer. Those types are asked once per statement
 * text here (describeQuery) and kept; the batch's Parse names none, as query()'s does not, so
 * PostgreSQL reads every value against the schema of the moment. The kept types are dropped when
 * the process runs something that may change the schema or the search path: a script, a statement
 * that is not a plain SELECT, INSERT, UPDATE, DELETE or WITH (a `SELECT ... INTO`, a
 * `set_config`), and the end of a transaction in which one ran (a rollback undoes a change, a
 * commit ends a SET LOCAL). The data directory is locked to one process, so no other changes it.
 * A change this cannot see (DDL run by a function a SELECT calls) leaves one thing stale until the
 * next such statement: which serializer a value gets (a Date as ISO text, a boolean as t/f, an
 * object as JSON, as for the column's old type); PostgreSQL still refuses what does not fit the
 * column's type now. About 0.17 ms less per statement (issue 15: the flagship's insert, 0.24-0.35
 * ms against 0.42-0.52 ms). The answer is built by PGlite's own parseResults; what this cannot
 * send the same way (a COPY through /dev/blob, per-query serializers, any other query option)
 * goes through PGlite's query() as before.
 */
import { messages, parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";
import { ormQuery, parserTableFor } from "./orm-parsers.js";

/** Statement texts whose parameter types are kept, per client; beyond this, the list starts over. */
const maxKeptStatements = 1_000;

interface KeptStatements {
  types: Map<string, number[]>;
  /** How many times the types were dropped: a transaction compares it at its end. */
  drops: number;
}
const kept = new WeakMap<PGlite, KeptStatements>();

function keptFor(client: PGlite): KeptStatements {
  let statements = kept.get(client);
  if (statements === undefined) {
    statements = { types: new Map(), drops: 0 };
    kept.set(client, statements);
  }
  return statements;
}

const dataStatement = /^\s*(?:select|insert|update|delete|with)\b/i;
/** A SELECT that creates a table (`SELECT ... INTO`). */
const selectInto = /^\s*select\b[\s\S]*\binto\b/i;
/** A search path set from a statement. */
const searchPath = /set_config|search_path/i;

function mayChangeSchema(text: string): boolean {
  return !dataStatement.test(text) || selectInto.test(text) || searchPath.test(text);
}

/** Query options this path reproduces; any other makes the statement go through PGlite's query(). */
const pipedOptions = new Set(["rowMode", "parsers"]);

function pipeable(text: string, options: Record<string, unknown> | undefined): boolean {
  if (text.includes("/dev/blob")) return false;
  if (options === undefined) return true;
  for (const key in options) if (!pipedOptions.has(key)) return false;
  return true;
}

/** Forgets the parameter types kept for `client`'s statements (its schema may have changed). */
export function forgetStatementTypes(client: PGlite): void {
  const statements = keptFor(client);
  statements.types.clear();
  statements.drops += 1;
}

/**
 * Marks the start of a transaction on `client`; the function it returns, called at its end
 * (COMMIT or ROLLBACK), forgets the types learnt in it if the schema may have changed in it.
 * @example
 * const ended = transactionStarted(client); await client.exec("BEGIN"); ...; await client.exec("COMMIT"); ended();
 */
export function transactionStarted(client: PGlite): () => void {
  const drops = keptFor(client).drops;
  return () => {
    if (keptFor(client).drops !== drops) forgetStatementTypes(client);
  };
}

/** As query() reports a refused statement: the error names the statement it came from. */
function named(error: unknown, text: string, params: unknown[], options: Record<string, unknown> | undefined): unknown {
  if (error instanceof messages.DatabaseError) Object.assign(error, { query: text, params, queryOptions: options });
  return error;
}

/** The types of `text`'s parameters; a statement PostgreSQL refuses throws as query() would. */
async function parameterTypes(
  client: PGlite,
  text: string,
  params: unknown[],
  options: Record<string, unknown> | undefined,
): Promise<number[]> {
  const { types: keptTypes } = keptFor(client);
  const known = keptTypes.get(text);
  if (known !== undefined) return known;
  let types: number[];
  try {
    types = (await client.describeQuery(text)).queryParams.map((param) => param.dataTypeID);
  } catch (error) {
    // Refused at Parse, as query() would be: asking it again in a failed transaction would only
    // report the transaction.
    throw named(error, text, params, options);
  }
  if (keptTypes.size >= maxKeptStatements) keptTypes.clear();
  keptTypes.set(text, types);
  return types;
}

/**
 * Runs one statement on `client` as PGlite's `query(text, params, options)` would, in one call
 * when it can. Call it only where no other statement can run on `client` meanwhile.
 * @example
 * const { rows } = await runStatement(client, "insert into notes (title) values ($1) returning id", ["First"]);
 */
export async function runStatement<T>(
  client: PGlite,
  text: string,
  params: unknown[] = [],
  options?: Record<string, unknown>,
): Promise<Results<T>> {
  if (mayChangeSchema(text)) forgetStatementTypes(client);
  const parsers = pipeable(text, options) ? parserTableFor(client, options?.["parsers"]) : undefined;
  if (parsers === undefined) return ormQuery<T>(client, text, params, options);
  // Without parameters there is nothing to serialize: no types to ask.
  const types = params.length === 0 ? [] : await parameterTypes(client, text, params, options);
  if (types.length !== params.length) return ormQuery<T>(client, text, params, options);
  const values = params.map((value, index) => {
    if (value === null || value === undefined) return null;
    // As query() serializes: the type's serializer, else the value's own toString().
    const serializer = client.serializers[types[index]!];
    return serializer ? serializer(value) : (value as { toString(): string }).toString();
  });
  const batch = Buffer.concat([
    protocol.serialize.parse({ text }),
    protocol.serialize.bind({ values }),
    protocol.serialize.describe({ type: "P" }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  ]);
  return client.runExclusive(async () => {
    try {
      const answer = await client.execProtocolStream(batch, { syncToFs: true });
      return parse.parseResults(
        answer,
        parsers,
        options?.["rowMode"] === undefined ? undefined : { rowMode: options["rowMode"] as "array" | "object" },
      )[0] as Results<T>;
    } catch (error) {
      throw named(error, text, params, options);
    }
  });
}
