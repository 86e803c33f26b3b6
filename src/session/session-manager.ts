/**
 * @module
 * Browser sessions: one per browser (a signed, HttpOnly, SameSite=Lax cookie), kept in the
 * `dashbase_sessions` table or in memory. A session starts with its cookie alone (its id and
 * expiry, signed; owner and CSRF token derived from the id), so a visitor who stores nothing,
 * a script or a crawler, costs no row; it gets its row on the first write that needs one
 * (`ensurePersisted`, called by the app before storing anything for its owner; rotate and
 * attachUser). A bad cookie never becomes an error: it silently starts a new session. Nothing
 * here knows about HTTP beyond the Set-Cookie text it returns.
 */
import type { SessionUser } from "../auth/session-user.js";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { checkOwner } from "../store/store-validation.js";
import { MemorySessionBackend } from "./memory-session-backend.js";
import { sessionEnded, type NewSession, type OwnersEnded, type SessionBackend, type SessionRecord } from "./session-backend.js";
import {
  anonymousOwnerOf,
  clearSessionCookie,
  constantTimeEqual,
  csrfTokenOf,
  isCookieName,
  newRandomToken,
  newSessionId,
  sessionSetCookie,
  signRowlessSession,
  signSessionId,
  verifySessionCookie,
  type CookieAttributes,
} from "./session-cookie.js";
import { SqlSessionBackend } from "./sql-session-backend.js";

/** A live session, as handed to the server and to callbacks. */
export interface Session {
  /** The random id the cookie carries (192 bits); changes on rotate() and attachUser(). */
  id: string;
  userId: string | null;
  /** The signed-in user (name, roles), or null; filled in when the app has `auth` (see src/auth/session-users.ts). */
  user: SessionUser | null;
  /** Keys the store: the user id once attached, else an anonymous owner that survives rotation. */
  owner: string;
  /** Keys the store while no user is attached; not the cookie id, so store rows never reveal a live cookie. */
  anonymousOwner: string;
  csrfToken: string;
  expiresAt: Date;
  /**
   * False while the session has no row in the sessions table: the cookie alone carries it (and
   * nothing is stored for it yet); call `ensurePersisted` before storing anything for its owner,
   * so that the session's end (destroy, expiry) is seen and reported. The session manager always
   * sets it; absent (a session built by hand, in a test) counts as having a row.
   */
  persisted?: boolean;
}

export interface SessionManagerConfig {
  /** At least 32 characters (see resolveSessionSecret). */
  secret: string;
  /** Secrets that signed cookies before `secret`; such cookies are accepted and re-signed. */
  previousSecrets?: readonly string[];
  /** Lifetime of an idle session; default 30 days. Each use extends it (at most one write a day). */
  maxAgeMs?: number;
  /** Default "dashbase_sid". */
  cookieName?: string;
  /** How often expired sessions are deleted in the background; default one hour, 0 turns it off. */
  sweepIntervalMs?: number;
  /** Receives errors of the background sweep. */
  onSweepError?: (error: unknown) => void;
  /**
   * Called with the anonymous owners of sessions that end (destroy(), or expiry and the sweep)
   * before their sessions are removed, so a failure leaves them to be destroyed or swept, and
   * reported, again. Wire it to the store to delete their values:
   * `onOwnersEnded: (owners) => store.deleteOwners(owners)`. A signed-in user's id is never
   * reported: the user's values outlive any one session. Without it, ending a session leaves
   * the store alone.
   */
  onOwnersEnded?: OwnersEnded;
}

export type SessionBackendChoice = { db: Database } | { memory: true };

