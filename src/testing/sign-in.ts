/**
 * @module
 * Signing a test visitor in without a sign-in form: its session is attached to a user through
 * the running server's session manager (a new session id and CSRF token, as a real sign-in
 * gives), and a user to sign in as is one insert away.
 */
import type { Database } from "../db/database.js";
import type { SessionUser } from "../auth/session-user.js";
import { createUser } from "../auth/user-admin.js";
import type { TestApp, TestVisitor } from "./test-app.js";

/**
 * Signs `visitor` in as `userId` (an enabled user of auth_users); open a page first so it has a session.
 * @example
 * const visitor = await test.visitor("/");
 * await signIn(test, visitor, user.id);
 */
export async function signIn(test: Pick<TestApp, "server">, visitor: TestVisitor, userId: string): Promise<void> {
  const sessions = test.server.services.sessions;
  const cookie = visitor.sessionCookie;
  const { session } = await sessions.resume(cookie === undefined ? undefined : cookie.slice(cookie.indexOf("=") + 1));
  const signedIn = await sessions.attachUser(session, userId);
  visitor.useSession(signedIn.setCookie.split(";")[0]!, signedIn.session.csrfToken);
}

/**
 * Adds a user to auth_users (the app must have auth and its revision applied).
 * @example
 * const editor = await createTestUser(test.db, { email: "ed@example.com", roles: ["editor"] });
 */
export function createTestUser(
  db: Database,
  user: { email: string; name?: string; password?: string; roles?: readonly string[] },
): Promise<SessionUser> {
  return createUser(db, user);
}
