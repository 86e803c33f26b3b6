/**
 * @module
 * A problem with one or more environment variables, and the one DASHBASE_E_CONFIG error that
 * lists them all: a deploy should learn every missing variable at once, not one start at a time.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Profile } from "./settings.js";

/** What went wrong, worded as the fix, and the variables it is about. */
export interface SettingProblem {
  variables: readonly string[];
  message: string;
}

/**
 * The error for `problems` (at least one), passwords already kept out of the messages.
 * @example
 * throw configError([{ variables: ["PORT"], message: 'PORT: expected a whole number, found "x"' }], "production");
 */
export function configError(problems: readonly SettingProblem[], profile: Profile): DashbaseError {
  const list = problems.map((problem) => `  - ${problem.message}`).join("\n");
  const variables = [...new Set(problems.flatMap((problem) => problem.variables))];
  return new DashbaseError(
    "DASHBASE_E_CONFIG",
    `dashbase cannot start: ${problems.length} setting${problems.length === 1 ? " is" : "s are"} missing or invalid (profile ${profile}):\n${list}`,
    { details: { variables } },
  );
}
