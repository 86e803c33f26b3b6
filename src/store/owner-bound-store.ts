/**
 * @module
 * The store bound to one owner: what an app callback receives as `store`, so app code names
 * only keys and can never reach another owner's values.
 */
import type { OwnerStore, Store } from "./store.js";

/**
 * Binds `store` to `owner` (already validated by the caller). The view is frozen and holds no
 * data, so one view per owner can be shared.
 * @example
 * const mine = bindOwner(store, session.owner);
 * await mine.set("last-indicator", "population");
 */
export function bindOwner(store: Store, owner: string): OwnerStore {
  // Frozen: a store hands the same view to every request of an owner.
  const view: OwnerStore = {
    owner,
    namespaceName: store.namespaceName,
    set: (key, value, options) => store.set(owner, key, value, options),
    get: <T>(key: string) => store.get<T>(owner, key),
    has: (key) => store.has(owner, key),
    keys: () => store.keys(owner),
    entries: <T>() => store.entries<T>(owner),
    delete: (key, options) => store.delete(owner, key, options),
    clear: () => store.clear(owner),
    getMany: <T>(keys: readonly string[]) => store.getMany<T>(owner, keys),
    setMany: (entries, options) => store.setMany(owner, entries, options),
    update: <T>(key: string, fn: (current: T | undefined) => T | Promise<T>, options?: { ttl?: number }) =>
      store.update<T>(owner, key, fn, options),
    namespace: (name) => bindOwner(store.namespace(name), owner),
  };
  return Object.freeze(view);
}
