/**
 * @module
 * The `dashbase` command: `db ...` (migrations and database tools) and `dev` / `start` (serving an app).
 */
import { Command, CommanderError } from "commander";
import { isDashbaseError } from "../errors/dashbase-error.js";
import { maskSecrets } from "../config/mask-secret.js";
import { registerDbCommands } from "./commands/db.js";
import { registerAppCommands } from "./commands/app.js";

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("dashbase")
    .description("Multi-page data dashboards with a real database built in.")
    .exitOverride()
    .showHelpAfterError();
  registerDbCommands(program);
  registerAppCommands(program);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`dashbase: ${maskSecrets(message)}${isDashbaseError(error) ? ` [${error.code}]` : ""}\n`);
    return 1;
  }
}
