/**
 * @module
 * Pattern-matching ids: which concrete ids a dependency id with `["ALL"]`, `["MATCH"]` or
 * `["ALLSMALLER"]` values stands for, as in Dash.
 */
import type { ComponentId, DependencyId, IdScalar, Wildcard } from "./protocol-types.js";

/** The values bound to MATCH keys for one invocation of a callback, e.g. `{ index: 2 }`. */
export type MatchValues = Readonly<Record<string, IdScalar>>;

/** Tells a wildcard value (`["ALL"]`, `["MATCH"]`, `["ALLSMALLER"]`) from a plain id value. */
export function isWildcard(value: unknown): value is Wildcard {
  return (
    Array.isArray(value) &&
    value.length === 1 &&
    (value[0] === "ALL" || value[0] === "MATCH" || value[0] === "ALLSMALLER")
  );
}

/** The kind of a wildcard value, or null for a plain value. */
export function wildcardKind(value: unknown): "ALL" | "MATCH" | "ALLSMALLER" | null {
  return isWildcard(value) ? value[0] : null;
}

/** Tells whether a dependency id holds any wildcard. */
export function hasWildcard(pattern: DependencyId): boolean {
  return typeof pattern !== "string" && Object.values(pattern).some(isWildcard);
}

/** Tells whether a dependency id stands for many components (an ALL or ALLSMALLER value). */
export function isMultiPattern(pattern: DependencyId): boolean {
  if (typeof pattern === "string") return false;
  return Object.values(pattern).some((v) => {
    const kind = wildcardKind(v);
    return kind === "ALL" || kind === "ALLSMALLER";
  });
}

/** The keys of a dependency id whose value is MATCH, sorted. */
export function matchKeysOf(pattern: DependencyId): string[] {
  if (typeof pattern === "string") return [];
  return Object.keys(pattern)
    .filter((k) => wildcardKind(pattern[k]) === "MATCH")
    .sort();
}

function lessThan(a: IdScalar, b: IdScalar): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return String(a) < String(b);
}

/**
 * Tells whether a concrete id fits a dependency id. With `match`, MATCH keys must equal the bound
 * values and ALLSMALLER keys must be smaller than them; without it, any value fits a wildcard.
 *
 * @example
 * idMatches({ type: "f", index: ["ALL"] }, { type: "f", index: 3 }); // true
 * idMatches({ type: "f", index: ["MATCH"] }, { type: "f", index: 3 }, { index: 2 }); // false
 */
export function idMatches(pattern: DependencyId, id: ComponentId, match?: MatchValues | null): boolean {
  if (typeof pattern === "string" || typeof id === "string") return pattern === id;
  const patternKeys = Object.keys(pattern);
  if (patternKeys.length !== Object.keys(id).length) return false;
  for (const key of patternKeys) {
    if (!Object.prototype.hasOwnProperty.call(id, key)) return false;
    const want = pattern[key];
    const have = id[key];
    if (have === undefined || want === undefined) return false;
    const kind = wildcardKind(want);
    if (kind === null) {
      if (want !== have) return false;
    } else if (match && kind === "MATCH" && key in match) {
      if (match[key] !== have) return false;
    } else if (match && kind === "ALLSMALLER" && key in match) {
      const bound = match[key];
      if (bound === undefined || !lessThan(have, bound)) return false;
    }
  }
  return true;
}

/** The MATCH values a concrete id binds for a dependency id (null when the pattern has no MATCH). */
export function bindMatch(pattern: DependencyId, id: ComponentId): MatchValues | null {
  const keys = matchKeysOf(pattern);
  if (keys.length === 0 || typeof id === "string") return null;
  const bound: Record<string, IdScalar> = {};
  for (const key of keys) {
    const value = id[key];
    if (value === undefined) return null;
    bound[key] = value;
  }
  return bound;
}

/**
 * Tells whether two dependency ids could address one component: used to link callbacks into a
 * graph before any layout is known, so it errs towards "yes" where wildcards meet.
 */
export function patternsOverlap(a: DependencyId, b: DependencyId): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.join("\u0000") !== keysB.join("\u0000")) return false;
  return keysA.every((key) => {
    const va = a[key];
    const vb = b[key];
    return isWildcard(va) || isWildcard(vb) || va === vb;
  });
}
