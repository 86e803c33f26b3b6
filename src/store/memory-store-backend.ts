/**
 * @module
 * The store in process memory, with the same contract as the database backend: values are
 * kept as codec JSON text (so callers get copies, never shared objects), expiry is lazy plus
 * swept, and updates of one key queue behind each other. For unit tests of apps.
 */
import { compareCodePoints, type StoreAddress, type StoreBackend, type UpdateStep } from "./store-backend.js";
import { enforceQuota, unlimited, type StoreQuota } from "./store-quota.js";

interface Entry {
  json: string;
  /** Epoch milliseconds, or null for never. */
  expiresAt: number | null;
}

/** owner -> namespace -> key -> entry, mirroring the table's primary key order. */
type Owners = Map<string, Map<string, Map<string, Entry>>>;

const isLive = (entry: Entry | undefined, now: number): entry is Entry =>
  entry !== undefined && (entry.expiresAt === null || entry.expiresAt > now);

export class MemoryStoreBackend implements StoreBackend {
  private readonly owners: Owners = new Map();
  /** The tail of each key's queue of updates (and of writes that arrive during one). */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly quota: StoreQuota) {}

  /**
   * Throws when writing `entries` (keys of `namespace` and their JSON) would take `owner` past
   * the quota. Checked and written with no await in between, so nothing can slip in.
   */
  private checkQuota(owner: string, namespace: string, entries: ReadonlyArray<readonly [string, string]>): void {
    if (unlimited(this.quota)) return;
    const now = Date.now();
    const written = new Set(entries.map((entry) => entry[0]));
    const use = { keys: 0, bytes: 0, keysAfter: entries.length, bytesAfter: 0 };
    for (const [key, json] of entries) use.bytesAfter += Buffer.byteLength(key) + Buffer.byteLength(json);
    for (const [space, keys] of this.owners.get(owner) ?? []) {
      for (const [key, entry] of keys) {
        if (!isLive(entry, now)) continue;
        const size = Buffer.byteLength(key) + Buffer.byteLength(entry.json);
        use.keys += 1;
        use.bytes += size;
        if (space === namespace && written.has(key)) continue;
        use.keysAfter += 1;
        use.bytesAfter += size;
      }
    }
    enforceQuota(this.quota, use);
  }

  private bucket(namespace: string, owner: string, create: true): Map<string, Entry>;
  private bucket(namespace: string, owner: string, create: false): Map<string, Entry> | undefined;
  private bucket(namespace: string, owner: string, create: boolean): Map<string, Entry> | undefined {
    let spaces = this.owners.get(owner);
    if (spaces === undefined) {
      if (!create) return undefined;
      spaces = new Map();
      this.owners.set(owner, spaces);
    }
    let keys = spaces.get(namespace);
    if (keys === undefined && create) {
      keys = new Map();
      spaces.set(namespace, keys);
    }
    return keys;
  }

  private prune(namespace: string, owner: string): void {
    const spaces = this.owners.get(owner);
    if (spaces?.get(namespace)?.size === 0) spaces.delete(namespace);
    if (spaces?.size === 0) this.owners.delete(owner);
  }

  /** Runs `write` after any update of the same key in progress, as a row lock would. */
  private queued<T>(a: StoreAddress, write: () => T | Promise<T>): Promise<T> {
    const id = JSON.stringify([a.owner, a.namespace, a.key]);
    const before = this.queues.get(id) ?? Promise.resolve();
    const result = before.then(write);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return result;
  }

  async get(a: StoreAddress): Promise<unknown> {
    const entry = this.bucket(a.namespace, a.owner, false)?.get(a.key);
    return isLive(entry, Date.now()) ? JSON.parse(entry.json) : undefined;
  }

  async getMany(namespace: string, owner: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const bucket = this.bucket(namespace, owner, false);
    const now = Date.now();
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const entry = bucket?.get(key);
      if (isLive(entry, now)) out.set(key, JSON.parse(entry.json));
    }
    return out;
  }

  async has(a: StoreAddress): Promise<boolean> {
    return isLive(this.bucket(a.namespace, a.owner, false)?.get(a.key), Date.now());
  }

  private liveEntries(namespace: string, owner: string): Array<[string, Entry]> {
    const now = Date.now();
    const out: Array<[string, Entry]> = [];
    for (const [key, entry] of this.bucket(namespace, owner, false) ?? []) if (isLive(entry, now)) out.push([key, entry]);
    return out.sort((x, y) => compareCodePoints(x[0], y[0]));
  }

  async keys(namespace: string, owner: string): Promise<string[]> {
    return this.liveEntries(namespace, owner).map(([key]) => key);
  }

  async entries(namespace: string, owner: string): Promise<Array<[string, unknown]>> {
    return this.liveEntries(namespace, owner).map(([key, entry]) => [key, JSON.parse(entry.json)]);
  }

  private put(a: StoreAddress, json: string, ttlMs: number | null): void {
    this.bucket(a.namespace, a.owner, true).set(a.key, { json, expiresAt: ttlMs === null ? null : Date.now() + ttlMs });
  }

  private putWithinQuota(a: StoreAddress, json: string, ttlMs: number | null): void {
    this.checkQuota(a.owner, a.namespace, [[a.key, json]]);
    this.put(a, json, ttlMs);
  }

  async set(a: StoreAddress, json: string, ttlMs: number | null): Promise<void> {
    if (this.queues.size > 0) return this.queued(a, () => this.putWithinQuota(a, json, ttlMs));
    this.putWithinQuota(a, json, ttlMs);
  }

  async setMany(namespace: string, owner: string, entries: ReadonlyArray<readonly [string, string]>, ttlMs: number | null): Promise<void> {
    this.checkQuota(owner, namespace, entries);
    for (const [key, json] of entries) this.put({ namespace, owner, key }, json, ttlMs);
  }

  private remove(a: StoreAddress): boolean {
    const bucket = this.bucket(a.namespace, a.owner, false);
    const entry = bucket?.get(a.key);
    bucket?.delete(a.key);
    this.prune(a.namespace, a.owner);
    return isLive(entry, Date.now());
  }

  async delete(a: StoreAddress): Promise<boolean> {
    if (this.queues.size > 0) return this.queued(a, () => this.remove(a));
    return this.remove(a);
  }

  async clear(namespace: string, owner: string): Promise<number> {
    const count = this.liveEntries(namespace, owner).length;
    this.owners.get(owner)?.delete(namespace);
    this.prune(namespace, owner);
    return count;
  }

  async update(a: StoreAddress, step: UpdateStep, ttlMs: number | null | undefined): Promise<void> {
    await this.queued(a, async () => {
      const entry = this.bucket(a.namespace, a.owner, false)?.get(a.key);
      const now = Date.now();
      const current = isLive(entry, now) ? entry : undefined;
      const json = await step(current === undefined ? undefined : JSON.parse(current.json));
      this.checkQuota(a.owner, a.namespace, [[a.key, json]]);
      const expiresAt = ttlMs === undefined ? (current?.expiresAt ?? null) : ttlMs === null ? null : Date.now() + ttlMs;
      this.bucket(a.namespace, a.owner, true).set(a.key, { json, expiresAt });
    });
  }

  async sweepExpired(): Promise<number> {
    const now = Date.now();
    let removed = 0;
    for (const [owner, spaces] of this.owners) {
      for (const [namespace, keys] of spaces) {
        for (const [key, entry] of keys) {
          if (!isLive(entry, now)) {
            keys.delete(key);
            removed += 1;
          }
        }
        this.prune(namespace, owner);
      }
    }
    return removed;
  }

  async deleteOwners(owners: readonly string[]): Promise<void> {
    for (const owner of owners) this.owners.delete(owner);
  }
}
