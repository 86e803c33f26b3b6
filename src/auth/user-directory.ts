/**
 * @module
 * Reading users by id for sessions: the one query every signed-in request needs, by primary key.
 * A disabled or deleted user reads as nobody, so their sessions fall back to anonymous at once.
 */
import type { Database } from "../db/database.js";
import type { SessionUser } from "./session-user.js";

const findSql = "SELECT id::text AS id, name, email, roles FROM auth_users WHERE id::text = $1 AND disabled_at IS NULL";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Turns an `auth_users` row into the user sessions carry. */
export function toSessionUser(row: Record<string, unknown>): SessionUser {
  const roles = Array.isArray(row["roles"]) ? (row["roles"] as string[]) : [];
  return {
    id: String(row["id"]),
    name: String(row["name"]),
    email: typeof row["email"] === "string" ? row["email"] : null,
    roles: [...roles].sort(),
  };
}

/** Looks users up by id. */
export interface UserDirectory {
  find(id: string): Promise<SessionUser | null>;
}

/**
 * The directory over the app's database.
 * @example
 * const user = await createUserDirectory(db).find(session.userId);
 */
export function createUserDirectory(db: Database): UserDirectory {
  return {
    async find(id) {
      // Not a UUID: no user can have it (and the text comparison never reaches a cast error).
      if (!uuidPattern.test(id)) return null;
      const row = (await db.query(findSql, [id], { name: "dashbase_user_find" })).rows[0];
      return row === undefined ? null : toSessionUser(row);
    },
  };
}
