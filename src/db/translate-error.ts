/**
 * @module
 * Turns PostgreSQL's errors (from either driver, bare or wrapped by drizzle) into coded
 * DashbaseErrors that name the constraint and the column.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { maskSecrets } from "../config/mask-secret.js";
import { errnoOf, thrownText } from "./thrown-text.js";

interface PgErrorFields {
  code?: string;
  message: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

/** The database error behind `error`, looking through drizzle's DrizzleQueryError wrapper. */
function pgErrorOf(error: unknown): PgErrorFields | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return current as PgErrorFields;
    current = current.cause;
  }
  return undefined;
}

/** Errors that node-postgres raises without a SQLSTATE: a pool that stayed full, a cut connection. */
function translateDriverError(error: unknown): unknown {
  const messages: string[] = [];
  for (let current: unknown = error, depth = 0; depth < 4 && current instanceof Error; depth += 1, current = current.cause) {
    messages.push(current.message);
  }
  const text = messages.join(" / ");
  if (/timeout exceeded when trying to connect/i.test(text)) {
    return new DashbaseError(
      "DASHBASE_E_DB_BUSY",
      "the database is busy: no connection became free in time (DASHBASE_DB_ACQUIRE_TIMEOUT_MS); retry shortly, or raise DASHBASE_DB_POOL_MAX",
      { cause: error },
    );
  }
  if (isConnectionError(error) || /Connection terminated|Client was closed|Cannot use a pool after calling end/i.test(text)) {
    return new DashbaseError("DASHBASE_E_DB_UNREACHABLE", "lost the connection to the database; it may be restarting: retry shortly", {
      cause: error,
    });
  }
  // Something that is not an Error (PGlite's file layer throws plain objects) would print as
  // "[object Object]" further up: give it a code and a readable message.
  if (!(error instanceof Error)) {
    return new DashbaseError("DASHBASE_E_DB_QUERY", `the database failed: ${maskSecrets(thrownText(error))}`, { cause: error });
  }
  return error;
}

/** What a storage failure says about writes: none fit (`full`), or none are allowed (`read-only`). */
export type StorageProblem = "full" | "read-only";

/**
 * The storage problem behind `error`, if it is one: PostgreSQL's SQLSTATE 53100 (disk_full),
 * 53000 (insufficient_resources) or 25006 (read_only_sql_transaction), or ENOSPC / EROFS from the
 * files under an embedded data directory (PGlite reports those in the message, as SQLSTATE 53100
 * or 42501, or throws Emscripten's ErrnoError).
 * @example
 * storageProblemOf(error) === "full" // then answer 507
 */
export function storageProblemOf(error: unknown): StorageProblem | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (code === "53100" || code === "53000") return "full";
    if (code === "25006") return "read-only";
    const errno = errnoOf(current);
    if (errno === "ENOSPC" || errno === "EDQUOT") return "full";
    if (errno === "EROFS") return "read-only";
    if (typeof message === "string" && /No space left on device|Disk quota exceeded/i.test(message)) return "full";
    if (typeof message === "string" && /Read-only file system/i.test(message)) return "read-only";
    current = cause;
  }
  return undefined;
}

/**
 * The coded error for a write the storage refused: 507 when it is full, 503 when it is read-only.
 * @example
 * throw storageError("full", error);
 */
export function storageError(problem: StorageProblem, error: unknown): DashbaseError {
  const reason = maskSecrets(thrownText(error));
  const sqlstate = pgErrorOf(error)?.code;
  const details = { storage: problem, ...(typeof sqlstate === "string" && /^[0-9A-Z]{5}$/.test(sqlstate) ? { sqlstate } : {}) };
  return problem === "full"
    ? new DashbaseError(
        "DASHBASE_E_DB_STORAGE_FULL",
        `the database could not write: its storage is full (${reason}); free disk space (or raise the quota) and retry: writes resume by themselves, without a restart`,
        { cause: error, details },
      )
    : new DashbaseError(
        "DASHBASE_E_DB_READ_ONLY",
        `the database refused a write: it is read-only (${reason}); it may be a standby server, have default_transaction_read_only set, or sit on storage mounted read-only: point DATABASE_URL at the primary, or make the storage writable`,
        { cause: error, details },
      );
}

