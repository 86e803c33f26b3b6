/**
 * @module
 * A session gets its row on its first write (see SessionManager.ensurePersisted): the store a
 * handler receives, `enqueue` and background calls make sure of it before they write for the
 * session's owner. Until then the session's store reads answer "nothing stored" without asking
 * the database, which is what a session without a row has. The request that caused the row
 * sends the session's new cookie when it can (the server registers how, per request).
 */
import type { CookieAttributes } from "../session/session-cookie.js";
import type { Session, SessionManager } from "../session/session-manager.js";
import type { OwnerStore } from "../store/store.js";
import { checkKey, checkKeyList } from "../store/store-validation.js";

/** How the request a session object belongs to sends a renewed session cookie. */
export interface SessionCookieSink {
  readonly attributes: CookieAttributes;
  send(setCookie: string): void;
}

const sinks = new WeakMap<Session, SessionCookieSink>();
const persisting = new WeakMap<Session, Promise<void>>();

/**
 * Remembers how the request that resumed `session` sends a cookie. The object must be this
 * request's own (the server copies a session without a row for each request).
 */
export function bindSessionCookie(session: Session, sink: SessionCookieSink): void {
  sinks.set(session, sink);
}

const withRow = new WeakSet<Session>();

/**
 * Makes sure `session` has its row, once per session object; a no-op when it has one.
 * @example
 * await ensureSessionRow(services.sessions, session);
 */
export function ensureSessionRow(sessions: SessionManager, session: Session): Promise<void> {
  if (session.persisted !== false || withRow.has(session)) return Promise.resolve();
  let pending = persisting.get(session);
  if (pending === undefined) {
    const sink = sinks.get(session);
    pending = sessions.ensurePersisted(session, sink?.attributes).then(({ setCookie }) => {
      withRow.add(session);
      if (setCookie !== undefined) sink?.send(setCookie);
    });
    // A failure is not remembered: the next write tries again.
    pending.catch(() => persisting.delete(session));
    persisting.set(session, pending);
  }
  return pending;
}

/**
 * The store of a session without a row: reads answer "nothing stored" (no statement; keys are
 * still checked), and the first write gives the session its row, after which every call goes
 * to `bound`, the store bound to the session's owner (which the row keeps). Removals always go
 * to `bound`: they never need a row.
 * @example
 * const store = session.persisted !== false ? bound : storeWithoutRow(bound, session, () => ensureSessionRow(sessions, session));
 */
export function storeWithoutRow(bound: OwnerStore, session: Session, ensureRow: () => Promise<void>): OwnerStore {
  const hasRow = (): boolean => withRow.has(session);
  const write =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ensureRow();
      return method(...args);
    };
  const read =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>, empty: (...args: A) => R) =>
    async (...args: A): Promise<R> =>
      hasRow() ? method(...args) : empty(...args);
  const view: OwnerStore = {
    owner: bound.owner,
    namespaceName: bound.namespaceName,
    set: write(bound.set),
    setMany: write(bound.setMany),
    update: write(bound.update) as OwnerStore["update"],
    get: read(bound.get, (key: string) => void checkKey(key)) as OwnerStore["get"],
    has: read(bound.has, (key: string) => (checkKey(key), false)),
    keys: read(bound.keys, () => []),
    entries: read(bound.entries, () => []) as OwnerStore["entries"],
    getMany: read(bound.getMany, (keys: readonly string[]) => checkKeyList(keys).map(() => undefined)) as OwnerStore["getMany"],
    delete: bound.delete,
    clear: bound.clear,
    namespace: (name) => storeWithoutRow(bound.namespace(name), session, ensureRow),
  };
  return Object.freeze(view);
}
