/**
 * @module
 * Where a protected page sends anonymous visitors: the sign-in page with `next`, the app path
 * (relative to where the app is mounted, query kept) to come back to once signed in.
 * The path is spelled as wt-auth's `signInPath` (src/auth/auth-paths.ts) spells it; to be folded into it.
 */

/** The prebuilt sign-in page (served when the app has auth). */
export const accessSignInPath = "/_dashbase/auth/sign-in";

/**
 * The sign-in URL that comes back to `next`.
 * @example
 * signInLocation("/admin?tab=2"); // "/_dashbase/auth/sign-in?next=%2Fadmin%3Ftab%3D2"
 */
export function signInLocation(next: string): string {
  return `${accessSignInPath}?next=${encodeURIComponent(next)}`;
}
