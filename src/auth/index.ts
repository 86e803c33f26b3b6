/**
 * @module
 * `dashbase/auth`: the user tables (to reference users from your own models or query them) and
 * the user type sessions carry. Turn users on with `createApp({ auth: {} })`; see docs/auth.md.
 */
export { users, userIdentities, signInAttempts, signInLinks, authModels } from "./auth-tables.js";
export { hasRole, type SessionUser } from "./session-user.js";
export { authBasePath, signInPath, signOutPath, signInLocation } from "./auth-paths.js";
export { safeNextPath } from "./safe-next.js";
export { signOutEverywhere } from "./sign-out-everywhere.js";
export { signInUser, signOutRequest, type SignInServices } from "./sign-in-user.js";
export { adoptAnonymousValues } from "./adopt-anonymous-values.js";
export { authOptionsOf, defaultSignInRateLimit, type ResolvedAuthOptions } from "./auth-options.js";
