/**
 * @module
 * `.env` files: in development and test, `.env` and then `.env.<profile>` in the app's folder
 * add variables the real environment does not set. Precedence: the real environment, then
 * `.env.<profile>`, then `.env`. Production reads none unless DASHBASE_LOAD_DOTENV=true (a
 * deploy's settings belong to the platform, not to a file that happened to be copied along).
 * The profile itself always comes from the real environment, since it decides which files are read.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "dotenv";
import { readBoolean, type Env } from "./env-values.js";
import { readProfile } from "./read-profile.js";
import type { SettingProblem } from "./setting-problems.js";

export interface DotenvResult {
  /** The real environment plus what the files add (a new object; the real one is left alone). */
  env: Record<string, string | undefined>;
  /** The files read, lowest precedence first (absolute paths). */
  files: string[];
  /** Variables from the files that would have added something (never overriding the real environment). */
  added: Record<string, string>;
  /** One line per value the files set but that was ignored (the profile variables). */
  notices: string[];
  problems: SettingProblem[];
}

/** These decide which files are read, so a file cannot set them. */
const ignoredInFiles = ["DASHBASE_ENV", "NODE_ENV", "DASHBASE_LOAD_DOTENV"] as const;

/**
 * Reads `.env` and `.env.<profile>` from `cwd` when the profile allows it.
 * @example
 * const { env, files } = readDotenvFiles(process.env, process.cwd());
 * const settings = loadSettings({ env });
 */
export function readDotenvFiles(realEnv: Env, cwd: string): DotenvResult {
  const problems: SettingProblem[] = [];
  const profile = readProfile(realEnv, []);
  const allowed = profile !== "production" || readBoolean(realEnv, "DASHBASE_LOAD_DOTENV", problems);
  const result: DotenvResult = { env: { ...realEnv }, files: [], added: {}, notices: [], problems };
  if (!allowed) return result;
  const merged: Record<string, string> = {};
  for (const name of [".env", `.env.${profile}`]) {
    const file = path.join(cwd, name);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR") continue;
      problems.push({ variables: [name], message: `${file}: expected a readable file, found ${code ?? String(error)}` });
      continue;
    }
    result.files.push(file);
    for (const [key, value] of Object.entries(parse(text))) {
      if ((ignoredInFiles as readonly string[]).includes(key)) {
        if (key !== "DASHBASE_LOAD_DOTENV" && value !== profile) {
          result.notices.push(
            `${key}=${value} in ${name} is ignored: the profile (${profile}) comes from the real environment, since it decides which .env files are read`,
          );
        }
        continue;
      }
      merged[key] = value;
    }
  }
  for (const [key, value] of Object.entries(merged)) {
    if (realEnv[key] !== undefined) continue;
    result.env[key] = value;
    result.added[key] = value;
  }
  return result;
}