export interface SessionManager {
  readonly cookieName: string;
  /**
   * The live session for a raw cookie value and, when a cookie must be (re)sent, the full
   * Set-Cookie header value. A tampered, expired or unknown cookie silently starts a new session.
   */
  resume(cookieValue: string | undefined, options?: CookieAttributes): Promise<{ session: Session; setCookie?: string }>;
  /** True when `token` is the session's CSRF token (compared in constant time). */
  verifyCsrf(session: Session, token: string | undefined): boolean;
  /**
   * The session id a cookie value carries when its signature holds, without looking the session
   * up (so it may have ended since): for checks that must not wait for the database.
   */
  signedSessionId(cookieValue: string | undefined): string | undefined;
  /**
   * Gives a session without a row its row (same id, owner and CSRF token), so its end will be
   * reported: the first write that needs one calls this. A session that has one is returned
   * as it is; two requests of one session doing this at once get the same row. `setCookie`
   * (the cookie of a session with a row) is worth sending but not required: the next request
   * with the old cookie finds the row too. Throws DASHBASE_E_SESSION_ENDED when the session
   * ended meanwhile (rotated, signed in or out elsewhere).
   */
  ensurePersisted(session: Session, options?: CookieAttributes): Promise<{ session: Session; setCookie?: string }>;
  /** Moves the session to a new id (same user, owner and CSRF token). */
  rotate(session: Session, options?: CookieAttributes): Promise<{ session: Session; setCookie: string }>;
  /** After a login: a new id (against session fixation), a new CSRF token, and `owner` = userId. */
  attachUser(session: Session, userId: string, options?: CookieAttributes): Promise<{ session: Session; setCookie: string }>;
  /** Ends the session (reporting its anonymous owner to onOwnersEnded); the cookie is cleared. */
  destroy(session: Session, options?: CookieAttributes): Promise<{ setCookie: string }>;
  /** Deletes expired sessions (reporting their anonymous owners to onOwnersEnded); returns how many sessions. */
  sweepExpired(): Promise<number>;
  /** Stops the background sweep; the database stays open. */
  close(): Promise<void>;
}

const day = 86_400_000;

function optionError(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_SESSION_OPTION", message);
}

function checkSecret(secret: unknown, what: string): string {
  if (typeof secret === "string" && secret.length >= 32) return secret;
  throw new DashbaseError(
    "DASHBASE_E_SESSION_SECRET",
    `${what}: expected a secret of at least 32 characters, found ${typeof secret === "string" ? `${secret.length} characters` : typeof secret}; set SESSION_SECRET (try: openssl rand -hex 32) or use resolveSessionSecret(settings)`,
  );
}

function checkWholeMs(value: unknown, what: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= 2_147_483_647_000) return value;
  throw optionError(`${what}: expected a whole number of milliseconds of at least ${min}, found ${String(value)}`);
}

class SessionManagerImpl implements SessionManager {
  readonly cookieName: string;
  private readonly secrets: readonly string[];
  private readonly maxAgeMs: number;
  /** A session is extended once less than maxAge minus this is left: at most one write per interval. */
  private readonly refreshEveryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly ownersEnded: OwnersEnded | undefined;

  constructor(
    private readonly backend: SessionBackend,
    config: SessionManagerConfig,
  ) {
    this.secrets = [
      checkSecret(config.secret, "secret"),
      ...(config.previousSecrets ?? []).map((s, i) => checkSecret(s, `previousSecrets[${i}]`)),
    ];
    this.maxAgeMs = checkWholeMs(config.maxAgeMs, "maxAgeMs", 30 * day, 1);
    this.refreshEveryMs = Math.min(this.maxAgeMs / 10, day);
    const name = config.cookieName ?? "dashbase_sid";
    if (typeof name !== "string" || !isCookieName(name)) {
      throw optionError(`cookieName: expected a cookie name of letters, digits and !#$%&'*+-.^_\`|~, found ${JSON.stringify(name)}`);
    }
    this.cookieName = name;
    if (config.onOwnersEnded !== undefined && typeof config.onOwnersEnded !== "function") {
      throw optionError(`onOwnersEnded: expected a function (owners) => Promise<void>, found ${typeof config.onOwnersEnded}`);
    }
    this.ownersEnded = config.onOwnersEnded;
    const interval = checkWholeMs(config.sweepIntervalMs, "sweepIntervalMs", 3_600_000, 0);
    if (interval > 0) {
      this.timer = setInterval(
        () => {
          this.sweepExpired().catch((error: unknown) => config.onSweepError?.(error));
        },
        Math.min(interval, 2_147_483_647),
      );
      // Housekeeping must never keep the process alive.
      this.timer.unref();
    }
  }

