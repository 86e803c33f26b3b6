/**
 * @module
 * Sessions in process memory, with the same contract as the table: for unit tests of apps.
 */
import {
  sessionEnded,
  type FoundSession,
  type NewSession,
  type OwnersEnded,
  type SessionBackend,
  type SessionRecord,
} from "./session-backend.js";

export class MemorySessionBackend implements SessionBackend {
  private readonly sessions = new Map<string, SessionRecord>();

  private live(id: string): SessionRecord | undefined {
    const record = this.sessions.get(id);
    return record !== undefined && record.expiresAt.getTime() > Date.now() ? record : undefined;
  }

  async find(id: string): Promise<FoundSession | typeof sessionEnded | undefined> {
    const record = this.live(id);
    if (record === undefined) return undefined;
    // An ended session's marker has an empty owner.
    return record.anonymousOwner === "" ? sessionEnded : { record: { ...record }, remainingMs: record.expiresAt.getTime() - Date.now() };
  }

  async persist(session: NewSession, maxAgeMs: number): Promise<SessionRecord | typeof sessionEnded> {
    const found = await this.find(session.id);
    if (found === sessionEnded) return sessionEnded;
    return found?.record ?? this.create(session, maxAgeMs);
  }

  private end(id: string, maxAgeMs: number): void {
    this.sessions.set(id, { id, anonymousOwner: "", userId: null, csrfToken: "", expiresAt: new Date(Date.now() + maxAgeMs) });
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
    this.end(oldId, maxAgeMs);
    return this.create(next, maxAgeMs);
  }

  async destroy(id: string, maxAgeMs: number): Promise<void> {
    this.end(id, maxAgeMs);
  }

  async sweepExpired(ended?: OwnersEnded): Promise<number> {
    const expired = [...this.sessions.values()].filter((record) => record.expiresAt.getTime() <= Date.now());
    if (expired.length === 0) return 0;
    // Ended markers (empty owner) have nobody to report and are not counted as sessions.
    const owners = [...new Set(expired.map((record) => record.anonymousOwner))].filter((owner) => owner !== "");
    if (ended !== undefined && owners.length > 0) await ended(owners);
    let removed = 0;
    // Another sweep may have removed some while `ended` ran; only this one's removals count.
    for (const record of expired)
      if (this.sessions.get(record.id) === record && this.sessions.delete(record.id) && record.anonymousOwner !== "") removed += 1;
    return removed;
  }
}
