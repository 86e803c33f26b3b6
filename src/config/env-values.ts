/**
 * @module
 * Reading typed values out of environment strings, each bad value recorded as a problem that
 * names the variable, what was expected and what was found.
 */
import type { SettingProblem } from "./setting-problems.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when it is unset or empty (an empty variable means "not set"). */
export function valueOf(env: Env, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * A whole number of at least `min`, else `fallback` (and a problem when the value is malformed).
 * @example
 * readInteger({ PORT: "8080" }, "PORT", 8050, 0, problems) // 8080
 */
export function readInteger(env: Env, variable: string, fallback: number, min: number, problems: SettingProblem[]): number {
  const raw = valueOf(env, variable);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min) return value;
  problems.push({ variables: [variable], message: `${variable}: expected a whole number of at least ${min}, found "${raw}"` });
  return fallback;
}

/**
 * true for 1/true/yes/on, false for 0/false/no/off or unset; anything else is a problem.
 * @example
 * readBoolean({ TRUST_PROXY: "yes" }, "TRUST_PROXY", problems) // true
 */
export function readBoolean(env: Env, variable: string, problems: SettingProblem[]): boolean {
  const raw = valueOf(env, variable);
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (["1", "true", "yes", "on"].includes(lower)) return true;
  if (["0", "false", "no", "off"].includes(lower)) return false;
  problems.push({ variables: [variable], message: `${variable}: expected true or false, found "${raw}"` });
  return false;
}
