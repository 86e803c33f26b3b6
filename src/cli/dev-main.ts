/**
 * @module
 * `dashbase dev` alone (bin/dashbase.js runs it for `dev`): the same program with only that
 * command, so the supervising process starts its child without first loading what the other
 * commands need (the database layer, drizzle, password hashing), about 180 modules (issue 15).
 */
import { registerDevCommand } from "./commands/dev.js";
import type { CommandIo } from "./commands/db-context.js";
import { runProgram } from "./program.js";

/**
 * Runs `dashbase dev ...` (`argv` without node and script, starting with "dev") to an exit code.
 * @example
 * process.exitCode = await devMain(process.argv.slice(2));
 */
export function devMain(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return runProgram(argv, io, (program, commandIo) => registerDevCommand(program, commandIo));
}
