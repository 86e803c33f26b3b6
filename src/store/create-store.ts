/**
 * @module
 * `createStore`: the per-user store over a database or memory. This layer validates owners,
 * keys and options, runs the value codec, keeps the namespace, and owns the background sweep;
 * the backend only moves codec JSON.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { MemoryStoreBackend } from "./memory-store-backend.js";
import { bindOwner } from "./owner-bound-store.js";
import { SqlStoreBackend } from "./sql-store-backend.js";
import type { DeleteOptions, OwnerStore, SetOptions, Store, StoreBackendChoice, StoreOptions, UpdateOptions } from "./store.js";
import type { StoreBackend } from "./store-backend.js";
import {
  checkEntryList,
  checkIfMissing,
  checkKey,
  checkKeyList,
  checkMaxValueBytes,
  checkNamespace,
  checkOwner,
  checkOwnerList,
  checkSweepInterval,
  checkTtl,
  checkUpdateFunction,
} from "./store-validation.js";
import { decodeValue, encodeValue } from "./value-codec.js";
import { checkQuota, type StoreQuota } from "./store-quota.js";

/** What every namespace view of one store shares. */
interface StoreCore {
  backend: StoreBackend;
  maxValueBytes: number;
  timer: NodeJS.Timeout | undefined;
}

/** How many owner-bound views a store keeps ready (they hold no data, only the owner). */
const boundViewsKept = 1000;

class NamespacedStore implements Store {
  /** Owner-bound views already made: an app asks for one on every request. */
  private readonly boundViews = new Map<string, OwnerStore>();

  constructor(
    private readonly core: StoreCore,
    readonly namespaceName: string,
  ) {}

  private encode(value: unknown): string {
    return encodeValue(value, this.core.maxValueBytes);
  }

  async set(owner: string, key: string, value: unknown, options?: SetOptions): Promise<void> {
    const address = { namespace: this.namespaceName, owner: checkOwner(owner), key: checkKey(key) };
    const ttl = checkTtl(options?.ttl);
    await this.core.backend.set(address, this.encode(value), ttl);
  }

  async get<T = unknown>(owner: string, key: string): Promise<T | undefined> {
    const found = await this.core.backend.get({ namespace: this.namespaceName, owner: checkOwner(owner), key: checkKey(key) });
    return found === undefined ? undefined : (decodeValue(found) as T);
  }

  async has(owner: string, key: string): Promise<boolean> {
    return this.core.backend.has({ namespace: this.namespaceName, owner: checkOwner(owner), key: checkKey(key) });
  }

  async keys(owner: string): Promise<string[]> {
    return this.core.backend.keys(this.namespaceName, checkOwner(owner));
  }

  async entries<T = unknown>(owner: string): Promise<Array<[string, T]>> {
    const rows = await this.core.backend.entries(this.namespaceName, checkOwner(owner));
    return rows.map(([key, value]) => [key, decodeValue(value) as T]);
  }

  async delete(owner: string, key: string, options?: DeleteOptions): Promise<boolean> {
    const address = { namespace: this.namespaceName, owner: checkOwner(owner), key: checkKey(key) };
    const ifMissing = checkIfMissing(options?.ifMissing);
    const removed = await this.core.backend.delete(address);
    if (!removed && ifMissing === "throw") {
      throw new DashbaseError(
        "DASHBASE_E_STORE_KEY_NOT_FOUND",
        `key ${JSON.stringify(address.key)}: expected a stored value to delete, found none (missing or expired) in namespace ${JSON.stringify(address.namespace)}; pass { ifMissing: "ignore" } to allow this`,
        { details: { key: address.key, namespace: address.namespace } },
      );
    }
    return removed;
  }

  async clear(owner: string): Promise<number> {
    return this.core.backend.clear(this.namespaceName, checkOwner(owner));
  }

  async getMany<T = unknown>(owner: string, keys: readonly string[]): Promise<Array<T | undefined>> {
    const checked = checkKeyList(keys);
    const checkedOwner = checkOwner(owner);
    if (checked.length === 0) return [];
    const found = await this.core.backend.getMany(this.namespaceName, checkedOwner, [...new Set(checked)]);
    // A key asked for twice gets two separate copies, as two get() calls would.
    const handedOut = new Set<string>();
    return checked.map((key) => {
      if (!found.has(key)) return undefined;
      if (handedOut.has(key)) return structuredClone(found.get(key)) as T;
      handedOut.add(key);
      const value = decodeValue(found.get(key));
      found.set(key, value);
      return value as T;
    });
  }