  private toSession(record: SessionRecord): Session {
    return {
      id: record.id,
      userId: record.userId,
      user: null,
      owner: record.userId ?? record.anonymousOwner,
      anonymousOwner: record.anonymousOwner,
      csrfToken: record.csrfToken,
      expiresAt: record.expiresAt,
      persisted: true,
    };
  }

  /** A session without a row: everything but its expiry follows from the id. */
  private rowless(id: string, expiresAt: Date): Session {
    const owner = anonymousOwnerOf(id);
    return { id, userId: null, user: null, owner, anonymousOwner: owner, csrfToken: csrfTokenOf(id), expiresAt, persisted: false };
  }

  private cookieFor(record: SessionRecord, lifetimeMs: number, options: CookieAttributes | undefined): string {
    return sessionSetCookie(this.cookieName, signSessionId(record.id, this.secrets[0] as string), lifetimeMs, options);
  }

  /** A new session without a row, and its cookie: no database statement at all. */
  private fresh(options: CookieAttributes | undefined): { session: Session; setCookie: string } {
    return this.renewRowless(newSessionId(), options);
  }

  private renewRowless(id: string, options: CookieAttributes | undefined): { session: Session; setCookie: string } {
    const expiresAt = new Date(Date.now() + this.maxAgeMs);
    const value = signRowlessSession(id, expiresAt, this.secrets[0] as string);
    return { session: this.rowless(id, expiresAt), setCookie: sessionSetCookie(this.cookieName, value, this.maxAgeMs, options) };
  }

  async resume(cookieValue: string | undefined, options?: CookieAttributes): Promise<{ session: Session; setCookie?: string }> {
    const verified = verifySessionCookie(cookieValue, this.secrets);
    if (verified === undefined) return this.fresh(options);
    const found = await this.backend.find(verified.id);
    if (found === sessionEnded) return this.fresh(options);
    if (found === undefined) {
      // A cookie of a session with a row whose row is gone: it ended (destroyed, rotated, swept).
      if (verified.expiresAt === undefined) return this.fresh(options);
      const remainingMs = verified.expiresAt.getTime() - Date.now();
      if (remainingMs <= 0) return this.fresh(options);
      // Renewed as a session with a row is: at most once per refresh interval.
      if (remainingMs < this.maxAgeMs - this.refreshEveryMs || verified.stale) return this.renewRowless(verified.id, options);
      return { session: this.rowless(verified.id, verified.expiresAt) };
    }
    let record = found.record;
    if (found.remainingMs < this.maxAgeMs - this.refreshEveryMs) {
      const expiresAt = await this.backend.extend(record.id, this.maxAgeMs);
      if (expiresAt === undefined) return this.fresh(options);
      record = { ...record, expiresAt };
      return { session: this.toSession(record), setCookie: this.cookieFor(record, this.maxAgeMs, options) };
    }
    // A cookie of the session from before it had a row, or signed by a previous secret: re-sent as it now is.
    const resend = verified.stale || verified.expiresAt !== undefined;
    return resend
      ? { session: this.toSession(record), setCookie: this.cookieFor(record, found.remainingMs, options) }
      : { session: this.toSession(record) };
  }

