/**
 * @module
 * Sessions in process memory, with the same contract as the table: for unit tests of apps.
 * It is not linked to a memory store, so ending a session leaves that store's values alone.
 */
import type { FoundSession, NewSession, SessionBackend, SessionRecord } from "./session-backend.js";

export class MemorySessionBackend implements SessionBackend {
  private readonly sessions = new Map<string, SessionRecord>();

  private live(id: string): SessionRecord | undefined {
    const record = this.sessions.get(id);
    return record !== undefined && record.expiresAt.getTime() > Date.now() ? record : undefined;
  }

  async find(id: string): Promise<FoundSession | undefined> {
    const record = this.live(id);
    return record === undefined ? undefined : { record: { ...record }, remainingMs: record.expiresAt.getTime() - Date.now() };
  }

  async create(session: NewSession, maxAgeMs: number): Promise<SessionRecord> {
    const record: SessionRecord = { ...session, expiresAt: new Date(Date.now() + maxAgeMs) };
    this.sessions.set(record.id, record);
    return { ...record };
  }

  async extend(id: string, maxAgeMs: number): Promise<Date | undefined> {
    const record = this.live(id);
    if (record === undefined) return undefined;
    record.expiresAt = new Date(Date.now() + maxAgeMs);
    return record.expiresAt;
  }

  async replace(oldId: string, next: NewSession, maxAgeMs: number): Promise<SessionRecord> {
    this.sessions.delete(oldId);
    return this.create(next, maxAgeMs);
  }

  async destroy(record: SessionRecord): Promise<void> {
    this.sessions.delete(record.id);
  }

  async sweepExpired(): Promise<number> {
    const now = Date.now();
    let removed = 0;
    for (const [id, record] of this.sessions) {
      if (record.expiresAt.getTime() <= now) {
        this.sessions.delete(id);
        removed += 1;
      }
    }
    return removed;
  }
}
