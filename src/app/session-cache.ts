/**
 * @module
 * A short-lived, in-process memory of resumed sessions, keyed by the signed cookie value, so a
 * burst of callback requests from one browser costs one session lookup instead of one each.
 * Only answers that needed no Set-Cookie are kept, never past the session's expiry, and any
 * rotate/attachUser/destroy/ensurePersisted through this wrapper forgets the session at once. Another process
 * ending the session is seen within `ttlMs` (default 1 s; 0 turns the cache off).
 */
import type { Session, SessionManager } from "../session/session-manager.js";

interface Entry {
  session: Session;
  until: number;
}

const maxEntries = 10_000;

/**
 * Wraps a session manager with the cache.
 * @example
 * const sessions = cacheSessions(createSessionManager({ db }, { secret }), 1000);
 */
export function cacheSessions(inner: SessionManager, ttlMs: number): SessionManager {
  if (ttlMs <= 0) return inner;
  const entries = new Map<string, Entry>();
  // Entries are kept in the order they were made, each for at most ttlMs: those at the front that
  // have run out go (otherwise a stream of one-request visitors keeps maxEntries sessions held).
  const dropExpired = (now: number): void => {
    for (const [cookie, entry] of entries) {
      if (entry.until > now) return;
      entries.delete(cookie);
    }
  };
  const forget = (session: Session): void => {
    for (const [cookie, entry] of entries) if (entry.session.id === session.id) entries.delete(cookie);
  };
  return {
    cookieName: inner.cookieName,
    async resume(cookieValue, options) {
      const now = Date.now();
      if (cookieValue !== undefined) {
        const hit = entries.get(cookieValue);
        if (hit !== undefined && hit.until > now) return { session: hit.session };
        if (hit !== undefined) entries.delete(cookieValue);
      }
      const answer = await inner.resume(cookieValue, options);
      if (cookieValue !== undefined && answer.setCookie === undefined) {
        dropExpired(now);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
        entries.set(cookieValue, { session: answer.session, until: Math.min(now + ttlMs, answer.session.expiresAt.getTime()) });
      }
      return answer;
    },
    verifyCsrf: (session, token) => inner.verifyCsrf(session, token),
    signedSessionId: (cookieValue) => inner.signedSessionId(cookieValue),
    async ensurePersisted(session, options) {
      if (session.persisted === false) forget(session);
      return inner.ensurePersisted(session, options);
    },
    async rotate(session, options) {
      forget(session);
      return inner.rotate(session, options);
    },
    async attachUser(session, userId, options) {
      forget(session);
      return inner.attachUser(session, userId, options);
    },
    async destroy(session, options) {
      forget(session);
      return inner.destroy(session, options);
    },
    sweepExpired: () => inner.sweepExpired(),
    async close() {
      entries.clear();
      await inner.close();
    },
  };
}
