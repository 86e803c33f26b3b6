/**
 * @module
 * The types of the per-user store: `Store` (every method takes the owner first) and
 * `OwnerStore` (the same methods bound to one owner, as app callbacks receive it).
 */
import type { Database } from "../db/database.js";

export interface SetOptions {
  /** Time to live in milliseconds; omitted means the value never expires. */
  ttl?: number;
}

export interface UpdateOptions {
  /** New time to live in milliseconds; omitted keeps the current expiry (none for a new key). */
  ttl?: number;
}

export interface DeleteOptions {
  /** "ignore" (default) returns false for a missing key; "throw" raises DASHBASE_E_STORE_KEY_NOT_FOUND. */
  ifMissing?: "ignore" | "throw";
}

export interface StoreOptions {
  /** Largest encoded value in bytes (UTF-8 of the codec's JSON); default 1 MB (1,048,576). */
  maxValueBytes?: number;
  /**
   * Live keys one owner may hold across every namespace; default 1,000, Infinity for no limit.
   * A write past it throws DASHBASE_E_STORE_QUOTA (HTTP 413) and changes nothing.
   */
  maxKeysPerOwner?: number;
  /**
   * Bytes one owner may hold across every namespace (each key plus its value's JSON text as
   * stored); default 4 MB (4,194,304), Infinity for no limit. Past it: DASHBASE_E_STORE_QUOTA.
   */
  maxBytesPerOwner?: number;
  /** How often expired entries are deleted in the background; default 60,000 ms, 0 turns it off. */
  sweepIntervalMs?: number;
  /** The namespace this store starts in; default "default". */
  namespace?: string;
  /** Receives errors of the background sweep (it never throws into the process). */
  onSweepError?: (error: unknown) => void;
}

/** Where the store keeps its values: a dashbase database, or process memory (for unit tests). */
export type StoreBackendChoice = { db: Database } | { memory: true };

/**
 * A key-value store partitioned by owner (a session's owner or a user id) and by namespace.
 * Values are JSON plus Date, BigInt, Map and Set (see docs/store-and-sessions.md).
 * @example
 * const store = createStore({ db });
 * await store.set(session.owner, "last-indicator", "population", { ttl: 86_400_000 });
 * const last = await store.get<string>(session.owner, "last-indicator");
 */
export interface Store {
  /** The namespace this store reads and writes. */
  readonly namespaceName: string;
  /** Stores `value` under `key`, replacing any previous value and expiry. */
  set(owner: string, key: string, value: unknown, options?: SetOptions): Promise<void>;
  /** The value under `key`, or undefined when it is missing or expired. */
  get<T = unknown>(owner: string, key: string): Promise<T | undefined>;
  has(owner: string, key: string): Promise<boolean>;
  /** The owner's live keys in this namespace, in code point order. */
  keys(owner: string): Promise<string[]>;
  /** The owner's live entries in this namespace, in code point order of their keys. */
  entries<T = unknown>(owner: string): Promise<Array<[string, T]>>;
  /** Removes `key`; true when a live value was removed. */
  delete(owner: string, key: string, options?: DeleteOptions): Promise<boolean>;
  /** Removes every key of the owner in this namespace; returns how many live values went. */
  clear(owner: string): Promise<number>;
  /** The values of `keys`, in the same order, undefined where missing or expired. */
  getMany<T = unknown>(owner: string, keys: readonly string[]): Promise<Array<T | undefined>>;
  /** Stores several values in one statement (all or none); a repeated key keeps its last value. */
  setMany(owner: string, entries: ReadonlyArray<readonly [string, unknown]>, options?: SetOptions): Promise<void>;
  /**
   * Replaces the value under `key` with `fn(current)` atomically: concurrent updates of one key,
   * from any number of processes, apply one after another. Returns the new value.
   * `fn` may run more than once when another writer creates the key at the same moment,
   * so keep it free of side effects; it runs while a row lock is held, so keep it short.
   */
  update<T = unknown>(owner: string, key: string, fn: (current: T | undefined) => T | Promise<T>, options?: UpdateOptions): Promise<T>;
  /** The same store in another namespace (namespaces are flat: the name replaces this one's). */
  namespace(name: string): Store;
  /** This store's methods bound to one owner. */
  forOwner(owner: string): OwnerStore;
  /** Deletes expired entries in every namespace now; returns how many. */
  sweepExpired(): Promise<number>;
  /**
   * Deletes every value of these owners in every namespace: what the session manager's
   * `onOwnersEnded` is wired to, so an ended anonymous session leaves nothing behind.
   */
  deleteOwners(owners: readonly string[]): Promise<void>;
  /** Stops the background sweep. The database stays open; the store can still be used. */
  close(): Promise<void>;
}

/**
 * The store bound to one owner: what an app callback receives, so it cannot address another
 * owner's values by accident.
 * @example
 * const mine = store.forOwner(session.owner);
 * await mine.update<number>("visits", (n) => (n ?? 0) + 1);
 */
export interface OwnerStore {
  readonly owner: string;
  readonly namespaceName: string;
  set(key: string, value: unknown, options?: SetOptions): Promise<void>;
  get<T = unknown>(key: string): Promise<T | undefined>;
  has(key: string): Promise<boolean>;
  keys(): Promise<string[]>;
  entries<T = unknown>(): Promise<Array<[string, T]>>;
  delete(key: string, options?: DeleteOptions): Promise<boolean>;
  clear(): Promise<number>;
  getMany<T = unknown>(keys: readonly string[]): Promise<Array<T | undefined>>;
  setMany(entries: ReadonlyArray<readonly [string, unknown]>, options?: SetOptions): Promise<void>;
  update<T = unknown>(key: string, fn: (current: T | undefined) => T | Promise<T>, options?: UpdateOptions): Promise<T>;
  /** The same owner in another namespace. */
  namespace(name: string): OwnerStore;
}
