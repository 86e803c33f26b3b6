/**
 * @module
 * Reading `createApp({ auth })`: whether users are on, with which sign-in methods, where the
 * sign-in page is, and the rate limit's numbers, checked once with messages that name the fix.
 */
import type { AppAuthOptions, AppOidcProvider, CreateAppOptions, SignInProvider } from "../app/app-options.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { signInPath } from "./auth-paths.js";
import { safeNextPath } from "./safe-next.js";

/** The auth options with every default filled in. */
export interface ResolvedAuthOptions {
  readonly password: boolean;
  /** Where protected pages send anonymous visitors: the app's page or the prebuilt one. */
  readonly signInPage: string;
  readonly rateLimit: { readonly perAccount: number; readonly perAddress: number; readonly windowMs: number };
  readonly providers: readonly SignInProvider[];
  /** OpenID Connect providers declared in code (oidc-providers.ts adds the one from OIDC_*). */
  readonly oidc: readonly AppOidcProvider[];
}

/** The documented defaults of `auth.rateLimit`. */
export const defaultSignInRateLimit = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 } as const;

function optionError(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_AUTH_OPTION", message);
}

function count(value: unknown, what: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  throw optionError(`auth.rateLimit.${what}: expected a whole number from 1 to ${max}, found ${String(value)}`);
}

function providersOf(value: unknown): readonly SignInProvider[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw optionError(`auth.providers: expected an array of { id, label, href }, found ${typeof value}`);
  return value.map((entry: unknown, index) => {
    const { id, label, href } = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const hrefOk = typeof href === "string" && (safeNextPath(href, "") === href || /^https:\/\/[^\s]+$/.test(href));
    if (typeof id !== "string" || id === "" || typeof label !== "string" || label === "" || !hrefOk) {
      throw optionError(
        `auth.providers[${index}]: expected { id, label, href } with a non-empty id and label and href a path of the app ("/_dashbase/auth/oidc/github") or an https URL`,
      );
    }
    return Object.freeze({ id, label, href });
  });
}

/** True when the app declared `auth` (an object or `true`). */
export function authEnabled(options: Pick<CreateAppOptions, "auth">): boolean {
  return options.auth === true || (typeof options.auth === "object" && options.auth !== null);
}

/**
 * The app's auth options with defaults, or undefined without auth.
 * @throws DashbaseError DASHBASE_E_AUTH_OPTION naming a malformed option.
 */
export function authOptionsOf(options: Pick<CreateAppOptions, "auth">): ResolvedAuthOptions | undefined {
  if (!authEnabled(options)) return undefined;
  const given: AppAuthOptions = typeof options.auth === "object" && options.auth !== null ? options.auth : {};
  const page = given.signInPage;
  if (page !== undefined && (typeof page !== "string" || safeNextPath(page, "") !== page)) {
    throw optionError(`auth.signInPage: expected a path of the app such as "/login", found ${JSON.stringify(page)?.slice(0, 80)}`);
  }
  const limit: Record<string, unknown> = typeof given.rateLimit === "object" && given.rateLimit !== null ? { ...given.rateLimit } : {};
  if (given.rateLimit !== undefined && (typeof given.rateLimit !== "object" || given.rateLimit === null)) {
    throw optionError(`auth.rateLimit: expected { perAccount?, perAddress?, windowMs? }, found ${typeof given.rateLimit}`);
  }
  return Object.freeze({
    password: given.password ?? true,
    signInPage: page ?? signInPath,
    rateLimit: Object.freeze({
      perAccount: count(limit["perAccount"], "perAccount", defaultSignInRateLimit.perAccount, 1_000_000),
      perAddress: count(limit["perAddress"], "perAddress", defaultSignInRateLimit.perAddress, 1_000_000),
      windowMs: count(limit["windowMs"], "windowMs", defaultSignInRateLimit.windowMs, 2_147_483_647),
    }),
    providers: Object.freeze(providersOf(given.providers)),
    oidc: Object.freeze([...(given.oidc ?? [])]),
  });
}
