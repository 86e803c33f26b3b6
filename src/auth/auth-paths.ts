/**
 * @module
 * Where sign-in lives: the prebuilt sign-in page and the sign-in/sign-out endpoints, as paths of
 * the app (relative to its mount point, like page paths), and the URL a protected page sends an
 * anonymous visitor to.
 */

/** The prefix of every auth endpoint. */
export const authBasePath = "/_dashbase/auth";

/** GET: the prebuilt sign-in page (`?next=/path`); POST: password sign-in (form or JSON). */
export const signInPath = `${authBasePath}/sign-in`;

/** POST: signs the session out (CSRF token required) and rotates it away. */
export const signOutPath = `${authBasePath}/sign-out`;

/**
 * Where an anonymous visitor of `next` is sent: `page` (the app's own sign-in page, default the
 * prebuilt one) with `?next=` so that signing in comes back. A `page` that already has a query
 * gets `&next=`.
 * @example
 * signInLocation("/admin?tab=2"); // "/_dashbase/auth/sign-in?next=%2Fadmin%3Ftab%3D2"
 * signInLocation("/admin", "/login"); // "/login?next=%2Fadmin"
 */
export function signInLocation(next: string, page: string = signInPath): string {
  return `${page}${page.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}
