/**
 * @module
 * The narrow contract between the store (validation, codec, namespaces) and where values live
 * (`sql-store-backend.ts` over a Database, `memory-store-backend.ts` in process memory).
 * Backends see encoded JSON text going in and parsed codec JSON coming out.
 */

/** One row's address. */
export interface StoreAddress {
  namespace: string;
  owner: string;
  key: string;
}

/**
 * One step of an atomic update: given the parsed codec JSON of the live current value
 * (undefined when missing or expired), returns the codec JSON text of the next value.
 */
export type UpdateStep = (current: unknown) => Promise<string>;

export interface StoreBackend {
  /** Parsed codec JSON of the live value, or undefined. */
  get(address: StoreAddress): Promise<unknown>;
  /** Live values of `keys` by key (missing and expired ones absent). */
  getMany(namespace: string, owner: string, keys: readonly string[]): Promise<Map<string, unknown>>;
  has(address: StoreAddress): Promise<boolean>;
  /** Live keys in code point order. */
  keys(namespace: string, owner: string): Promise<string[]>;
  /** Live entries (parsed codec JSON) in code point order of their keys. */
  entries(namespace: string, owner: string): Promise<Array<[string, unknown]>>;
  /** `ttlMs` null means no expiry. */
  set(address: StoreAddress, json: string, ttlMs: number | null): Promise<void>;
  /** Keys are distinct. All or none. */
  setMany(namespace: string, owner: string, entries: ReadonlyArray<readonly [string, string]>, ttlMs: number | null): Promise<void>;
  /** True when a live value was removed. */
  delete(address: StoreAddress): Promise<boolean>;
  /** How many live values were removed. */
  clear(namespace: string, owner: string): Promise<number>;
  /** `ttlMs` undefined keeps the current expiry (none for a new key). */
  update(address: StoreAddress, step: UpdateStep, ttlMs: number | null | undefined): Promise<void>;
  /** Deletes expired entries of every namespace; returns how many. */
  sweepExpired(): Promise<number>;
  /** Deletes every entry of these (distinct) owners in every namespace. */
  deleteOwners(owners: readonly string[]): Promise<void>;
}

/** Orders strings by Unicode code point, as PostgreSQL's "C" collation orders UTF-8 text. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts a code point above U+FFFF: it sorts after every other UTF-16 unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
