/**
 * @module
 * `dashbase start app.ts` (migrate if asked or in development, seed if asked, then serve) and
 * `dashbase dev app.ts` (start in a child process, restarted when a file in the app's folder changes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { createDatabase } from "../../db/create-database.js";
import type { Database } from "../../db/database.js";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { createMigrator } from "../../migrations/migrator.js";
import type { DashbaseApp } from "../../runtime/dashbase-app.js";
import { createOutput, exitCodes, type ExitCode, type Output } from "../output.js";
import { parsePortOption } from "../port-option.js";
import { warnUnmigratedModels } from "../unmigrated-models.js";
import { asAction, runCommand, type CommandIo, type CommonOptions } from "./db-context.js";

interface StartOptions extends CommonOptions {
  migrate?: boolean;
  seed?: boolean;
  port?: string;
  host?: string;
}

function isApp(value: unknown): value is DashbaseApp {
  return typeof value === "object" && value !== null && typeof (value as { listen?: unknown }).listen === "function";
}

/** Applies pending revisions when asked (or in development); refuses in production otherwise. */
async function migrateIfNeeded(db: Database, dir: string, options: StartOptions, production: boolean, out: Output): Promise<void> {
  if (!fs.existsSync(dir)) return;
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

async function start(file: string | undefined, options: StartOptions, io: CommandIo): Promise<ExitCode> {
  return runCommand({ ...options, app: file ?? options.app }, io, async ({ out, project, serving }) => {
    const port = parsePortOption(options.port);
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
    const db = await createDatabase({ settings: current.database });
    try {
      await migrateIfNeeded(db, loaded.migrationsDir, options, current.profile === "production", out);
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
      return exitCodes.ok;
    } catch (error) {
      await db.close();
      throw error;
    }
  });
}

/** The package's `bin/dashbase.js`, which the dev supervisor runs as its child. */
function binPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "dashbase.js");
}

const ignored = /(^|[\\/])(node_modules|\.git|\.dashbase|dist)([\\/]|$)|(^|[\\/])\.[^\\/]*$/;
/** `.env` files beside the app are dotfiles, but a change to one changes its settings: restart for those. */
const dotenvFile = /^\.env(\.[\w-]+)?$/;

/** Runs `start` in a child process and restarts it (debounced) when the app's folder changes. */
async function dev(file: string | undefined, options: StartOptions, io: CommandIo): Promise<ExitCode> {
  const cwd = io.cwd ?? process.cwd();
  const appFile = path.resolve(cwd, file ?? options.app ?? "app.ts");
  if (!fs.existsSync(appFile)) {
    const out = createOutput({
      ...(io.stdout === undefined ? {} : { stdout: io.stdout }),
      ...(io.stderr === undefined ? {} : { stderr: io.stderr }),
    });
    const code = out.fail(
      new DashbaseError("DASHBASE_E_APP_FILE", `no app file at ${appFile}: pass the app file (dashbase dev path/to/app.ts)`, {
        details: { file: appFile },
      }),
    );
    io.onExit?.(code);
    return code;
  }
  const folder = path.dirname(appFile);
  const args = [
    binPath(),
    "start",
    appFile,
    ...(options.seed ? ["--seed"] : []),
    ...(options.port ? ["--port", options.port] : []),
    ...(options.host ? ["--host", options.host] : []),
  ];
  const env = { ...process.env, ...io.env, DASHBASE_ENV: io.env?.["DASHBASE_ENV"] ?? process.env["DASHBASE_ENV"] ?? "development" };
  let child: ChildProcess | undefined;
  let stopping = false;
  const launch = (): void => {
    child = spawn(process.execPath, args, { cwd, env, stdio: "inherit" });
    child.on("exit", (code, signal) => {
      if (!stopping && signal === null)
        process.stderr.write(`dashbase dev: the app exited with code ${code}; waiting for a change to restart\n`);
    });
  };
  const stopChild = async (): Promise<void> => {
    const current = child;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGTERM");
    const timer = setTimeout(() => current.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> = Promise.resolve();
  const watcher = fs.watch(folder, { recursive: true }, (_event, name) => {
    if (name === null || (ignored.test(name) && !dotenvFile.test(name))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      restarting = restarting.then(async () => {
        process.stderr.write(`dashbase dev: ${name} changed, restarting\n`);
        await stopChild();
        if (!stopping) launch();
      });
    }, 200);
  });
  launch();
  await new Promise<void>((resolve) => {
    const shutdown = (): void => {
      stopping = true;
      watcher.close();
      clearTimeout(timer);
      void restarting.then(stopChild).then(resolve);
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
  io.onExit?.(exitCodes.ok);
  return exitCodes.ok;
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
  program
    .command("dev")
    .description("serve the app and restart it when a file in its folder changes")
    .argument("[file]", "the app file (default: ./app.ts)")
    .option("--app <file>", "the app file")
    .option("--seed", "run the app's seed after migrating, on every start")
    .option("--port <port>", "port to listen on (default: PORT, else 8050)")
    .option("--host <host>", "host to listen on (default: HOST)")
    .action(asAction((file: string | undefined, options: StartOptions) => dev(file, options, io)));
}
