/**
 * @module
 * Matching a concrete component id against a dependency id that may hold wildcards, and the
 * MATCH values a concrete id binds.
 */
import type { ComponentId, IdValue } from "../layout/component-node.js";
import { isWildcard, type DependencyId } from "./dependency.js";

/** The values a concrete id gives to the pattern's MATCH keys, or undefined when it does not fit. */
export function matchId(pattern: DependencyId, id: unknown): Map<string, IdValue> | undefined {
  if (typeof pattern === "string") return id === pattern ? new Map() : undefined;
  if (typeof id !== "object" || id === null || Array.isArray(id)) return undefined;
  const concrete = id as Record<string, unknown>;
  const patternKeys = Object.keys(pattern);
  if (Object.keys(concrete).length !== patternKeys.length) return undefined;
  const bound = new Map<string, IdValue>();
  for (const key of patternKeys) {
    const expected = pattern[key];
    const value = concrete[key];
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
    if (isWildcard(expected)) {
      if (expected[0] === "MATCH") bound.set(key, value);
    } else if (expected !== value) {
      return undefined;
    }
  }
  return bound;
}

/** True when the concrete id's ALLSMALLER keys are below the MATCH values of the call. */
export function fitsAllSmaller(pattern: DependencyId, id: ComponentId, matchValues: ReadonlyMap<string, IdValue>): boolean {
  if (typeof pattern === "string" || typeof id === "string") return true;
  for (const [key, expected] of Object.entries(pattern)) {
    if (!isWildcard(expected) || expected[0] !== "ALLSMALLER") continue;
    const bound = matchValues.get(key);
    const value = id[key];
    if (bound === undefined || value === undefined || !(value < bound)) return false;
  }
  return true;
}
