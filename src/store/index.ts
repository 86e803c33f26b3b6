/**
 * @module
 * `dashbase/store`: the per-user key-value store on its own, and its value codec.
 */
export { createStore } from "./create-store.js";
export type { Store, OwnerStore, StoreOptions, StoreBackendChoice, SetOptions, UpdateOptions, DeleteOptions } from "./store.js";
export { encodeValue, decodeValue } from "./value-codec.js";
