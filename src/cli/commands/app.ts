/**
 * @module
 * `dashbase start app.ts` (migrate if asked or in development, seed if asked, then serve); `dev`
 * (dev.ts) is registered beside it.
 */
import fs from "node:fs";
import type { Command } from "commander";
import { sessionLevelSettings } from "../../config/session-level-settings.js";
import { loadSettings } from "../../config/load-settings.js";
import type { DatabaseSettings, Settings } from "../../config/settings.js";
import { checkConnectionBudget } from "../../db/connection-budget.js";
import { createDatabase } from "../../db/create-database.js";
import type { Database } from "../../db/database.js";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { createMigrator } from "../../migrations/migrator.js";
import type { DashbaseApp } from "../../runtime/dashbase-app.js";
import { announceListening, releaseChannel } from "../dev-ipc.js";
import { openEmbeddedEarly, type EarlyDatabase } from "../early-database.js";
import { exitCodes, type ExitCode, type Output } from "../output.js";
import { parsePortOption } from "../port-option.js";
import { startingWithOneCompileThread } from "../../runtime/wasm-compile-threads.js";
import type { LoadedProject } from "../project.js";
import { warnUnmigratedModels } from "../unmigrated-models.js";
import { asAction, runCommand, type CommandContext, type CommandIo, type CommonOptions } from "./db-context.js";
import { registerDevCommand } from "./dev.js";

interface StartOptions extends CommonOptions {
  migrate?: boolean;
  seed?: boolean;
  port?: string;
  host?: string;
}

function isApp(value: unknown): value is DashbaseApp {
  return typeof value === "object" && value !== null && typeof (value as { listen?: unknown }).listen === "function";
}

/**
 * Applies pending revisions when asked (or in development); refuses in production otherwise.
 * Over DATABASE_DIRECT_URL when it is set (the server itself, not the pooler), else over `db`.
 */
async function migrateIfNeeded(
  db: Database,
  settings: DatabaseSettings,
  dir: string,
  options: StartOptions,
  production: boolean,
  out: Output,
): Promise<void> {
  if (!fs.existsSync(dir)) return;
  const direct = sessionLevelSettings(settings);
  if (direct === settings) return migrateOver(db, dir, options, production, out);
  const directDb = await createDatabase({ settings: direct });
  try {
    await migrateOver(directDb, dir, options, production, out);
  } finally {
    await directDb.close();
  }
}

async function migrateOver(db: Database, dir: string, options: StartOptions, production: boolean, out: Output): Promise<void> {
  const migrator = createMigrator(db, { dir });
  const pending = await migrator.pending();
  if (pending.length === 0) return;
  if (options.migrate !== true && production) {
    throw new DashbaseError(
      "DASHBASE_E_PENDING_MIGRATIONS",
      `${pending.length} revision${pending.length === 1 ? " is" : "s are"} not applied: ${pending.map((revision) => `${revision.id} (${revision.message})`).join(", ")}; expected none in production: run \`dashbase start --migrate\` or \`dashbase db upgrade\` first`,
      { details: { pending: pending.map((revision) => revision.id) } },
    );
  }
  const report = await migrator.upgrade();
  if (!report.ok) {
    const failure = report.failure;
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_FAILED",
      `migration ${failure?.revision ?? ""} failed: ${failure?.message ?? "unknown"}${failure?.statement ? `\n  statement: ${failure.statement}` : ""}`,
    );
  }
  out.line(
    `applied ${report.applied.length} revision${report.applied.length === 1 ? "" : "s"}: ${report.applied.map((revision) => revision.id).join(", ")}`,
  );
}

/** The app loaded and checked, the settings it serves with, and its database. */
async function servingParts(
  project: CommandContext["project"],
  serving: CommandContext["serving"],
  early: EarlyDatabase,
  open: (settings: DatabaseSettings) => Promise<Database>,
): Promise<{ loaded: LoadedProject; app: DashbaseApp; current: Settings; db: Database }> {
  const loaded = await project();
  if (!isApp(loaded.app)) {
    throw new DashbaseError(
      "DASHBASE_E_APP_FILE",
      `${loaded.file} must \`export default\` the app from createApp(...); found an object without listen()`,
      {
        details: { file: loaded.file },
      },
    );
  }
  const app = loaded.app;
  // Serving needs every concern, and the app's own variables are checked in the same message.
  const current = serving(app.options.env);
  return { loaded, app, current, db: await early.take(current.database, open) };
}

