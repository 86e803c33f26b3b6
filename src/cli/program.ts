/**
 * @module
 * The `dashbase` program around its commands: version, coded usage errors, and running a command
 * line to an exit code. main.ts adds every command; dev-main.ts only `dev`, so that `dashbase dev`,
 * whose own process only supervises, does not load what the other commands need (issue 15).
 */
import { Command, CommanderError } from "commander";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { CommandIo } from "./commands/db-context.js";
import { createOutput, exitCodes } from "./output.js";
import { packageVersion } from "./package-version.js";
import { codedUsageOutput } from "./usage-errors.js";

/**
 * Builds the program with the commands `register` adds, parses `argv` (without node and script)
 * and returns the exit code; `io` replaces the process's streams, environment and directory.
 * @example
 * process.exitCode = await runProgram(argv, io, (program, commandIo) => registerAppCommands(program, commandIo));
 */
export async function runProgram(
  argv: readonly string[],
  io: CommandIo,
  register: (program: Command, commandIo: CommandIo) => void,
): Promise<number> {
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
  register(program, commandIo);
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
