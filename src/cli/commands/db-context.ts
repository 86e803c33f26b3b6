/**
 * @module
 * What every `dashbase db` command shares: the `--app` and `--json` options, loading the app's
 * project, opening the configured database, and turning results and errors into output and an
 * exit code.
 */
import { type Command, CommanderError } from "commander";
import { loadSettings } from "../../config/load-settings.js";
import type { Settings } from "../../config/settings.js";
import { createDatabase } from "../../db/create-database.js";
import type { Database } from "../../db/database.js";
import { createOutput, exitCodes, type ExitCode, type Output, type WritableLike } from "../output.js";
import { loadProject, resolveAppFile, type LoadedProject } from "../project.js";

/** Where commands read and write; tests pass their own, the real CLI uses the process's. */
export interface CommandIo {
  stdout?: WritableLike;
  stderr?: WritableLike;
  /** Environment for settings (DATABASE_URL, DASHBASE_DATA_DIR, ...); default process.env. */
  env?: Record<string, string | undefined>;
  /** Directory the app file and the data directory are resolved against; default process.cwd(). */
  cwd?: string;
}

export interface CommonOptions {
  app?: string;
  json?: boolean;
}

/** Adds `--app` and `--json` to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option("--app <file>", "the app file (default: DASHBASE_APP, package.json \"dashbase.app\", or ./app.ts)")
    .option("--json", "print one JSON document on stdout instead of text");
}

/** Commander's usage errors exit with 2 (help and version still exit 0). */
export function usageExitCodes(error: CommanderError): never {
  if (error.exitCode === 0) throw error;
  throw new CommanderError(exitCodes.usage, error.code, error.message);
}

/** Repeatable option values: `--rename a=b --rename c=d`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface CommandContext {
  out: Output;
  options: CommonOptions;
  /** Loads the app file named by `--app` (and the rest of the resolution order). */
  project(): Promise<LoadedProject>;
  settings(): Settings;
  /** Opens the configured database for `fn` and closes it afterwards. */
  withDatabase<T>(fn: (db: Database, settings: Settings) => Promise<T>): Promise<T>;
}

/**
 * Runs a command body, reporting a thrown error through the output, and sets the exit code.
 * @example
 * .action((options: CommonOptions) => runCommand(options, io, async ({ out }) => { out.result({ ok: true }); return 0; }))
 */
export async function runCommand(options: CommonOptions, io: CommandIo, body: (context: CommandContext) => Promise<ExitCode>): Promise<void> {
  const out = createOutput({ json: options.json === true, ...(io.stdout === undefined ? {} : { stdout: io.stdout }), ...(io.stderr === undefined ? {} : { stderr: io.stderr }) });
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  let cached: Settings | undefined;
  const settings = (): Settings => (cached ??= loadSettings({ env, cwd }));
  const context: CommandContext = {
    out,
    options,
    project: () => loadProject(resolveAppFile(options.app, cwd, env)),
    settings,
    async withDatabase(fn) {
      const current = settings();
      const db = await createDatabase({ settings: current.database });
      try {
        return await fn(db, current);
      } finally {
        await db.close();
      }
    },
  };
  let code: ExitCode;
  try {
    code = await body(context);
  } catch (error) {
    code = out.fail(error);
  }
  process.exitCode = code;
}