/** Whether the settings name the embedded database with V8's optimising compiler on (production's default). */
function optimisesEmbedded(read: () => DatabaseSettings): boolean {
  try {
    const settings = read();
    return settings.kind === "embedded" && settings.tierUp !== false;
  } catch {
    return false; // reported by the full settings read
  }
}

async function start(file: string | undefined, options: StartOptions, io: CommandIo): Promise<ExitCode> {
  // Under `dashbase dev` the IPC channel must not keep a stopped or failed app alive.
  releaseChannel();
  return runCommand({ ...options, app: file ?? options.app }, io, async ({ out, project, serving, env, cwd }) => {
    const port = parsePortOption(options.port);
    const open = (settings: DatabaseSettings): Promise<Database> => createDatabase({ settings, onNotice: (message) => out.warn(message) });
    const readEarlySettings = (): DatabaseSettings => loadSettings({ env, cwd, concerns: ["database"] }).database;
    // V8 recompiles the embedded database's hot functions on one background thread while the app starts.
    return startingWithOneCompileThread(optimisesEmbedded(readEarlySettings), async () => {
      // The embedded database opens while the app file loads (early-database.ts).
      const early = await openEmbeddedEarly(readEarlySettings, open);
      const { loaded, app, current, db } = await servingParts(project, serving, early, open).catch(async (error: unknown) => {
        await early.discard();
        throw error;
      });
      try {
        await migrateIfNeeded(db, current.database, loaded.migrationsDir, options, current.profile === "production", out);
        if (current.database.kind === "postgres") {
          // A check that cannot run (a restricted role, a pooler that hides the server) must not stop the app.
          // Each process holds one listening connection for the push channel besides its pool.
          const budget = await checkConnectionBudget(db, current.database, { listenersPerProcess: 1 }).catch((error: unknown) => {
            out.warn(`could not check the connection budget: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
          });
          if (budget?.warning !== undefined) out.warn(budget.warning);
        }
        if (current.profile !== "production") warnUnmigratedModels(loaded.definition.models, loaded.migrationsDir, out);
        if (options.seed === true) {
          if (app.seed === undefined) out.warn("--seed: the app has no seed (createApp({ seed }))");
          else await app.seed(db);
        }
        const running = await app.listen({
          db,
          closeDb: true,
          settings: current,
          appFile: loaded.file,
          ...(port === undefined ? {} : { port }),
          ...(options.host === undefined ? {} : { host: options.host }),
        });
        out.result({ ok: true, url: running.url }, () => `${app.title} is running at ${running.url} (${current.profile}, ${db.driver})`);
        announceListening(running.url);
        return exitCodes.ok;
      } catch (error) {
        await db.close();
        throw error;
      }
    });
  });
}

/**
 * Adds `start` and `dev` to the program.
 * @example
 * registerAppCommands(program); // dashbase start app.ts --migrate --seed
 */
export function registerAppCommands(program: Command, io: CommandIo = {}): void {
  program
    .command("start")
    .description(
      "serve the app (applies pending revisions in development or with --migrate; production refuses to start with pending revisions)",
    )
    .argument("[file]", 'the app file (default: --app, DASHBASE_APP, package.json "dashbase.app", or ./app.ts)')
    .option("--app <file>", "the app file")
    .option("--migrate", "apply pending revisions before serving")
    .option("--seed", "run the app's seed (idempotent) after migrating")
    .option("--port <port>", "port to listen on (default: PORT, else 8050)")
    .option("--host <host>", "host to listen on (default: HOST)")
    .option("--json", "print the result as JSON")
    .action(asAction((file: string | undefined, options: StartOptions) => start(file, options, io)));
  registerDevCommand(program, io);
}
