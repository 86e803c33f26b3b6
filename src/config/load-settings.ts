/**
 * @module
 * Reads the settings a caller needs from the environment at once and fails with one message
 * listing every missing or invalid variable, so a deploy never discovers them one request at a
 * time. Each concern (database, server, session) is read only when asked for: a migration in
 * production needs DATABASE_URL, not SESSION_SECRET.
 */
import { readAppEnv, type AppEnvSchema } from "./app-env.js";
import { readDotenvFiles } from "./dotenv-files.js";
import type { Env } from "./env-values.js";
import { readDatabaseSettings } from "./read-database-settings.js";
import { readProfile } from "./read-profile.js";
import { readServerSettings } from "./read-server-settings.js";
import { readSessionSettings } from "./read-session-settings.js";
import { configError, type SettingProblem } from "./setting-problems.js";
import type { Settings, SettingsConcern, SettingsFor } from "./settings.js";

export interface LoadSettingsOptions {
  /** Defaults to process.env (never modified). */
  env?: Env;
  /** Directory that relative paths (the data directory) and `.env` files are found in; defaults to process.cwd(). */
  cwd?: string;
  /** The concerns to read and check; default all three. The `db` tools ask for `["database"]`. */
  concerns?: readonly SettingsConcern[];
  /**
   * Also read `.env` and `.env.<profile>` from `cwd` (development and test; production only with
   * DASHBASE_LOAD_DOTENV=true). They never override `env`; `.env.<profile>` wins over `.env`.
   * Default false; `listen()` and `createServer()` turn it on.
   */
  dotenv?: boolean;
  /** The app's own schema (`createApp({ env })`), checked in the same pass: one message lists the problems of both. */
  appEnv?: AppEnvSchema;
}

const allConcerns: readonly SettingsConcern[] = ["database", "server", "session"];

/**
 * Reads dashbase's settings from the environment.
 * @throws DashbaseError DASHBASE_E_CONFIG listing every problem, passwords masked.
 * @example
 * const settings = loadSettings({ env: { DATABASE_URL: "postgres://app@localhost/app" } });
 * const forMigrations = loadSettings({ concerns: ["database"] }); // no SESSION_SECRET needed
 */
export function loadSettings(options?: LoadSettingsOptions & { concerns?: undefined }): Settings;
export function loadSettings<C extends SettingsConcern>(options: LoadSettingsOptions & { concerns: readonly C[] }): SettingsFor<C>;
export function loadSettings(options: LoadSettingsOptions = {}): Partial<Settings> {
  const realEnv = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const concerns = new Set(options.concerns ?? allConcerns);
  const problems: SettingProblem[] = [];
  const dotenv = options.dotenv === true ? readDotenvFiles(realEnv, cwd) : undefined;
  if (dotenv !== undefined) problems.push(...dotenv.problems);
  const env = dotenv?.env ?? realEnv;
  const profile = readProfile(env, problems);
  const settings: Partial<Settings> = { profile };
  let database: { databaseSource: string; databaseNotice?: string } | undefined;
  if (concerns.has("database")) {
    const choice = readDatabaseSettings(env, profile, cwd, problems);
    settings.database = choice.database;
    database = { databaseSource: choice.source, ...(choice.notice === undefined ? {} : { databaseNotice: choice.notice }) };
  }
  if (concerns.has("server")) settings.server = readServerSettings(env, profile, problems);
  if (concerns.has("session")) settings.session = readSessionSettings(env, profile, problems);
  if (options.appEnv !== undefined) settings.appEnv = readAppEnv(options.appEnv, env, problems);
  if (problems.length > 0) throw configError(problems, profile);
  settings.origin = { dotenvFiles: dotenv?.files ?? [], notices: dotenv?.notices ?? [], ...database };
  return settings;
}