/** True when `error` means the server cannot be reached (down, restarting, connection cut). */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; depth < 4 && current instanceof Error; depth += 1, current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && connectionCodes.has(code)) return true;
    if (/Connection terminated|Client has encountered a connection error/i.test(current.message)) return true;
  }
  return false;
}

function keyColumns(detail: string | undefined): string[] {
  const inside = /Key \((.+?)\)=/.exec(detail ?? "")?.[1];
  return inside === undefined ? [] : inside.split(",").map((name) => name.trim().replace(/^"|"$/g, ""));
}

/**
 * Converts a database error into a DashbaseError; returns other errors unchanged.
 * `columnNames` maps database column names to the names the user wrote in the model.
 */
export function translateDatabaseError(error: unknown, columnNames: ReadonlyMap<string, string> = new Map()): unknown {
  if (error instanceof DashbaseError) return error;
  const storage = storageProblemOf(error);
  if (storage !== undefined) return storageError(storage, error);
  const pg = pgErrorOf(error);
  if (pg === undefined) return translateDriverError(error);
  const name = (column: string): string => columnNames.get(column) ?? column;
  const where = pg.table === undefined ? "" : ` in table "${pg.table}"`;
  switch (pg.code) {
    case "23505": {
      const columns = keyColumns(pg.detail).map(name);
      return new DashbaseError(
        "DASHBASE_E_UNIQUE_VIOLATION",
        `${columns.join(", ") || "value"}: must be unique, and a row with the same value already exists${where} (constraint "${pg.constraint}")`,
        { cause: error, details: { constraint: pg.constraint, table: pg.table, columns } },
      );
    }
    case "23503": {
      const columns = keyColumns(pg.detail).map(name);
      const referenced = /table "([^"]+)"/.exec(pg.detail ?? "")?.[1];
      const stillReferenced = /still referenced/.test(pg.detail ?? "");
      return new DashbaseError(
        "DASHBASE_E_FOREIGN_KEY_VIOLATION",
        stillReferenced
          ? `cannot delete or change this row${where}: rows in "${referenced}" still refer to it (constraint "${pg.constraint}")`
          : `${columns.join(", ")}: refers to a row that does not exist in "${referenced}" (constraint "${pg.constraint}")`,
        { cause: error, details: { constraint: pg.constraint, table: pg.table, columns, referenced } },
      );
    }
    case "23502": {
      const column = name(pg.column ?? "?");
      return new DashbaseError("DASHBASE_E_NOT_NULL_VIOLATION", `${column}: required, found null${where}`, {
        cause: error,
        details: { table: pg.table, columns: [column] },
      });
    }
    case "23514":
      return new DashbaseError("DASHBASE_E_CHECK_VIOLATION", `a value breaks the check constraint "${pg.constraint}"${where}`, {
        cause: error,
        details: { constraint: pg.constraint, table: pg.table },
      });
    case "57014":
      return new DashbaseError(
        "DASHBASE_E_DB_TIMEOUT",
        `the statement was cancelled after running longer than the statement timeout (DASHBASE_DB_STATEMENT_TIMEOUT_MS)`,
        { cause: error },
      );
    default:
      // Class 22 (data exception): a value that cannot be data of its column (text into an
      // integer, NaN, out of range, a NUL in text). It came with the request, so it is a 400,
      // not a server failure; the message names the value's problem, never the statement.
      if (pg.code?.startsWith("22") === true) {
        return new DashbaseError(
          "DASHBASE_E_INVALID_VALUE",
          `the database refused a value: ${maskSecrets(pg.message)}${where}; expected a value of the column's type and range`,
          {
            cause: error,
            details: { sqlstate: pg.code, table: pg.table },
          },
        );
      }
      if (isConnectionError(error)) {
        return new DashbaseError("DASHBASE_E_DB_UNREACHABLE", `lost the connection to the database: ${maskSecrets(pg.message)}`, {
          cause: error,
        });
      }
      return error;
  }
}
