/**
 * @module
 * The pattern-matching wildcards `ALL`, `MATCH` and `ALLSMALLER`, written `["ALL"]` on the wire as
 * in Dash, and the dependency ids that may hold them.
 */
import type { IdValue } from "./ids.js";

export type WildcardName = "ALL" | "MATCH" | "ALLSMALLER";
export type Wildcard<Name extends WildcardName = WildcardName> = readonly [Name];

/** Every id with this key matches (handler gets an array of values, or returns one per id). */
export const ALL: Wildcard<"ALL"> = Object.freeze(["ALL"] as const);
/** The id with the same value as the triggering id's MATCH key (one call per matched id). */
export const MATCH: Wildcard<"MATCH"> = Object.freeze(["MATCH"] as const);
/** Every id whose value is smaller (see id-order.ts) than the MATCH value of the same key. */
export const ALLSMALLER: Wildcard<"ALLSMALLER"> = Object.freeze(["ALLSMALLER"] as const);

/** An id in a dependency: a string, or an object whose values may be wildcards. */
export type DependencyId = string | Readonly<Record<string, IdValue | Wildcard>>;

/**
 * True when `value` is one of the wildcards.
 *
 * @example
 * isWildcard(["ALL"]); // true
 * isWildcard("ALL"); // false
 */
export function isWildcard(value: unknown): value is Wildcard {
  return Array.isArray(value) && value.length === 1 && (value[0] === "ALL" || value[0] === "MATCH" || value[0] === "ALLSMALLER");
}

/**
 * The wildcards used in a dependency id, by key (empty for a string or concrete id).
 *
 * @example
 * wildcardsOf({ type: "f", index: MATCH }); // Map { "index" => "MATCH" }
 */
export function wildcardsOf(id: DependencyId): Map<string, WildcardName> {
  const found = new Map<string, WildcardName>();
  if (typeof id === "string") return found;
  for (const [key, value] of Object.entries(id)) if (isWildcard(value)) found.set(key, value[0]);
  return found;
}

/**
 * True when the dependency id holds any wildcard.
 *
 * @example
 * isPatternId({ type: "f", index: ALL }); // true
 */
export function isPatternId(id: DependencyId): boolean {
  return wildcardsOf(id).size > 0;
}

/**
 * True when the dependency id stands for a list of components (it holds ALL or ALLSMALLER):
 * its value in a request is an array.
 *
 * @example
 * isMultiPattern({ type: "f", index: ALLSMALLER }); // true
 * isMultiPattern({ type: "f", index: MATCH }); // false
 */
export function isMultiPattern(id: DependencyId): boolean {
  for (const name of wildcardsOf(id).values()) if (name === "ALL" || name === "ALLSMALLER") return true;
  return false;
}

/**
 * The keys of a dependency id whose value is MATCH, sorted.
 *
 * @example
 * matchKeysOf({ type: "f", row: MATCH, col: MATCH }); // ["col", "row"]
 */
export function matchKeysOf(id: DependencyId): string[] {
  return [...wildcardsOf(id)]
    .filter(([, name]) => name === "MATCH")
    .map(([key]) => key)
    .sort();
}
