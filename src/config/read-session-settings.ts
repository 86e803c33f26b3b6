/**
 * @module
 * The session signing secret, SESSION_SECRET: required in production, where a generated one
 * would log every user out on each deploy. Only serving asks for it; the `db` tools never do.
 */
import { valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { Profile, SessionSettings } from "./settings.js";
import { readOidcSettings } from "./read-oidc-settings.js";

/**
 * @example
 * readSessionSettings({ SESSION_SECRET: "x".repeat(32) }, "production", problems) // { secret: "xxx..." }
 */
export function readSessionSettings(env: Env, profile: Profile, problems: SettingProblem[]): SessionSettings {
  const secret = valueOf(env, "SESSION_SECRET");
  if (secret !== undefined && secret.length < 32) {
    problems.push({
      variables: ["SESSION_SECRET"],
      message: "SESSION_SECRET: expected at least 32 characters (try: openssl rand -hex 32)",
    });
  }
  if (profile === "production" && secret === undefined) {
    problems.push({ variables: ["SESSION_SECRET"], message: "SESSION_SECRET: required in production (try: openssl rand -hex 32)" });
  }
  const oidc = readOidcSettings(env, problems);
  return oidc === undefined ? { secret } : { secret, oidc };
}
