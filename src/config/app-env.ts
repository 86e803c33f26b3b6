/**
 * @module
 * An app's own environment variables (`createApp({ env: z.object({ MAPBOX_TOKEN: z.string().min(1) }) })`),
 * checked with dashbase's settings so that one message lists the problems of both.
 */
import type { z } from "zod";
import type { Env } from "./env-values.js";
import { configError, type SettingProblem } from "./setting-problems.js";
import type { AppEnv, Profile } from "./settings.js";

/** A zod schema over environment variables, usually `z.object({ ... })`; its output is what handlers get as `env`. */
export type AppEnvSchema = z.ZodType<Readonly<Record<string, unknown>>>;

/**
 * Parses `env` with the app's schema; each issue becomes a problem naming its variable. Values
 * are never quoted in messages: an app variable may well be a secret.
 * @example
 * const problems: SettingProblem[] = [];
 * const values = readAppEnv(z.object({ MAPBOX_TOKEN: z.string().min(1) }), process.env, problems);
 */
export function readAppEnv(schema: AppEnvSchema, env: Env, problems: SettingProblem[]): AppEnv {
  const parsed = schema.safeParse({ ...env });
  if (parsed.success) return Object.freeze({ ...parsed.data });
  for (const issue of parsed.error.issues) {
    const variable = typeof issue.path[0] === "string" ? issue.path[0] : "(app env)";
    const missing =
      typeof issue.path[0] === "string" &&
      issue.path.length === 1 &&
      (env[variable] === undefined || env[variable] === "") &&
      issue.code === "invalid_type";
    problems.push({
      variables: [variable],
      message: missing
        ? `${variable}: required by the app (createApp({ env })), found none`
        : `${variable}: ${issue.message} (the app's env schema)`,
    });
  }
  return Object.freeze({});
}

/**
 * The app's variables alone, for settings given by hand (tests) that carry none.
 * @throws DashbaseError DASHBASE_E_CONFIG listing every problem.
 * @example
 * const env = checkAppEnv(schema, process.env, "test");
 */
export function checkAppEnv(schema: AppEnvSchema, env: Env, profile: Profile): AppEnv {
  const problems: SettingProblem[] = [];
  const values = readAppEnv(schema, env, problems);
  if (problems.length > 0) throw configError(problems, profile);
  return values;
}