  async ensurePersisted(session: Session, options?: CookieAttributes): Promise<{ session: Session; setCookie?: string }> {
    if (session.persisted !== false) return { session };
    const record = await this.backend.persist(
      { id: session.id, anonymousOwner: session.anonymousOwner, userId: session.userId, csrfToken: session.csrfToken },
      this.maxAgeMs,
    );
    if (record === sessionEnded) {
      throw new DashbaseError(
        "DASHBASE_E_SESSION_ENDED",
        "this session has ended (it was signed in, signed out or renewed in another request), so nothing can be stored for it; reload the page",
      );
    }
    const remainingMs = Math.max(1, record.expiresAt.getTime() - Date.now());
    return { session: this.toSession(record), setCookie: this.cookieFor(record, remainingMs, options) };
  }

  signedSessionId(cookieValue: string | undefined): string | undefined {
    return verifySessionCookie(cookieValue, this.secrets)?.id;
  }

  verifyCsrf(session: Session, token: string | undefined): boolean {
    return typeof token === "string" && token.length > 0 && constantTimeEqual(session.csrfToken, token);
  }

  async rotate(session: Session, options?: CookieAttributes): Promise<{ session: Session; setCookie: string }> {
    const next: NewSession = {
      id: newSessionId(),
      anonymousOwner: session.anonymousOwner,
      userId: session.userId,
      csrfToken: session.csrfToken,
    };
    const record = await this.backend.replace(session.id, next, this.maxAgeMs);
    return { session: this.toSession(record), setCookie: this.cookieFor(record, this.maxAgeMs, options) };
  }

  async attachUser(session: Session, userId: string, options?: CookieAttributes): Promise<{ session: Session; setCookie: string }> {
    let checked: string;
    try {
      checked = checkOwner(userId);
    } catch {
      throw optionError(
        `userId: expected a non-empty string of at most 256 characters (String(id) for numbers), found ${typeof userId === "string" ? JSON.stringify(userId.slice(0, 40)) : typeof userId}`,
      );
    }
    const next: NewSession = { id: newSessionId(), anonymousOwner: session.anonymousOwner, userId: checked, csrfToken: newRandomToken() };
    const record = await this.backend.replace(session.id, next, this.maxAgeMs);
    return { session: this.toSession(record), setCookie: this.cookieFor(record, this.maxAgeMs, options) };
  }

  async destroy(session: Session, options?: CookieAttributes): Promise<{ setCookie: string }> {
    // Reported first: when that fails, the session is still there to destroy again.
    if (this.ownersEnded !== undefined) await this.ownersEnded([session.anonymousOwner]);
    // Its ended marker stays as long as a cookie of it could be valid, so no copy brings it back.
    await this.backend.destroy(session.id, this.maxAgeMs);
    return { setCookie: clearSessionCookie(this.cookieName, options) };
  }

  sweepExpired(): Promise<number> {
    return this.backend.sweepExpired(this.ownersEnded);
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/**
 * Creates the session manager over a dashbase database (the `dashbase_sessions` table, created
 * before the first statement) or in memory.
 * @example
 * const store = createStore({ db });
 * const sessions = createSessionManager({ db }, { secret: await resolveSessionSecret(settings), onOwnersEnded: (owners) => store.deleteOwners(owners) });
 * const { session, setCookie } = await sessions.resume(request.cookies[sessions.cookieName], { secure: true });
 * if (setCookie) reply.header("set-cookie", setCookie);
 * await store.forOwner(session.owner).set("last-page", "/explore");
 */
export function createSessionManager(options: SessionBackendChoice, config: SessionManagerConfig): SessionManager {
  let backend: SessionBackend;
  if (typeof options === "object" && options !== null && "db" in options && typeof options.db?.query === "function")
    backend = new SqlSessionBackend(options.db);
  else if (typeof options === "object" && options !== null && "memory" in options && options.memory === true)
    backend = new MemorySessionBackend();
  else
    throw optionError(
      "createSessionManager: expected { db } (a database from createDatabase()) or { memory: true }, found neither; open the database first",
    );
  return new SessionManagerImpl(backend, config);
}