  async setMany(owner: string, entries: ReadonlyArray<readonly [string, unknown]>, options?: SetOptions): Promise<void> {
    const checkedOwner = checkOwner(owner);
    const ttl = checkTtl(options?.ttl);
    // Last value of a repeated key wins, and every value is encoded before anything is written.
    const byKey = new Map<string, string>();
    for (const [key, value] of checkEntryList(entries)) {
      byKey.delete(key);
      byKey.set(key, this.encode(value));
    }
    await this.core.backend.setMany(this.namespaceName, checkedOwner, [...byKey], ttl);
  }

  async update<T = unknown>(
    owner: string,
    key: string,
    fn: (current: T | undefined) => T | Promise<T>,
    options?: UpdateOptions,
  ): Promise<T> {
    const address = { namespace: this.namespaceName, owner: checkOwner(owner), key: checkKey(key) };
    checkUpdateFunction(fn);
    const ttl = options?.ttl === undefined ? undefined : checkTtl(options.ttl);
    let next: T | undefined;
    await this.core.backend.update(
      address,
      async (current) => {
        next = await fn(current === undefined ? undefined : (decodeValue(current) as T));
        return this.encode(next);
      },
      ttl,
    );
    return next as T;
  }

  namespace(name: string): Store {
    return new NamespacedStore(this.core, checkNamespace(name));
  }

  forOwner(owner: string): OwnerStore {
    const known = this.boundViews.get(owner);
    if (known !== undefined) return known;
    const bound = bindOwner(this, checkOwner(owner));
    if (this.boundViews.size >= boundViewsKept) this.boundViews.delete(this.boundViews.keys().next().value as string);
    this.boundViews.set(owner, bound);
    return bound;
  }

  sweepExpired(): Promise<number> {
    return this.core.backend.sweepExpired();
  }

  async deleteOwners(owners: readonly string[]): Promise<void> {
    const checked = [...new Set(checkOwnerList(owners))];
    if (checked.length > 0) await this.core.backend.deleteOwners(checked);
  }

  async close(): Promise<void> {
    if (this.core.timer !== undefined) clearInterval(this.core.timer);
    this.core.timer = undefined;
  }
}

function chooseBackend(choice: StoreBackendChoice, quota: StoreQuota): StoreBackend {
  if (typeof choice === "object" && choice !== null) {
    if ("db" in choice && typeof choice.db?.query === "function") return new SqlStoreBackend(choice.db, quota);
    if ("memory" in choice && choice.memory === true) return new MemoryStoreBackend(quota);
  }
  throw new DashbaseError(
    "DASHBASE_E_STORE_INVALID_OPTION",
    "createStore: expected { db } (a database from createDatabase()) or { memory: true }, found neither; open the database first",
  );
}

/**
 * Creates the per-user store on a dashbase database, or in memory for unit tests. On a database
 * it creates its table (`dashbase_store`) before the first statement.
 * @example
 * const store = createStore({ db }, { maxValueBytes: 64 * 1024 });
 * await store.set("user-42", "draft", { title: "Q3", due: new Date("2025-09-30") }, { ttl: 7 * 86_400_000 });
 * const count = await store.update<number>("user-42", "visits", (n) => (n ?? 0) + 1);
 * await store.close(); // stops the background sweep; the database stays open
 * @example
 * const store = createStore({ memory: true }); // same contract, nothing shared between processes
 * @example
 * // Per owner, across namespaces: at most 200 keys and 256 KB; a write past either throws DASHBASE_E_STORE_QUOTA (413).
 * const small = createStore({ db }, { maxKeysPerOwner: 200, maxBytesPerOwner: 262_144 });
 */
export function createStore(backend: StoreBackendChoice, options: StoreOptions = {}): Store {
  const maxValueBytes = checkMaxValueBytes(options.maxValueBytes);
  const interval = checkSweepInterval(options.sweepIntervalMs);
  const namespace = checkNamespace(options.namespace ?? "default");
  const quota = checkQuota(options);
  const core: StoreCore = {
    backend: chooseBackend(backend, quota),
    maxValueBytes,
    timer: undefined,
  };
  if (interval > 0) {
    core.timer = setInterval(() => {
      core.backend.sweepExpired().catch((error: unknown) => options.onSweepError?.(error));
    }, interval);
    // The sweep is housekeeping: it must never keep a process alive.
    core.timer.unref();
  }
  return new NamespacedStore(core, namespace);
}
