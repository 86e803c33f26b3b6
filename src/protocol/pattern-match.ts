/**
 * @module
 * Which concrete ids a dependency id stands for. A string dependency id matches only itself; an
 * object one matches ids with exactly its keys, a plain value asking for that value and a
 * wildcard for any id value. For one call of a callback the MATCH values are bound: MATCH keys
 * then ask for the bound value, and ALLSMALLER keys for a value before it (id-order.ts).
 */
import { compareIdValues } from "./id-order.js";
import { isIdValue, type IdValue } from "./ids.js";
import { isWildcard, type DependencyId } from "./wildcards.js";

/** The values bound to MATCH keys for one call of a callback, e.g. `{ index: 2 }`. */
export type MatchValues = Readonly<Record<string, IdValue>>;

/**
 * The MATCH values a concrete id binds for a dependency id (`{}` when the pattern has no MATCH
 * key), or undefined when the id does not fit the pattern at all. `id` may be anything, so the
 * server can check ids read from a request body.
 *
 * @example
 * matchId({ type: "f", index: MATCH }, { type: "f", index: 3 }); // { index: 3 }
 * matchId({ type: "f", index: ALL }, { type: "g", index: 3 }); // undefined
 */
export function matchId(pattern: DependencyId, id: unknown): MatchValues | undefined {
  if (typeof pattern === "string") return id === pattern ? {} : undefined;
  if (typeof id !== "object" || id === null || Array.isArray(id)) return undefined;
  const concrete = id as Readonly<Record<string, unknown>>;
  const keys = Object.keys(pattern);
  if (Object.keys(concrete).length !== keys.length) return undefined;
  const bound: [string, IdValue][] = [];
  for (const key of keys) {
    if (!Object.hasOwn(concrete, key)) return undefined;
    const value = concrete[key];
    if (!isIdValue(value)) return undefined;
    const want = pattern[key];
    if (isWildcard(want)) {
      if (want[0] === "MATCH") bound.push([key, value]);
    } else if (want !== value) {
      return undefined;
    }
  }
  // fromEntries defines own properties, so even a key named "__proto__" binds as a value.
  return Object.fromEntries(bound);
}

/**
 * True when a concrete id fits a dependency id. Without `match` any id value fits a wildcard;
 * with it, a MATCH key whose value is bound asks for that value, and an ALLSMALLER key asks for
 * a value strictly before the bound MATCH value of the same key (none bound: nothing fits).
 *
 * @example
 * idMatches({ type: "f", index: ALL }, { type: "f", index: 3 }); // true
 * idMatches({ type: "f", index: MATCH }, { type: "f", index: 3 }, { index: 2 }); // false
 * idMatches({ type: "f", index: ALLSMALLER }, { type: "f", index: 1 }, { index: 2 }); // true
 */
export function idMatches(pattern: DependencyId, id: unknown, match?: MatchValues | null): boolean {
  if (matchId(pattern, id) === undefined) return false;
  if (match === undefined || match === null || typeof pattern === "string") return true;
  const concrete = id as Readonly<Record<string, IdValue>>;
  for (const [key, want] of Object.entries(pattern)) {
    if (!isWildcard(want) || want[0] === "ALL") continue;
    const bound = Object.hasOwn(match, key) ? match[key] : undefined;
    const value = concrete[key] as IdValue;
    if (want[0] === "MATCH" && bound !== undefined && bound !== value) return false;
    if (want[0] === "ALLSMALLER" && (bound === undefined || compareIdValues(value, bound) >= 0)) return false;
  }
  return true;
}

/**
 * True when two dependency ids could address one component: links callbacks into a graph before
 * any layout is known, so it errs towards "yes" where wildcards meet.
 *
 * @example
 * patternsOverlap({ type: "f", index: MATCH }, { type: "f", index: 1 }); // true
 * patternsOverlap({ type: "f", index: 1 }, { type: "f", index: 2 }); // false
 */
export function patternsOverlap(a: DependencyId, b: DependencyId): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.length !== keysB.length || keysA.some((key, index) => key !== keysB[index])) return false;
  return keysA.every((key) => {
    const va = a[key];
    const vb = b[key];
    return isWildcard(va) || isWildcard(vb) || va === vb;
  });
}
