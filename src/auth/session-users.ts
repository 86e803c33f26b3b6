/**
 * @module
 * A session manager whose sessions carry their user: `session.user` is read from the users table
 * whenever a session has a user id (after resume, rotation and sign-in), and is null otherwise.
 * Wraps the manager underneath the session cache, so a cached session keeps its user with it.
 */
import type { Session, SessionManager } from "../session/session-manager.js";
import type { UserDirectory } from "./user-directory.js";

async function withUser(session: Session, users: UserDirectory): Promise<Session> {
  if (session.userId === null) return session.user === null ? session : { ...session, user: null };
  return { ...session, user: await users.find(session.userId) };
}

/**
 * Wraps `inner` so the sessions it hands out carry `user`.
 * @example
 * const sessions = withSessionUsers(createSessionManager({ db }, { secret }), createUserDirectory(db));
 */
export function withSessionUsers(inner: SessionManager, users: UserDirectory): SessionManager {
  return {
    cookieName: inner.cookieName,
    async resume(cookieValue, options) {
      const answer = await inner.resume(cookieValue, options);
      return { ...answer, session: await withUser(answer.session, users) };
    },
    verifyCsrf: (session, token) => inner.verifyCsrf(session, token),
    signedSessionId: (cookieValue) => inner.signedSessionId(cookieValue),
    async rotate(session, options) {
      const answer = await inner.rotate(session, options);
      return { ...answer, session: await withUser(answer.session, users) };
    },
    async attachUser(session, userId, options) {
      const answer = await inner.attachUser(session, userId, options);
      return { ...answer, session: await withUser(answer.session, users) };
    },
    async ensurePersisted(session, options) {
      const answer = await inner.ensurePersisted(session, options);
      // Persisting changes neither the id nor the user: the one already read stays.
      return { ...answer, session: { ...answer.session, user: session.user } };
    },
    destroy: (session, options) => inner.destroy(session, options),
    sweepExpired: () => inner.sweepExpired(),
    close: () => inner.close(),
  };
}
