/**
 * @module
 * What a command says before it acts: which database and profile, why that database when the
 * environment named more than one kind, and which `.env` files it read. Nobody should migrate
 * the wrong database without a word.
 */
import path from "node:path";
import type { DatabaseSettings, Profile, SettingsOrigin } from "../config/settings.js";

/** The `database` member of every `--json` document of a command that acts on a database. */
export type DatabaseTarget =
  | { kind: "embedded"; dataDir: string | null; profile: Profile; source: string; notice?: string }
  | { kind: "postgres"; url: string; profile: Profile; source: string; notice?: string };

/**
 * @example
 * describeDatabase({ kind: "embedded", dataDir: "/app/.dashbase/data" }, "development", origin)
 * // { kind: "embedded", dataDir: "/app/.dashbase/data", profile: "development", source: "default" }
 */
export function describeDatabase(database: DatabaseSettings, profile: Profile, origin: SettingsOrigin | undefined): DatabaseTarget {
  const source = origin?.databaseSource ?? "settings";
  const extra = origin?.databaseNotice === undefined ? {} : { notice: origin.databaseNotice };
  return database.kind === "embedded"
    ? { kind: "embedded", dataDir: database.dataDir, profile, source, ...extra }
    : { kind: "postgres", url: database.displayUrl, profile, source, ...extra };
}

/**
 * The one line naming the database: `database: embedded /abs/.dashbase/data (profile development)`.
 * @example
 * databaseLine(describeDatabase(settings.database, settings.profile, settings.origin))
 */
export function databaseLine(target: DatabaseTarget): string {
  const where = target.kind === "embedded" ? `embedded ${target.dataDir ?? "in memory (DASHBASE_DATA_DIR=:memory:)"}` : target.url;
  return `database: ${where} (profile ${target.profile})`;
}

/**
 * `env files: .env, .env.development`, or undefined when none were read.
 * @example
 * envFilesLine(["/app/.env"], "/app") // "env files: .env"
 */
export function envFilesLine(files: readonly string[], cwd: string): string | undefined {
  if (files.length === 0) return undefined;
  return `env files: ${files.map((file) => path.relative(cwd, file) || file).join(", ")} (the real environment wins over them)`;
}
