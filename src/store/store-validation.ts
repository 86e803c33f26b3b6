/**
 * @module
 * Checks on what callers hand the store (owners, keys, namespaces, ttl, limits), each failing
 * with its own code and a message that says what was expected and what was found.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { isPostgresSafeString } from "./value-codec.js";

export const maxOwnerLength = 256;
export const maxKeyLength = 512;
export const maxNamespaceLength = 128;

function found(value: unknown): string {
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function checkName(value: unknown, what: string, limit: number, code: ErrorCode, hint: string): string {
  if (typeof value === "string" && value.length > 0 && value.length <= limit && isPostgresSafeString(value)) return value;
  let expected = `a non-empty string of at most ${limit} characters`;
  if (typeof value === "string" && value.length > 0 && value.length <= limit)
    expected = "a string without NUL characters or lone UTF-16 surrogates";
  throw new DashbaseError(code, `${what}: expected ${expected}, found ${found(value)}; ${hint}`, {
    details: { [what]: typeof value === "string" ? value.slice(0, 80) : String(value) },
  });
}

export function checkOwner(owner: unknown): string {
  return checkName(
    owner,
    "owner",
    maxOwnerLength,
    "DASHBASE_E_STORE_INVALID_OWNER",
    "pass session.owner or a user id as a string (String(id) for numbers)",
  );
}

export function checkKey(key: unknown): string {
  return checkName(key, "key", maxKeyLength, "DASHBASE_E_STORE_INVALID_KEY", "name the value with a short string");
}

export function checkNamespace(name: unknown): string {
  return checkName(name, "namespace", maxNamespaceLength, "DASHBASE_E_STORE_INVALID_NAMESPACE", "name the namespace with a short string");
}

function invalidOption(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_STORE_INVALID_OPTION", message);
}

/** A ttl in milliseconds, or null for none. */
export function checkTtl(ttl: unknown): number | null {
  if (ttl === undefined) return null;
  if (typeof ttl === "number" && Number.isFinite(ttl) && ttl > 0) return ttl;
  throw invalidOption(
    `ttl: expected a number of milliseconds greater than 0, found ${found(ttl)}; omit ttl for a value that never expires`,
  );
}

export function checkMaxValueBytes(value: unknown): number {
  if (value === undefined) return 1_048_576;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 16) return value;
  throw invalidOption(`maxValueBytes: expected a whole number of bytes of at least 16, found ${found(value)}`);
}

export function checkSweepInterval(value: unknown): number {
  if (value === undefined) return 60_000;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= 2_147_483_647) return value;
  throw invalidOption(`sweepIntervalMs: expected a whole number of milliseconds (0 turns the sweep off), found ${found(value)}`);
}

export function checkUpdateFunction(fn: unknown): void {
  if (typeof fn !== "function") throw invalidOption(`update: expected a function (current) => next, found ${found(fn)}`);
}

export function checkIfMissing(value: unknown): "ignore" | "throw" {
  if (value === undefined || value === "ignore" || value === "throw") return value ?? "ignore";
  throw invalidOption(`ifMissing: expected "ignore" or "throw", found ${found(value)}`);
}

export function checkKeyList(keys: unknown): string[] {
  if (!Array.isArray(keys)) throw invalidOption(`keys: expected an array of keys, found ${found(keys)}`);
  return keys.map(checkKey);
}

export function checkOwnerList(owners: unknown): string[] {
  if (!Array.isArray(owners)) throw invalidOption(`owners: expected an array of owners, found ${found(owners)}`);
  return owners.map(checkOwner);
}

export function checkEntryList(entries: unknown): Array<readonly [string, unknown]> {
  if (!Array.isArray(entries)) throw invalidOption(`entries: expected an array of [key, value] pairs, found ${found(entries)}`);
  return entries.map((entry: unknown, index) => {
    if (!Array.isArray(entry) || entry.length !== 2)
      throw invalidOption(`entries[${index}]: expected a [key, value] pair, found ${found(entry)}`);
    return [checkKey(entry[0]), entry[1]] as const;
  });
}
