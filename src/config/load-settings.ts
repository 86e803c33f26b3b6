/**
 * @module
 * Reads every setting from the environment at once and fails with one message listing every
 * missing or invalid variable, so a deploy never discovers them one request at a time.
 */
import path from "node:path";
import { DashbaseError } from "../errors/dashbase-error.js";
import { readPostgresSettings, type SettingProblem } from "./database-url.js";
import type { DatabaseSettings, PoolSettings, Profile, Settings } from "./settings.js";

type Env = Record<string, string | undefined>;

export interface LoadSettingsOptions {
  /** Defaults to process.env. */
  env?: Env;
  /** Directory that relative paths (the data directory) are resolved against; defaults to process.cwd(). */
  cwd?: string;
}

const profiles: readonly Profile[] = ["development", "test", "production"];

function readProfile(env: Env, problems: SettingProblem[]): Profile {
  const variable = env["DASHBASE_ENV"] !== undefined ? "DASHBASE_ENV" : "NODE_ENV";
  const value = env[variable];
  if (value === undefined || value === "") return "development";
  if ((profiles as readonly string[]).includes(value)) return value as Profile;
  if (variable === "NODE_ENV") return "development";
  problems.push({ variable, message: `${variable}: expected one of ${profiles.join(", ")}, found "${value}"` });
  return "development";
}

function readInteger(env: Env, variable: string, fallback: number, min: number, problems: SettingProblem[]): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min) return value;
  problems.push({ variable, message: `${variable}: expected a whole number of at least ${min}, found "${raw}"` });
  return fallback;
}

function readBoolean(env: Env, variable: string, problems: SettingProblem[]): boolean {
  const raw = env[variable]?.toLowerCase();
  if (raw === undefined || raw === "") return false;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  problems.push({ variable, message: `${variable}: expected true or false, found "${env[variable]}"` });
  return false;
}

function readPool(env: Env, problems: SettingProblem[]): PoolSettings {
  return {
    max: readInteger(env, "DASHBASE_DB_POOL_MAX", 10, 1, problems),
    acquireTimeoutMs: readInteger(env, "DASHBASE_DB_ACQUIRE_TIMEOUT_MS", 5_000, 1, problems),
    statementTimeoutMs: readInteger(env, "DASHBASE_DB_STATEMENT_TIMEOUT_MS", 30_000, 0, problems),
    connectRetryMs: readInteger(env, "DASHBASE_DB_CONNECT_RETRY_MS", 10_000, 0, problems),
  };
}

const libpqVariables = ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE"] as const;

function readDatabase(env: Env, profile: Profile, cwd: string, problems: SettingProblem[]): DatabaseSettings {
  const choice = env["DASHBASE_DATABASE"];
  if (choice !== undefined && choice !== "" && choice !== "embedded" && choice !== "postgres") {
    problems.push({ variable: "DASHBASE_DATABASE", message: `DASHBASE_DATABASE: expected "embedded" or "postgres", found "${choice}"` });
  }
  const hasUrl = (env["DATABASE_URL"] ?? "") !== "";
  const hasLibpq = libpqVariables.some((name) => (env[name] ?? "") !== "");
  const embedded = { kind: "embedded" as const, dataDir: embeddedDataDir(env, cwd) };
  // Read even when unused, so a bad value is reported before the day DATABASE_URL is set.
  const pool = readPool(env, problems);
  if (choice === "embedded") return embedded;
  if (hasUrl || hasLibpq || choice === "postgres") {
    return readPostgresSettings(env, pool, problems) ?? embedded;
  }
  if (profile === "production") {
    problems.push({
      variable: "DATABASE_URL",
      message: "DATABASE_URL: required in production (postgres://user:password@host:5432/db); set DASHBASE_DATABASE=embedded to run on the embedded database instead",
    });
  }
  return embedded;
}

function embeddedDataDir(env: Env, cwd: string): string | null {
  const raw = env["DASHBASE_DATA_DIR"];
  if (raw === ":memory:") return null;
  return path.resolve(cwd, raw === undefined || raw === "" ? ".dashbase/data" : raw);
}

/**
 * Reads dashbase's settings from the environment.
 * @throws DashbaseError DASHBASE_E_CONFIG listing every problem, passwords masked.
 * @example
 * const settings = loadSettings({ env: { DATABASE_URL: "postgres://app@localhost/app" } });
 */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: SettingProblem[] = [];
  const profile = readProfile(env, problems);
  const database = readDatabase(env, profile, cwd, problems);
  const server = {
    host: env["HOST"] || (profile === "production" ? "0.0.0.0" : "127.0.0.1"),
    port: readInteger(env, "PORT", 8050, 0, problems),
    trustProxy: readBoolean(env, "TRUST_PROXY", problems),
  };
  const secret = env["SESSION_SECRET"] || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push({ variable: "SESSION_SECRET", message: "SESSION_SECRET: expected at least 32 characters (try: openssl rand -hex 32)" });
  }
  if (profile === "production" && secret === undefined) {
    problems.push({ variable: "SESSION_SECRET", message: "SESSION_SECRET: required in production (try: openssl rand -hex 32)" });
  }
  if (problems.length > 0) {
    const list = problems.map((problem) => `  - ${problem.message}`).join("\n");
    throw new DashbaseError(
      "DASHBASE_E_CONFIG",
      `dashbase cannot start: ${problems.length} setting${problems.length === 1 ? " is" : "s are"} missing or invalid (profile ${profile}):\n${list}`,
      { details: { variables: problems.map((problem) => problem.variable) } },
    );
  }
  return { profile, database, server, session: { secret } };
}
