/**
 * @module
 * What every `dashbase` command shares: the `--app` and `--json` options, `.env` files, loading
 * the app's project, the settings each command needs (the `db` tools only the database's),
 * saying which database it acts on before acting, opening it, and turning results and errors
 * into output and an exit code.
 */
import path from "node:path";
import { type Command, CommanderError } from "commander";
import type { AppEnvSchema } from "../../config/app-env.js";
import { readDotenvFiles, type DotenvResult } from "../../config/dotenv-files.js";
import type { Env } from "../../config/env-values.js";
import { loadSettings } from "../../config/load-settings.js";
import { configError } from "../../config/setting-problems.js";
import type { Profile, Settings, SettingsFor } from "../../config/settings.js";
import { sessionLevelSettings } from "../../config/session-level-settings.js";
import { createDatabase } from "../../db/create-database.js";
import type { Database } from "../../db/database.js";
import { databaseLine, describeDatabase, envFilesLine, type DatabaseTarget } from "../database-target.js";
import { createOutput, exitCodes, type ExitCode, type Output, type WritableLike } from "../output.js";
import { loadAppFile } from "../compiled-app.js";
import { loadProject, resolveAppFile, type LoadedProject } from "../project.js";

/** Where commands read and write; tests pass their own, the real CLI uses the process's. */
export interface CommandIo {
  stdout?: WritableLike;
  stderr?: WritableLike;
  /** Environment for settings (DATABASE_URL, DASHBASE_DATA_DIR, ...); default process.env. */
  env?: Record<string, string | undefined>;
  /** Directory the app file, `.env` files and the data directory are resolved against; default process.cwd(). */
  cwd?: string;
  /** Where `--password-stdin` and password prompts read (default process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Receives each command's exit code: `main()` returns it. */
  onExit?: (code: ExitCode) => void;
  /**
   * Registers what imports the app's TypeScript files (bin/dashbase.js: tsx), once, just before
   * the first app file loads: every module imported while that loader is registered passes
   * through its thread, so what a command loads before the app (the embedded database's driver)
   * loads faster without it. Absent when the process runs under such a loader already (tests).
   */
  registerAppLoader?: () => Promise<void>;
}

export interface CommonOptions {
  app?: string;
  json?: boolean;
}

/** Adds `--app` and `--json` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option("--app <file>", 'the app file (default: DASHBASE_APP, package.json "dashbase.app", or ./app.ts)')
    .option("--json", "print one JSON document on stdout instead of text");
}

/** Commander's usage errors exit with 2 (help and version still exit 0). */
export function usageExitCodes(error: CommanderError): never {
  if (error.exitCode === 0) throw error;
  throw new CommanderError(exitCodes.usage, error.code, error.message);
}

/**
 * A command's action as commander takes it (returning nothing): the exit code reaches `main()`
 * through `io.onExit`.
 * @example
 * command.action(asAction((options: CommonOptions) => runCommand(options, io, body)));
 */
export function asAction<Args extends unknown[]>(fn: (...args: Args) => Promise<ExitCode>): (...args: Args) => Promise<void> {
  return async (...args) => {
    await fn(...args);
  };
}

/** Repeatable option values: `--rename a=b --rename c=d`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The settings the `db` tools run on: the profile and the database, nothing else. */
export type DatabaseSettingsOnly = SettingsFor<"database">;

export interface CommandContext {
  out: Output;
  options: CommonOptions;
  /** The environment the command runs with: the real one plus what `.env` files add. */
  env: Env;
  cwd: string;
  /** Loads the app file named by `--app` (and the rest of the resolution order). */
  project(): Promise<LoadedProject>;
  /** The profile alone, for refusals that depend on nothing else. */
  profile(): Profile;
  /** The database settings (no SESSION_SECRET needed); the first call says which database. */
  database(): DatabaseSettingsOnly;
  /** Everything serving needs, checked with the app's own schema; the first call says which database. */
  serving(appEnv?: AppEnvSchema): Settings;
  /** Opens the configured database for `fn` and closes it afterwards. */
  withDatabase<T>(fn: (db: Database, settings: DatabaseSettingsOnly) => Promise<T>): Promise<T>;
}

