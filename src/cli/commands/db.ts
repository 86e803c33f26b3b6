/**
 * @module
 * `dashbase db ...`: migrations (generate, upgrade, downgrade, history, current, stamp, check,
 * sql) and database tools (reset, seed, serve, shell).
 */
import type { Command } from "commander";
import { usageExitCodes, type CommandIo } from "./db-context.js";
import { registerGenerateCommand } from "./db-generate.js";
import { registerInspectCommands } from "./db-inspect.js";
import { registerMigrateCommands } from "./db-migrate.js";
import { registerResetCommands } from "./db-reset.js";
import { registerServeCommands } from "./db-serve.js";

/**
 * Adds the `db` command and its subcommands to the program; `io` replaces the process's streams,
 * environment and directory (tests).
 * @example
 * const program = new Command("dashbase").exitOverride();
 * registerDbCommands(program);
 * await program.parseAsync(["db", "upgrade", "--json"], { from: "user" });
 */
export function registerDbCommands(program: Command, io: CommandIo = {}): void {
  const db = program
    .command("db")
    .description("migrations and database tools")
    // Set before the subcommands are made, so they inherit it: usage errors exit with 2.
    .exitOverride(usageExitCodes);
  registerGenerateCommand(db, io);
  registerMigrateCommands(db, io);
  registerInspectCommands(db, io);
  registerResetCommands(db, io);
  registerServeCommands(db, io);
}
