/**
 * @module
 * Which paths belong to the app's API rather than to its pages: `/api/...`, and any first path
 * segment an `app.api` route uses (`/reports/...` for `app.api.get("/reports/:id")`). An unknown
 * path there answers the coded JSON 404 instead of the HTML not-found page, because what asks
 * (a `fetch`, a script, another machine) reads JSON, and an HTML page with status 404 only shows up
 * later as "Unexpected token '<'".
 */
import type { ApiRoute } from "../app/api-registry.js";

/** The prefixes (`/api/`, `/reports/`) under which unknown paths are API misses. */
export function apiPrefixes(routes: readonly ApiRoute[]): readonly string[] {
  const prefixes = new Set(["/api/"]);
  for (const route of routes) {
    // Only a static first segment with more after it: "/export.csv" names one route, not a family.
    const first = /^\/([^/:*]+)\/./.exec(route.path)?.[1];
    if (first !== undefined) prefixes.add(`/${first}/`);
  }
  return [...prefixes];
}

/** True when `pathname` (no query, relative to the app's mount point) is under one of `prefixes`. */
export function isApiPath(pathname: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1));
}
