/**
 * @module
 * One OpenID Connect provider from the environment: OIDC_ISSUER, OIDC_CLIENT_ID and
 * OIDC_CLIENT_SECRET (all three or none), OIDC_LABEL for the sign-in button (default: the
 * issuer's host) and OIDC_SCOPES (default "openid email profile"). The secret is never shown.
 */
import { valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { OidcSettings } from "./settings.js";

const required = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

/** True for loopback hosts, where a provider may be reached over plain http (tests, local development). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * @example
 * readOidcSettings({ OIDC_ISSUER: "https://accounts.google.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "s" }, problems)
 */
export function readOidcSettings(env: Env, problems: SettingProblem[]): OidcSettings | undefined {
  const set = required.filter((name) => valueOf(env, name) !== undefined);
  if (set.length === 0) return undefined;
  if (set.length < required.length) {
    const missing = required.filter((name) => !set.includes(name));
    problems.push({
      variables: [...missing],
      message: `${missing.join(", ")}: required with ${set.join(", ")} (OpenID Connect sign-in needs the issuer, the client id and the client secret)`,
    });
    return undefined;
  }
  const issuer = valueOf(env, "OIDC_ISSUER") as string;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    problems.push({
      variables: ["OIDC_ISSUER"],
      message: `OIDC_ISSUER: expected the provider's issuer URL (https://...), found "${issuer}"`,
    });
    return undefined;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    problems.push({
      variables: ["OIDC_ISSUER"],
      message: `OIDC_ISSUER: expected an https:// URL (plain http only on this machine, for tests), found "${issuer}"`,
    });
    return undefined;
  }
  return {
    issuer: url.href.replace(/\/$/, ""),
    clientId: valueOf(env, "OIDC_CLIENT_ID") as string,
    clientSecret: valueOf(env, "OIDC_CLIENT_SECRET") as string,
    label: valueOf(env, "OIDC_LABEL") ?? url.host,
    scopes: valueOf(env, "OIDC_SCOPES") ?? "openid email profile",
  };
}
