/**
 * @module
 * Sessions in process memory, with the same contract as the table: for unit tests of apps.
 */
import type { FoundSession, NewSession, OwnersEnded, SessionBackend, SessionRecord } from "./session-backend.js";

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

  async destroy(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async sweepExpired(ended?: OwnersEnded): Promise<number> {
    const expired = [...this.sessions.values()].filter((record) => record.expiresAt.getTime() <= Date.now());
    if (expired.length === 0) return 0;
    if (ended !== undefined) await ended([...new Set(expired.map((record) => record.anonymousOwner))]);
    let removed = 0;
    // Another sweep may have removed some while `ended` ran; only this one's removals count.
    for (const record of expired) if (this.sessions.get(record.id) === record && this.sessions.delete(record.id)) removed += 1;
    return removed;
  }
}
