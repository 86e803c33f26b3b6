/**
 * @module
 * Row ownership: a table's owner column holds the owner of each row (a user id once signed in,
 * `session.owner`); these conditions and checks keep reads and writes to the session's own rows.
 * A uuid owner column (a reference to `auth_users.id`) can only hold users: an anonymous session
 * then owns no rows and may not write any.
 */
import { eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { DashbaseError } from "../errors/dashbase-error.js";

/** What ownership needs of a session. */
export interface OwnerSession {
  readonly owner: string;
  readonly userId: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the column can only hold user ids (a uuid column). */
function holdsUsersOnly(column: PgColumn): boolean {
  return column.columnType === "PgUUID";
}

/** The session's owner as this column can hold it, or undefined when it cannot own rows there. */
function ownerFor(column: PgColumn, session: OwnerSession): string | undefined {
  if (holdsUsersOnly(column) && !uuidPattern.test(session.owner)) return undefined;
  return session.owner;
}

/**
 * The condition "this row belongs to the session": `column = session.owner` (nothing at all for
 * an anonymous session when the column holds user ids). AND it into your own queries.
 * @example
 * await db.select().from(savedViews).where(and(ownedBy(savedViews.userId, session), eq(savedViews.id, id)));
 */
export function ownedBy(column: PgColumn, session: OwnerSession): SQL {
  const owner = ownerFor(column, session);
  return owner === undefined ? sql`false` : eq(column, owner);
}

/** The model key of `column` in `table` (how insert values name it). */
export function ownerKeyOf(table: PgTable, column: PgColumn, where: string): string {
  const found = Object.entries(getTableColumns(table)).find(([, candidate]) => candidate === column);
  if (found === undefined) {
    throw new DashbaseError(
      "DASHBASE_E_APP_INVALID",
      `${where}: owner must be a column of the same table (e.g. owner: models.savedViews.userId), found ${typeof column === "object" && column !== null && "name" in column ? `column "${String(column.name)}" of another table` : typeof column}`,
    );
  }
  return found[0];
}

/**
 * The owner value a write of this session puts in the column: refuses an anonymous session
 * where only users can own rows (401), and a value naming another owner (403).
 * @throws DashbaseError DASHBASE_E_SIGN_IN_REQUIRED or DASHBASE_E_FORBIDDEN.
 */
export function ownerForWrite(column: PgColumn, session: OwnerSession, given: unknown, what: string): string {
  const owner = ownerFor(column, session);
  if (owner === undefined) {
    throw new DashbaseError("DASHBASE_E_SIGN_IN_REQUIRED", `${what}: rows of this table belong to users; sign in to write one`);
  }
  if (given !== undefined && given !== null && String(given) !== owner) {
    throw new DashbaseError(
      "DASHBASE_E_FORBIDDEN",
      `${what}: the row's owner column "${column.name}" names another owner; leave it out and it is filled in from the session`,
    );
  }
  return owner;
}
