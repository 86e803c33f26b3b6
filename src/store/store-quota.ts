/**
 * @module
 * The per-owner quota of the store: how many live keys and how many bytes (UTF-8 of each key
 * plus its value's JSON text as stored) one owner may hold across every namespace. A write
 * that would go past either is refused whole with DASHBASE_E_STORE_QUOTA (HTTP 413), naming
 * the limit and the owner's current use; nothing already stored changes.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

export interface StoreQuota {
  /** Live keys one owner may hold (Infinity: no limit). */
  readonly maxKeys: number;
  /** Bytes one owner may hold (Infinity: no limit). */
  readonly maxBytes: number;
}

/** The defaults: room for a thousand small values, or four values of the largest size. */
export const defaultStoreQuota: StoreQuota = Object.freeze({ maxKeys: 1000, maxBytes: 4_194_304 });

/** What an owner holds now, and what it would hold once the write is done. */
export interface QuotaUse {
  keys: number;
  bytes: number;
  keysAfter: number;
  bytesAfter: number;
}

function invalidQuota(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_STORE_INVALID_OPTION", message);
}

function checkLimit(value: unknown, what: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (value === Infinity || (typeof value === "number" && Number.isSafeInteger(value) && value >= min)) return value;
  throw invalidQuota(`${what}: expected a whole number of at least ${min} (or Infinity for no limit), found ${String(value)}`);
}

/**
 * The quota the options ask for, the defaults filling what they leave out.
 * @example
 * checkQuota({ maxKeysPerOwner: 200 }) // { maxKeys: 200, maxBytes: 4194304 }
 */
export function checkQuota(options: { maxKeysPerOwner?: unknown; maxBytesPerOwner?: unknown }): StoreQuota {
  return {
    maxKeys: checkLimit(options.maxKeysPerOwner, "maxKeysPerOwner", defaultStoreQuota.maxKeys, 1),
    maxBytes: checkLimit(options.maxBytesPerOwner, "maxBytesPerOwner", defaultStoreQuota.maxBytes, 16),
  };
}

/** True when the quota limits nothing, so writes need not count. */
export function unlimited(quota: StoreQuota): boolean {
  return quota.maxKeys === Infinity && quota.maxBytes === Infinity;
}

/**
 * Throws DASHBASE_E_STORE_QUOTA when `use` goes past `quota`.
 * @example
 * enforceQuota(quota, { keys: 1000, bytes: 5120, keysAfter: 1001, bytesAfter: 5150 }); // throws: 1,000 keys
 */
export function enforceQuota(quota: StoreQuota, use: QuotaUse): void {
  const overKeys = use.keysAfter > quota.maxKeys;
  if (!overKeys && use.bytesAfter <= quota.maxBytes) return;
  const number = (n: number): string => n.toLocaleString("en-US");
  const limit = overKeys ? `${number(quota.maxKeys)} keys` : `${number(quota.maxBytes)} bytes`;
  const option = overKeys ? "maxKeysPerOwner" : "maxBytesPerOwner";
  throw new DashbaseError(
    "DASHBASE_E_STORE_QUOTA",
    `this write would take the owner's stored values past the store's limit of ${limit} per owner: it holds ${number(use.keys)} keys and ${number(use.bytes)} bytes now, and would hold ${number(use.keysAfter)} keys and ${number(use.bytesAfter)} bytes; nothing was written. Delete values no longer needed, or raise the store's ${option} (createApp({ store: { ${option} } }))`,
    {
      details: {
        limit: overKeys ? "keys" : "bytes",
        maxKeys: quota.maxKeys,
        maxBytes: quota.maxBytes,
        keys: use.keys,
        bytes: use.bytes,
        keysAfter: use.keysAfter,
        bytesAfter: use.bytesAfter,
      },
    },
  );
}
