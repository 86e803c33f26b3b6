/**
 * @module
 * Every stable error code dashbase raises, with its HTTP status and a one-line meaning.
 * docs/errors.md lists the same codes; test/unit/error-codes.test.ts keeps the two in step.
 */
import { csrfHeader } from "../protocol/endpoints.js";

export const errorCodes = {
  DASHBASE_E_CONFIG: { status: 500, summary: "One or more environment variables are missing or invalid." },
  DASHBASE_E_DATABASE_URL: { status: 500, summary: "DATABASE_URL is not a valid postgres:// or postgresql:// URL." },
  DASHBASE_E_DB_UNREACHABLE: { status: 503, summary: "The PostgreSQL server did not answer at the configured host and port." },
  DASHBASE_E_DB_BUSY: { status: 503, summary: "No database connection became free within the configured wait." },
  DASHBASE_E_DB_TIMEOUT: { status: 503, summary: "A statement ran longer than the configured statement timeout." },
  DASHBASE_E_DB_CLOSED: { status: 503, summary: "The database handle was used after close()." },
  DASHBASE_E_DB_QUERY: { status: 500, summary: "The database rejected a statement; the message carries its reason." },
  DASHBASE_E_DB_STORAGE_FULL: {
    status: 507,
    summary:
      "The database could not write: its storage is full (SQLSTATE 53100 disk_full or 53000, or ENOSPC under the embedded data directory); reads still work, writes resume once space is freed.",
  },
  DASHBASE_E_DB_READ_ONLY: {
    status: 503,
    summary: "The database refuses writes: read-only storage, a standby, or default_transaction_read_only (SQLSTATE 25006).",
  },
  DASHBASE_E_DATA_DIR_UNUSABLE: {
    status: 500,
    summary:
      "The embedded database's data directory cannot be used: a dangling symlink, not a directory, no permission, or PGlite could not open it.",
  },
  DASHBASE_E_DATA_DIR_LOCKED: { status: 500, summary: "Another process holds the embedded database's data directory." },
  DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION: { status: 500, summary: "The outer database handle was used inside a transaction callback." },
  DASHBASE_E_RAW_TRANSACTION_CONTROL: {
    status: 500,
    summary: "BEGIN, COMMIT, ROLLBACK or SAVEPOINT was sent through query(); use transaction().",
  },
  DASHBASE_E_STATEMENT_NAME: {
    status: 500,
    summary: "A query() statement name is malformed, or was used before on the handle with a different text.",
  },
  DASHBASE_E_VALIDATION: { status: 400, summary: "A value does not fit its model; every bad field is listed." },
  DASHBASE_E_UNIQUE_VIOLATION: { status: 409, summary: "A row with the same value in a unique column already exists." },
  DASHBASE_E_FOREIGN_KEY_VIOLATION: { status: 409, summary: "A row refers to a row that does not exist, or is still referred to." },
  DASHBASE_E_NOT_NULL_VIOLATION: { status: 400, summary: "A required column was left empty." },
  DASHBASE_E_CHECK_VIOLATION: { status: 400, summary: "A value broke a CHECK constraint." },
  DASHBASE_E_INVALID_VALUE: {
    status: 400,
    summary:
      "The database refused a value as data (SQLSTATE class 22): not of its column's type, out of range, or a character text cannot hold (NUL).",
  },
  DASHBASE_E_STORE_INVALID_OWNER: {
    status: 400,
    summary: "A store owner is not a non-empty string of at most 256 characters (no NUL, no lone surrogate).",
  },
  DASHBASE_E_STORE_INVALID_KEY: {
    status: 400,
    summary: "A store key is not a non-empty string of at most 512 characters (no NUL, no lone surrogate).",
  },
  DASHBASE_E_STORE_INVALID_NAMESPACE: {
    status: 500,
    summary: "A store namespace is not a non-empty string of at most 128 characters (no NUL, no lone surrogate).",
  },
  DASHBASE_E_STORE_INVALID_OPTION: {
    status: 500,
    summary:
      "A store option (ttl, maxValueBytes, maxKeysPerOwner, maxBytesPerOwner, sweepIntervalMs, an update function) has the wrong type or range.",
  },
  DASHBASE_E_STORE_UNSUPPORTED_VALUE: {
    status: 400,
    summary: "A stored value holds something the codec cannot keep (a function, a symbol, a class instance, undefined at the top).",
  },
  DASHBASE_E_STORE_CYCLIC_VALUE: { status: 400, summary: "A stored value refers to itself; the codec keeps trees, not graphs." },
  DASHBASE_E_STORE_VALUE_TOO_LARGE: { status: 413, summary: "An encoded value is larger than the store's maxValueBytes (default 1 MB)." },
  DASHBASE_E_STORE_QUOTA: {
    status: 413,
    summary:
      "A write would take an owner's stored values past the store's maxKeysPerOwner (default 1,000) or maxBytesPerOwner (default 4 MB); nothing was written.",
  },
  DASHBASE_E_STORE_KEY_NOT_FOUND: { status: 404, summary: 'delete(..., { ifMissing: "throw" }) found no live value under the key.' },
  DASHBASE_E_STORE_CORRUPT_VALUE: {
    status: 500,
    summary: "A stored value is not in the store codec's format (written by something else).",
  },
  DASHBASE_E_SESSION_ENDED: {
    status: 409,
    summary:
      "Something was to be stored for a session that ended meanwhile (signed in, out or renewed in another request); reload the page.",
  },
  DASHBASE_E_SESSION_OPTION: {
    status: 500,
    summary: "A session manager option (maxAgeMs, cookieName, sweepIntervalMs, a user id) has the wrong type or range.",
  },
  DASHBASE_E_SESSION_SECRET: {
    status: 500,
    summary: "The session signing secret is missing, shorter than 32 characters, or its file is unreadable.",
  },
  DASHBASE_E_MIGRATION_FAILED: {
    status: 500,
    summary: "A revision's SQL was rejected by the database; the revision was rolled back entirely.",
  },
  DASHBASE_E_MIGRATION_TAMPERED: {
    status: 500,
    summary: "An applied revision's up.sql was edited afterwards; the runner refuses to go on.",
  },
  DASHBASE_E_MIGRATION_UNKNOWN_REVISION: {
    status: 400,
    summary: "A revision target, or a revision the database has applied, is not in the migrations folder.",
  },
  DASHBASE_E_MIGRATION_HISTORY: {
    status: 500,
    summary: "The revision folders do not form one chain (missing parent, two branches, bad revision.json).",
  },
  DASHBASE_E_MIGRATION_RENAME_HINT: {
    status: 400,
    summary: "A model change may be a rename: `db generate` needs --rename or --drop to know which.",
  },
  DASHBASE_E_MIGRATION_DIFF: { status: 500, summary: "The schema differ could not compare two snapshots (a bad snapshot.json or hint)." },
  DASHBASE_E_MIGRATION_INTROSPECTION: {
    status: 500,
    summary: "`db check` could not read the live database's schema; the message carries the failed statement's reason.",
  },
  DASHBASE_E_MIGRATION_TOOL_EXIT: {
    status: 500,
    summary:
      "drizzle-kit tried to end the process (a duplicate constraint name in the models, a failed step); the message carries what it printed.",
  },
  DASHBASE_E_DB_RESET_REFUSED: { status: 400, summary: "`db reset` was refused: production without --force, or no confirmation." },
  DASHBASE_E_CLI_USAGE: { status: 400, summary: "A command-line argument is missing or malformed." },
  DASHBASE_E_BAD_REQUEST: { status: 400, summary: "A request body or query does not have the shape the endpoint expects." },
  DASHBASE_E_NOT_FOUND: { status: 404, summary: "No page, route, callback table or static file at this path." },
  DASHBASE_E_CSRF: { status: 403, summary: `A POST came without the session's ${csrfHeader} token, or with a wrong one.` },
  DASHBASE_E_WEAK_PASSWORD: {
    status: 400,
    summary: "A new password was refused: too short, too common, or containing the account's name.",
  },
  DASHBASE_E_OIDC: {
    status: 502,
    summary: "Sign-in with an OpenID Connect provider failed: its discovery, its answer or its token did not check out.",
  },
  DASHBASE_E_OIDC_STATE: {
    status: 400,
    summary: "A provider sent a browser back to a sign-in it did not start here, or after more than 10 minutes.",
  },
  DASHBASE_E_AUTH_OPTION: {
    status: 500,
    summary: "An auth option (signInPage, rateLimit, providers) has the wrong type or range.",
  },
  DASHBASE_E_SIGN_IN_FAILED: {
    status: 401,
    summary: "Sign-in refused: the e-mail address and password do not match an enabled account (the same answer whichever is wrong).",
  },
  DASHBASE_E_SIGN_IN_RATE_LIMITED: {
    status: 429,
    summary: "Too many failed sign-ins for this account or from this address in the current window; wait for Retry-After seconds.",
  },
  DASHBASE_E_SIGN_IN_REQUIRED: {
    status: 401,
    summary: "The page, callback, table, API route, job or topic requires a signed-in user (its `access` rule); sign in and retry.",
  },
  DASHBASE_E_FORBIDDEN: {
    status: 403,
    summary:
      "The signed-in user lacks the role an `access` rule requires, a write names another user's row as its owner, or the account is disabled.",
  },
  DASHBASE_E_USERS_NOT_SET_UP: {
    status: 500,
    summary:
      "The database has no auth_users table: turn users on with createApp({ auth: {} }), then `dashbase db generate` and `dashbase db migrate`.",
  },
  DASHBASE_E_USER_NOT_FOUND: { status: 404, summary: "No user has this e-mail address (`dashbase users list` shows them)." },
  DASHBASE_E_USER_EXISTS: { status: 409, summary: "A user with this e-mail address already exists." },
  DASHBASE_E_SIGN_IN_LINK_INVALID: {
    status: 400,
    summary: "A one-time sign-in link is unknown, already used or expired; print a new one with `dashbase users link <email>`.",
  },
  DASHBASE_E_PUSH_REFUSED: {
    status: 403,
    summary: "A push stream was refused: no session cookie, or opened from another site's page (Origin / Sec-Fetch-Site).",
  },
  DASHBASE_E_PUSH_TOO_MANY_STREAMS: { status: 429, summary: "This session already has the most push streams one process allows open." },
  DASHBASE_E_PUSH_INVALID: {
    status: 500,
    summary: "send/publish got a bad target, message kind, topic name, or a payload that is not JSON.",
  },
  DASHBASE_E_PUSH_TOO_LARGE: {
    status: 500,
    summary: "A push payload is larger than 64 KiB of JSON; send an id and let the page read the data.",
  },
  DASHBASE_E_URI_TOO_LONG: {
    status: 414,
    summary: "A path segment is longer than the router accepts (server.maxParamLength, default 100 characters).",
  },
  DASHBASE_E_HEADERS_TOO_LARGE: { status: 431, summary: "The request's headers are larger than the server accepts." },
  DASHBASE_E_REQUEST_TIMEOUT: { status: 408, summary: "The request (headers or body) did not arrive within the server's request timeout." },
  DASHBASE_E_DUPLICATE_SESSION_COOKIE: {
    status: 400,
    summary: "The request carries more than one session cookie; clear this site's cookies.",
  },
  DASHBASE_E_BODY_TOO_LARGE: { status: 413, summary: "A request body is larger than the server's bodyLimit." },
  DASHBASE_E_INTERNAL: { status: 500, summary: "An unexpected error; the request id finds its details in the server log." },
  DASHBASE_E_CALLBACK_UNKNOWN: { status: 404, summary: "A callback request names a callback the app did not register." },
  DASHBASE_E_CALLBACK_MISMATCH: {
    status: 400,
    summary: "A callback request's ids or properties do not match the callback's registered dependencies.",
  },
  DASHBASE_E_CALLBACK_RESULT: { status: 500, summary: "A callback handler returned something other than one value per output." },
  DASHBASE_E_CALLBACK_FAILED: { status: 500, summary: "A callback handler threw; the log has the cause under the request id." },
  DASHBASE_E_APP_INVALID: {
    status: 500,
    summary: "The app's callbacks or pages are inconsistent (an output written twice, a cycle, an unknown id).",
  },
  DASHBASE_E_APP_FROZEN: {
    status: 500,
    summary: "A page, callback, table, API route or component was registered after a server was created from the app.",
  },
  DASHBASE_E_API_CHANGED: { status: 500, summary: "Code uses an API dashbase replaced; the message says what to write instead." },
  DASHBASE_E_LAYOUT: { status: 500, summary: "A page's layout function threw or returned something that is not a layout." },
  DASHBASE_E_TABLE_QUERY: {
    status: 400,
    summary: "A DataTable page request names an unknown column or has a malformed sort, filter or page.",
  },
  DASHBASE_E_TABLE_FILTER: {
    status: 400,
    summary: "A DataTable column filter does not parse, or compares a column with a value of the wrong kind (> abc on a number).",
  },
  DASHBASE_E_TABLE_EDIT_REFUSED: {
    status: 403,
    summary: "A DataTable edit names a column its app.table declaration does not list as editable, or a table that is not editable.",
  },
  DASHBASE_E_COMPONENT_CONFLICT: {
    status: 500,
    summary: "Two component definitions claim one type name, or a package's type name is a built-in one.",
  },
  DASHBASE_E_CLIENTSIDE_BUNDLE: {
    status: 500,
    summary: "A clientside callback's module does not bundle for the browser, or does not export the function under its name.",
  },
  DASHBASE_E_COMPONENT_MODULE: {
    status: 500,
    summary: "A declared component package's browser module is missing or unreadable: build the package.",
  },
  DASHBASE_E_CLIENT_NOT_BUILT: {
    status: 500,
    summary: "The browser renderer is not built (no dist/client/manifest.json): run npm run build.",
  },
  DASHBASE_E_PENDING_MIGRATIONS: {
    status: 500,
    summary: "Production start refused: revisions are not applied; run with --migrate or dashbase db upgrade.",
  },
  DASHBASE_E_DB_IN_USE: {
    status: 409,
    summary: "`db reset` was refused: another dashbase process (a running app) is connected to the database; stop it, or add --force.",
  },
  DASHBASE_E_APP_FILE: {
    status: 500,
    summary:
      "The app file is missing, failed to load, or its default export is not the app (or lacks what the command needs, such as a seed).",
  },
  DASHBASE_E_TOOL_MISSING: { status: 500, summary: "A program the command runs (psql) is not installed." },
  DASHBASE_E_CLI_FAILED: {
    status: 500,
    summary:
      "A command failed with an error dashbase did not foresee, often thrown by the app's own code (its seed); the message carries it.",
  },
  DASHBASE_E_JOB_UNKNOWN: { status: 400, summary: "A job was enqueued under a name no app.job() declared." },
  DASHBASE_E_JOB_DATA: { status: 400, summary: "A job's data is not JSON-serialisable (a function, a BigInt, a cycle, undefined)." },
  DASHBASE_E_JOB_LIMIT: { status: 429, summary: "The owner already has as many unfinished jobs of this name as its perOwnerLimit allows." },
  DASHBASE_E_JOB_NOT_FOUND: { status: 404, summary: "No job with this id (or none of this owner's)." },
  DASHBASE_E_JOB_TIMEOUT: {
    status: 500,
    summary: "A job's handler ran longer than its timeoutMs: its signal was aborted and the run failed.",
  },
  DASHBASE_E_JOB_DATABASE: { status: 500, summary: "Durable jobs were given a Database handle dashbase did not open." },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof errorCodes;
