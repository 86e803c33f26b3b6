/**
 * @module
 * Who a request belongs to once someone has signed in: the user as layouts, callbacks, tables,
 * API routes and jobs see it (`session.user`). Read from `auth_users` for each session (with
 * the session cache's lifetime), so a role granted or revoked takes effect within that time.
 */

/** The signed-in user of a session; `session.user` is null for anonymous visitors. */
export interface SessionUser {
  /** The user's id (a UUID); also `session.owner`, which keys the store, while signed in. */
  readonly id: string;
  /** The name to show. */
  readonly name: string;
  /** The e-mail address the user signs in with, if any (lower-cased). */
  readonly email: string | null;
  /** The user's roles, as `dashbase users grant` gave them (sorted). */
  readonly roles: readonly string[];
}

/** True when the session has a user holding `role`. */
export function hasRole(user: SessionUser | null | undefined, role: string): boolean {
  return user != null && user.roles.includes(role);
}
