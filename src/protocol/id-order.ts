/**
 * @module
 * The order of id values that ALLSMALLER selects by. Ids may mix kinds (`index: 2` next to
 * `index: "b"`), so the order is total over every id value: all numbers first, then all
 * strings, then the booleans. Numbers compare numerically (so 9 < 10), strings by UTF-16 code
 * unit (JavaScript's `<`, so "B" < "a" and "10" < "9"), and false < true. Server and renderer
 * both use this one comparison.
 */
import type { IdValue } from "./ids.js";

function rank(value: IdValue): number {
  if (typeof value === "number") return 0;
  return typeof value === "string" ? 1 : 2;
}

/**
 * Compares two id values: negative when `a` comes first, 0 when equal, positive otherwise.
 *
 * @example
 * compareIdValues(9, 10); // negative
 * compareIdValues(10, "1"); // negative: numbers before strings
 * [3, "a", 1].sort(compareIdValues); // [1, 3, "a"]
 */
export function compareIdValues(a: IdValue, b: IdValue): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (a === b) return 0;
  // same kind: numbers numerically, strings by code unit, false before true
  return a < b ? -1 : 1;
}

/**
 * True when `value` comes strictly before `bound`: what ALLSMALLER asks of each selected id.
 *
 * @example
 * isSmallerId(1, 2); // true
 * isSmallerId("a", 2); // false: strings come after numbers
 */
export function isSmallerId(value: IdValue, bound: IdValue): boolean {
  return compareIdValues(value, bound) < 0;
}
