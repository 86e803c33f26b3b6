/**
 * @module
 * The `dashbase` command: `db ...` (migrations and database tools) and `dev` / `start` (serving an app).
 */
import { registerAppCommands } from "./commands/app.js";
import { registerDbCommands } from "./commands/db.js";
import { registerJobCommands } from "./commands/jobs.js";
import { registerUserCommands } from "./commands/users.js";
import type { CommandIo } from "./commands/db-context.js";
import { runProgram } from "./program.js";

/**
 * Runs the command line `argv` (without node and script) and returns the exit code; `io`
 * replaces the process's streams, environment and directory (tests).
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export function main(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return runProgram(argv, io, (program, commandIo) => {
    registerDbCommands(program, commandIo);
    registerAppCommands(program, commandIo);
    registerJobCommands(program, commandIo);
    registerUserCommands(program, commandIo);
  });
}
