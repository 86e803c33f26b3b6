/**
 * @module
 * `dashbase dev app.ts`: `start` in a child process, restarted when a file in the app's folder
 * changes (dev-supervisor.ts). Its own imports stay light: the supervising process loads neither
 * the app nor the database (dev-main.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { createOutput, exitCodes, type ExitCode } from "../output.js";
import { parsePortOption } from "../port-option.js";
import type { CommandIo } from "./db-context.js";

interface DevOptions {
  app?: string;
  seed?: boolean;
  port?: string;
  host?: string;
}

/** The package's `bin/dashbase.js`, which the dev supervisor runs as its child. */
function binPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "dashbase.js");
}

/** Runs `start` in a supervised child process, restarted when the app's folder changes (dev-supervisor.ts). */
async function dev(file: string | undefined, options: DevOptions, io: CommandIo): Promise<ExitCode> {
  const cwd = io.cwd ?? process.cwd();
  const appFile = path.resolve(cwd, file ?? options.app ?? "app.ts");
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  if (!fs.existsSync(appFile)) {
    const out = createOutput({ stdout, stderr });
    const code = out.fail(
      new DashbaseError("DASHBASE_E_APP_FILE", `no app file at ${appFile}: pass the app file (dashbase dev path/to/app.ts)`, {
        details: { file: appFile },
      }),
    );
    io.onExit?.(code);
    return code;
  }
  const port = parsePortOption(options.port);
  const args = [
    binPath(),
    "start",
    appFile,
    ...(options.seed ? ["--seed"] : []),
    ...(options.port ? ["--port", options.port] : []),
    ...(options.host ? ["--host", options.host] : []),
  ];
  const base = { ...process.env, ...io.env };
  const env = {
    ...base,
    DASHBASE_ENV: base["DASHBASE_ENV"] ?? "development",
    // The child writes to a pipe: keep its colours when the supervisor writes to a terminal.
    ...(stdout.isTTY === true && base["FORCE_COLOR"] === undefined && base["NO_COLOR"] === undefined ? { FORCE_COLOR: "1" } : {}),
  };
  const envPort = base["PORT"] === undefined || base["PORT"] === "" ? undefined : Number(base["PORT"]);
  // The supervisor and its file watcher load only for `dev`.
  const { superviseApp } = await import("../dev-supervisor.js");
  const supervisor = superviseApp({
    folder: path.dirname(appFile),
    args,
    cwd,
    env,
    port: port ?? (Number.isInteger(envPort) ? envPort : 8050),
    host: options.host ?? (base["HOST"] || undefined),
    stdout,
    stderr,
  });
  await new Promise<void>((resolve) => {
    const shutdown = (): void => {
      process.off("SIGINT", shutdown);
      process.off("SIGTERM", shutdown);
      void supervisor.stop().then(resolve);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
  io.onExit?.(exitCodes.ok);
  return exitCodes.ok;
}

/**
 * Adds `dev` to the program.
 * @example
 * registerDevCommand(program); // dashbase dev app.ts --port 8050
 */
export function registerDevCommand(program: Command, io: CommandIo = {}): void {
  program
    .command("dev")
    .description(
      "serve the app in development, restart it when a file in its folder changes (open pages reload; a start-up error is shown on the app's port)",
    )
    .argument("[file]", "the app file (default: ./app.ts)")
    .option("--app <file>", "the app file")
    .option("--seed", "run the app's seed after migrating, on every start")
    .option("--port <port>", "port to listen on (default: PORT, else 8050)")
    .option("--host <host>", "host to listen on (default: HOST)")
    .action(async (file: string | undefined, options: DevOptions) => {
      await dev(file, options, io);
    });
}
