/**
 * @module
 * The profile (development, test or production) from DASHBASE_ENV, else NODE_ENV. NODE_ENV
 * carries other tools' values too ("staging", "local"), so an unknown one there means
 * development; an unknown DASHBASE_ENV is a mistake worth stopping for.
 */
import type { Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { Profile } from "./settings.js";

export const profiles: readonly Profile[] = ["development", "test", "production"];

/**
 * @example
 * readProfile({ DASHBASE_ENV: "production" }, problems) // "production"
 */
export function readProfile(env: Env, problems: SettingProblem[]): Profile {
  const variable = env["DASHBASE_ENV"] !== undefined ? "DASHBASE_ENV" : "NODE_ENV";
  const value = env[variable];
  if (value === undefined || value === "") return "development";
  if ((profiles as readonly string[]).includes(value)) return value as Profile;
  if (variable === "NODE_ENV") return "development";
  problems.push({ variables: [variable], message: `${variable}: expected one of ${profiles.join(", ")}, found "${value}"` });
  return "development";
}
