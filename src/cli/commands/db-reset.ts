/**
 * @module
 * `dashbase db reset` (drop everything, then upgrade to head) and `dashbase db seed` (run the
 * app's seed function).
 */
import readline from "node:readline/promises";
import type { Command } from "commander";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { createMigrator } from "../../migrations/migrator.js";
import { resetSchema } from "../../migrations/reset-schema.js";
import { exitCodes } from "../output.js";
import { runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

interface ResetOptions extends CommonOptions {
  yes?: boolean;
  force?: boolean;
}

async function confirm(question: string): Promise<boolean> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === "reset";
  } finally {
    prompt.close();
  }
}

export function registerResetCommands(db: Command, io: CommandIo = {}): void {
  withCommonOptions(
    db.command("reset")
      .description("drop every table, view, sequence and type in the app's schema, then upgrade to head")
      .option("-y, --yes", "do not ask for confirmation (needed when not on a terminal)")
      .option("--force", "allow a reset in production (DASHBASE_ENV=production)"),
  ).action((options: ResetOptions) =>
    runCommand(options, io, async ({ out, project, settings, withDatabase }) => {
      const current = settings();
      if (current.profile === "production" && options.force !== true) {
        throw new DashbaseError("DASHBASE_E_DB_RESET_REFUSED", "refusing to reset a production database (DASHBASE_ENV/NODE_ENV is production): every table and row would be lost; if that is really intended, add --force");
      }
      const loaded = await project();
      return withDatabase(async (database) => {
        if (options.yes !== true) {
          if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
            throw new DashbaseError("DASHBASE_E_DB_RESET_REFUSED", `refusing to reset ${database.location} without confirmation: not on a terminal, so add --yes`);
          }
          if (!(await confirm(`This drops every table and row in ${database.location}. Type "reset" to continue: `))) {
            throw new DashbaseError("DASHBASE_E_DB_RESET_REFUSED", "reset cancelled: nothing was dropped");
          }
        }
        const dropped = await resetSchema(database);
        const report = await createMigrator(database, { dir: loaded.migrationsDir }).upgrade("head");
        const data = { ok: report.ok, dropped, applied: report.applied.map((revision) => revision.id), current: report.current, failure: report.failure };
        if (!report.ok) {
          out.result(data);
          out.error(`the schema was emptied, but upgrading failed: ${report.failure?.message}`);
          return exitCodes.error;
        }
        out.result(data, () => `Reset ${database.location}: dropped ${dropped} object(s), applied ${report.applied.length} revision(s); now at ${report.current ?? "base"}.`);
        return exitCodes.ok;
      });
    }),
  );

  withCommonOptions(db.command("seed").description("run the app's seed(db) function (it must be safe to run twice)")).action((options: CommonOptions) =>
    runCommand(options, io, async ({ out, project, withDatabase }) => {
      const loaded = await project();
      const seed = loaded.definition.seed;
      if (seed === undefined) {
        throw new Error(`${loaded.file} defines no seed: add seed: async (db) => { ... } to createApp({ ... })`);
      }
      await withDatabase((database) => seed(database));
      out.result({ ok: true }, () => "Seeded.");
      return exitCodes.ok;
    }),
  );
}
