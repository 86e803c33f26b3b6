/**
 * @module
 * Where sessions live: the contract shared by `sql-session-backend.ts` (the dashbase_sessions
 * table) and `memory-session-backend.ts`. Expiry is judged by the backend's clock. Sessions
 * know nothing of the store: ended owners are reported (see OwnersEnded), not deleted here.
 *
 * A session gets its row only when it first needs one (see SessionManager.ensurePersisted);
 * until then its cookie alone carries it. So that a copy of such a cookie cannot bring back a
 * session that has since ended (rotated, signed in, destroyed), ending a session leaves an
 * "ended" marker row under its id (empty owner and token) for as long as any cookie of it
 * could still be valid; the sweep removes markers without reporting them.
 */

/** Receives the anonymous owners of sessions that are ending; see SessionManagerConfig.onOwnersEnded. */
export type OwnersEnded = (owners: string[]) => Promise<void>;

export interface SessionRecord {
  id: string;
  /** Keys the store while no user is attached; stays the same when the id rotates. */
  anonymousOwner: string;
  userId: string | null;
  csrfToken: string;
  expiresAt: Date;
}

export interface NewSession {
  id: string;
  anonymousOwner: string;
  userId: string | null;
  csrfToken: string;
}

/** A live session and how long it has left. */
export interface FoundSession {
  record: SessionRecord;
  remainingMs: number;
}

/** What `find` and `persist` answer for an id whose session has ended (its marker row). */
export const sessionEnded = "ended";

export interface SessionBackend {
  /** The live (unexpired) session with this id, or `sessionEnded` when it ended and its marker is still kept. */
  find(id: string): Promise<FoundSession | typeof sessionEnded | undefined>;
  create(session: NewSession, maxAgeMs: number): Promise<SessionRecord>;
  /**
   * Gives a session without a row its row, unless it has one already (another request made it
   * at the same moment: that row is returned, so both agree) or has ended (`sessionEnded`).
   */
  persist(session: NewSession, maxAgeMs: number): Promise<SessionRecord | typeof sessionEnded>;
  /** Moves the expiry to now + maxAgeMs; returns the new expiry, or undefined when the session is gone. */
  extend(id: string, maxAgeMs: number): Promise<Date | undefined>;
  /** Ends `oldId` (leaving its marker for `maxAgeMs`) and creates `next` in one step (rotation, login). */
  replace(oldId: string, next: NewSession, maxAgeMs: number): Promise<SessionRecord>;
  /** Ends the session, leaving its marker for `maxAgeMs`. */
  destroy(id: string, maxAgeMs: number): Promise<void>;
  /**
   * Removes expired sessions (and markers) in batches; returns how many sessions. With `ended`, each batch's anonymous
   * owners are handed to it before the batch is removed, so when it fails the batch stays for the
   * next sweep to report again.
   */
  sweepExpired(ended?: OwnersEnded): Promise<number>;
}
