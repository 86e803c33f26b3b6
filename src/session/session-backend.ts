/**
 * @module
 * Where sessions live: the contract shared by `sql-session-backend.ts` (the dashbase_sessions
 * table) and `memory-session-backend.ts`. Expiry is judged by the backend's clock. Sessions
 * know nothing of the store: ended owners are reported (see OwnersEnded), not deleted here.
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

export interface SessionBackend {
  /** The live (unexpired) session with this id. */
  find(id: string): Promise<FoundSession | undefined>;
  create(session: NewSession, maxAgeMs: number): Promise<SessionRecord>;
  /** Moves the expiry to now + maxAgeMs; returns the new expiry, or undefined when the session is gone. */
  extend(id: string, maxAgeMs: number): Promise<Date | undefined>;
  /** Removes `oldId` and creates `next` in one step (rotation, login). */
  replace(oldId: string, next: NewSession, maxAgeMs: number): Promise<SessionRecord>;
  /** Removes the session. */
  destroy(id: string): Promise<void>;
  /**
   * Removes expired sessions in batches; returns how many. With `ended`, each batch's anonymous
   * owners are handed to it before the batch is removed, so when it fails the batch stays for the
   * next sweep to report again.
   */
  sweepExpired(ended?: OwnersEnded): Promise<number>;
}
