/**
 * @module
 * Administering users on the app's database, as `dashbase users` does: create, list, set a
 * password, grant and revoke roles (kept sorted and unique in one statement), sign a user out of
 * every device. Plain parameterized SQL over the auth_* tables, so the CLI needs no app running.
 */
import type { Queryable } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { rolePattern } from "./access-rule.js";
import { assertStrongPassword, hashPassword } from "./password-hash.js";
import { toSessionUser } from "./user-directory.js";
import type { SessionUser } from "./session-user.js";

/** A user as `dashbase users list` shows it. */
export interface UserListing extends SessionUser {
  readonly disabled: boolean;
  readonly hasPassword: boolean;
  readonly createdAt: Date;
}

const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** Lower-cases and checks an e-mail address. */
export function normalizeEmail(email: unknown): string {
  const value = typeof email === "string" ? email.trim().toLowerCase() : "";
  if (!emailPattern.test(value) || value.length > 320) {
    throw new DashbaseError(
      "DASHBASE_E_CLI_USAGE",
      `expected an e-mail address such as ada@example.com, found ${JSON.stringify(email)?.slice(0, 80)}`,
    );
  }
  return value;
}

/** Throws DASHBASE_E_USERS_NOT_SET_UP when the database has no auth_users table. */
export async function assertUsersSetUp(db: Queryable): Promise<void> {
  const { rows } = await db.query<{ found: string | null }>("SELECT to_regclass('auth_users')::text AS found");
  if (rows[0]?.found == null) {
    throw new DashbaseError(
      "DASHBASE_E_USERS_NOT_SET_UP",
      "this database has no auth_users table; turn users on with createApp({ auth: {} }), then run `dashbase db generate` and `dashbase db migrate`",
    );
  }
}

function notFound(email: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_USER_NOT_FOUND", `no user has the e-mail address ${email}; \`dashbase users list\` shows them`);
}

const userColumns = "id::text AS id, name, email, roles";

/** The user with this e-mail address. */
export async function findUserByEmail(db: Queryable, email: string): Promise<SessionUser> {
  const address = normalizeEmail(email);
  const row = (await db.query(`SELECT ${userColumns} FROM auth_users WHERE email = $1`, [address])).rows[0];
  if (row === undefined) throw notFound(address);
  return toSessionUser(row);
}

/**
 * Creates a user; the password (optional: a user may sign in only through a provider or a link)
 * must pass the strength rule.
 * @throws DashbaseError DASHBASE_E_USER_EXISTS, DASHBASE_E_WEAK_PASSWORD.
 */
export async function createUser(
  db: Queryable,
  input: { email: string; name?: string | undefined; password?: string | undefined; roles?: readonly string[] },
): Promise<SessionUser> {
  const email = normalizeEmail(input.email);
  const name = input.name?.trim() || email.split("@")[0]!;
  const hash = input.password === undefined ? null : await hashPassword(assertStrongPassword(input.password, { email, name }));
  const roles = [...new Set((input.roles ?? []).map((role) => checkRole(role)))].sort();
  const row = (
    await db.query(
      `INSERT INTO auth_users (name, email, password_hash, roles) VALUES ($1, $2, $3, $4::text[]) ON CONFLICT (email) DO NOTHING RETURNING ${userColumns}`,
      [name, email, hash, roles],
    )
  ).rows[0];
  if (row === undefined) throw new DashbaseError("DASHBASE_E_USER_EXISTS", `a user with the e-mail address ${email} already exists`);
  return toSessionUser(row);
}

/** Every user, by e-mail address. */
export async function listUsers(db: Queryable): Promise<UserListing[]> {
  const { rows } = await db.query(
    `SELECT ${userColumns}, disabled_at IS NOT NULL AS disabled, password_hash IS NOT NULL AS has_password, created_at FROM auth_users ORDER BY email NULLS LAST, created_at`,
  );
  return rows.map((row) => ({
    ...toSessionUser(row),
    disabled: row["disabled"] === true,
    hasPassword: row["has_password"] === true,
    createdAt: new Date(row["created_at"] as string | Date),
  }));
}

/** Sets a user's password (strength rule applies). */
export async function setPassword(db: Queryable, email: string, password: string): Promise<SessionUser> {
  const user = await findUserByEmail(db, email);
  const hash = await hashPassword(assertStrongPassword(password, { email: user.email, name: user.name }));
  await db.query("UPDATE auth_users SET password_hash = $1, updated_at = now() WHERE id::text = $2", [hash, user.id]);
  return user;
}

/** Checks a role name. */
export function checkRole(role: unknown): string {
  if (typeof role === "string" && rolePattern.test(role)) return role;
  throw new DashbaseError(
    "DASHBASE_E_CLI_USAGE",
    `expected a role of 1-64 letters, digits, "_", ".", ":" or "-" starting with a letter or digit, found ${JSON.stringify(role)?.slice(0, 80)}`,
  );
}

/** Grants (or revokes) a role; the roles stay sorted and unique. Answers the user with its new roles. */
export async function changeRole(db: Queryable, email: string, role: string, grant: boolean): Promise<SessionUser> {
  const address = normalizeEmail(email);
  const name = checkRole(role);
  // One statement, so concurrent grants never lose one another's role.
  const sql = grant
    ? `UPDATE auth_users SET roles = ARRAY(SELECT DISTINCT r FROM unnest(array_append(roles, $2::text)) AS r ORDER BY r), updated_at = now() WHERE email = $1 RETURNING ${userColumns}`
    : `UPDATE auth_users SET roles = ARRAY(SELECT DISTINCT r FROM unnest(array_remove(roles, $2::text)) AS r ORDER BY r), updated_at = now() WHERE email = $1 RETURNING ${userColumns}`;
  const row = (await db.query(sql, [address, name])).rows[0];
  if (row === undefined) throw notFound(address);
  return toSessionUser(row);
}
