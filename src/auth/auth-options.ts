/**
 * @module
 * Reading `createApp({ auth })`: whether users are on, with which sign-in methods.
 */
import type { AppAuthOptions, CreateAppOptions } from "../app/app-options.js";

/** True when the app declared `auth` (an object or `true`). */
export function authEnabled(options: Pick<CreateAppOptions, "auth">): boolean {
  return options.auth === true || (typeof options.auth === "object" && options.auth !== null);
}

/** The app's auth options with defaults, or undefined without auth. */
export function authOptionsOf(options: Pick<CreateAppOptions, "auth">): Required<AppAuthOptions> | undefined {
  if (!authEnabled(options)) return undefined;
  const given = typeof options.auth === "object" && options.auth !== null ? options.auth : {};
  return { password: given.password ?? true, oidc: given.oidc ?? [] };
}
