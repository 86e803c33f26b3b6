/**
 * @module
 * The database's own reason for a failed statement, and the fix when it is a known one, for the
 * error answers of a development server. Drizzle's message names the statement and its
 * parameters ("Failed query: insert into "users" … params: …") while the reason
 * (`relation "users" does not exist`) rides on its cause, which only the log showed: the developer
 * looking at the browser's notice had to go and find the terminal.
 */
import { maskSecrets } from "../config/mask-secret.js";

/** SQLSTATE: five characters of digits and capitals (node's own codes, `ECONNREFUSED`, are not). */
const sqlstate = /^[0-9A-Z]{5}$/;

interface PgLike {
  code: string;
  message: string;
  hint?: unknown;
}

/** The PostgreSQL error behind `error`, looking through wrappers (drizzle, a callback failure). */
function pgErrorOf(error: unknown): PgLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && sqlstate.test(code))
      return { code, message: current.message, hint: (current as { hint?: unknown }).hint };
    current = current.cause;
  }
  return undefined;
}

/** What to run for the schema errors a missing revision causes. */
const migrateFix = "run `dashbase db generate` (a new or changed model) or `dashbase db upgrade` (pending revisions)";

function fixFor(pg: PgLike): string | undefined {
  switch (pg.code) {
    case "42P01": // undefined_table
      return `the database has no such table: if it is a model's, ${migrateFix}`;
    case "42703": // undefined_column
      return `the table has no such column: if it is a model's, ${migrateFix}`;
    case "3F000": // invalid_schema_name
      return `the database has no such schema: if a model declares it, ${migrateFix}`;
    default:
      return typeof pg.hint === "string" && pg.hint !== "" ? pg.hint : undefined;
  }
}

/**
 * `message` with the database's reason and fix appended when `error` comes from the database and
 * the message does not already say it; the statement's parameters are left out (they may hold a
 * user's data; the log keeps them). Passwords in connection URLs are masked.
 * @example
 * withDatabaseReason('callback "notes.data" failed: Failed query: insert into "users" …\nparams: a,b', error)
 * // 'callback "notes.data" failed: Failed query: insert into "users" … (database: relation "users" does not exist; the database has no such table: …)'
 */
export function withDatabaseReason(message: string, error: unknown): string {
  const pg = pgErrorOf(error);
  if (pg === undefined) return message;
  const statement = message.replace(/\nparams: [\s\S]*$/, "");
  const reason = statement.includes(pg.message) ? "" : pg.message;
  const fix = fixFor(pg);
  const parts = [reason, fix].filter((part): part is string => part !== undefined && part !== "");
  return maskSecrets(parts.length === 0 ? statement : `${statement} (database: ${parts.join("; ")})`);
}
