/**
 * @module
 * Every stable error code dashbase raises, with its HTTP status and a one-line meaning.
 * docs/errors.md lists the same codes; test/unit/error-codes.test.ts keeps the two in step.
 */

export const errorCodes = {
  DASHBASE_E_CONFIG: { status: 500, summary: "One or more environment variables are missing or invalid." },
  DASHBASE_E_DATABASE_URL: { status: 500, summary: "DATABASE_URL is not a valid postgres:// or postgresql:// URL." },
  DASHBASE_E_DB_UNREACHABLE: { status: 503, summary: "The PostgreSQL server did not answer at the configured host and port." },
  DASHBASE_E_DB_BUSY: { status: 503, summary: "No database connection became free within the configured wait." },
  DASHBASE_E_DB_TIMEOUT: { status: 503, summary: "A statement ran longer than the configured statement timeout." },
  DASHBASE_E_DB_CLOSED: { status: 503, summary: "The database handle was used after close()." },
  DASHBASE_E_DB_QUERY: { status: 500, summary: "The database rejected a statement; the message carries its reason." },
  DASHBASE_E_DATA_DIR_LOCKED: { status: 500, summary: "Another process holds the embedded database's data directory." },
  DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION: { status: 500, summary: "The outer database handle was used inside a transaction callback." },
  DASHBASE_E_RAW_TRANSACTION_CONTROL: { status: 500, summary: "BEGIN, COMMIT, ROLLBACK or SAVEPOINT was sent through query(); use transaction()." },
  DASHBASE_E_VALIDATION: { status: 400, summary: "A value does not fit its model; every bad field is listed." },
  DASHBASE_E_UNIQUE_VIOLATION: { status: 409, summary: "A row with the same value in a unique column already exists." },
  DASHBASE_E_FOREIGN_KEY_VIOLATION: { status: 409, summary: "A row refers to a row that does not exist, or is still referred to." },
  DASHBASE_E_NOT_NULL_VIOLATION: { status: 400, summary: "A required column was left empty." },
  DASHBASE_E_CHECK_VIOLATION: { status: 400, summary: "A value broke a CHECK constraint." },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof errorCodes;