export interface RunOptions {
  /** False for commands that never touch a database (`db generate`, `db sql`): they name none. */
  usesDatabase?: boolean;
}

/** Reads `.env` files; in the real CLI their variables also reach the app's own `process.env`. */
function environmentOf(io: CommandIo, cwd: string): DotenvResult {
  const dotenv = readDotenvFiles(io.env ?? process.env, cwd);
  if (io.env === undefined) for (const [key, value] of Object.entries(dotenv.added)) process.env[key] ??= value;
  return dotenv;
}

/**
 * Runs a command body, reporting a thrown error through the output, and returns the exit code
 * (also handed to `io.onExit`).
 * @example
 * .action((options: CommonOptions) => runCommand(options, io, async ({ out, database }) => { database(); out.result({ ok: true }); return 0; }))
 */
export async function runCommand(
  options: CommonOptions,
  io: CommandIo,
  body: (context: CommandContext) => Promise<ExitCode>,
  run: RunOptions = {},
): Promise<ExitCode> {
  const base = createOutput({
    json: options.json === true,
    ...(io.stdout === undefined ? {} : { stdout: io.stdout }),
    ...(io.stderr === undefined ? {} : { stderr: io.stderr }),
  });
  const cwd = io.cwd ?? process.cwd();
  let dotenv: DotenvResult | undefined;
  let target: DatabaseTarget | undefined;
  let envSaid = false;
  const envFiles = (): string[] => (dotenv?.files ?? []).map((file) => path.relative(cwd, file));
  // Every JSON document carries what the command acted on, first.
  const header = (): Record<string, unknown> => ({ ...(target === undefined ? {} : { database: target }), envFiles: envFiles() });
  const out: Output = {
    ...base,
    result: (data, human) => base.result({ ...header(), ...data }, human),
    fail: (error, extra = {}) => base.fail(error, { ...header(), ...extra }),
  };
  const sayEnv = (): void => {
    if (envSaid || dotenv === undefined) return;
    envSaid = true;
    const line = envFilesLine(dotenv.files, cwd);
    if (line !== undefined) out.line(line);
    for (const notice of dotenv.notices) out.warn(notice);
  };
  const sayDatabase = <S extends DatabaseSettingsOnly>(settings: S): S => {
    if (target === undefined) {
      target = describeDatabase(settings.database, settings.profile, settings.origin);
      out.line(databaseLine(target));
      if (target.notice !== undefined) out.line(`  ${target.notice}`);
      sayEnv();
    }
    return settings;
  };
  let code: ExitCode;
  try {
    dotenv = environmentOf(io, cwd);
    const env = dotenv.env;
    if (dotenv.problems.length > 0) throw configError(dotenv.problems, loadSettings({ env, cwd, concerns: [] }).profile);
    if (run.usesDatabase === false) sayEnv();
    let databaseSettings: DatabaseSettingsOnly | undefined;
    const database = (): DatabaseSettingsOnly => sayDatabase((databaseSettings ??= loadSettings({ env, cwd, concerns: ["database"] })));
    const context: CommandContext = {
      out,
      options,
      env,
      cwd,
      project: async () => {
        const file = resolveAppFile(options.app, cwd, env);
        // Under a loader already (tests), the app loads through it; else compiled once, or with tsx.
        return io.registerAppLoader === undefined ? loadProject(file) : loadAppFile(file, env, io.registerAppLoader);
      },
      profile: () => loadSettings({ env, cwd, concerns: [] }).profile,
      database,
      serving: (appEnv) => sayDatabase(loadSettings({ env, cwd, ...(appEnv === undefined ? {} : { appEnv }) })),
      async withDatabase(fn) {
        const settings = database();
        // Migrations and the other database tools work on the server itself when a pooler is in front.
        const target = sessionLevelSettings(settings.database);
        if (target !== settings.database && target.kind === "postgres") out.line(`  over DATABASE_DIRECT_URL ${target.displayUrl}`);
        const db = await createDatabase({ settings: target });
        try {
          return await fn(db, settings);
        } finally {
          await db.close();
        }
      },
    };
    code = await body(context);
  } catch (error) {
    code = out.fail(error);
  }
  io.onExit?.(code);
  return code;
}
