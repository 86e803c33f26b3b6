/**
 * @module
 * The `dashbase` command: `db ...` (migrations and database tools) and `dev` / `start` (serving an app).
 */
import { Command, CommanderError } from "commander";
import { DashbaseError } from "../errors/dashbase-error.js";
import { registerAppCommands } from "./commands/app.js";
import { registerDbCommands } from "./commands/db.js";
import { registerJobCommands } from "./commands/jobs.js";
import { registerUserCommands } from "./commands/users.js";
import type { CommandIo } from "./commands/db-context.js";
import { createOutput, exitCodes } from "./output.js";
import { packageVersion } from "./package-version.js";
import { codedUsageOutput } from "./usage-errors.js";

/**
 * Runs the command line `argv` (without node and script) and returns the exit code; `io`
 * replaces the process's streams, environment and directory (tests).
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  let code: number = exitCodes.ok;
  const streams = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr };
  const commandIo: CommandIo = {
    ...io,
    onExit: (exit) => {
      code = exit;
      io.onExit?.(exit);
    },
  };
  const program = new Command("dashbase")
    .description("Multi-page data dashboards with a real database built in.")
    .version(packageVersion(), "-v, --version", "print dashbase's version")
    // Set before the subcommands are added, so that they inherit both.
    .configureOutput(codedUsageOutput(argv, streams))
    .exitOverride()
    .showHelpAfterError();
  registerDbCommands(program, commandIo);
  registerAppCommands(program, commandIo);
  registerJobCommands(program, commandIo);
  registerUserCommands(program, commandIo);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    // Help and --version end with exit code 0; any other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    // Commands report their own errors; this is for a failure outside any command.
    const json = argv.includes("--json");
    return createOutput({ json, ...streams }).fail(
      error instanceof DashbaseError
        ? error
        : new DashbaseError("DASHBASE_E_CLI_FAILED", error instanceof Error ? error.message : String(error), { cause: error }),
    );
  }
}
