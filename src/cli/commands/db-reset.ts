/**
 * @module
 * `dashbase db reset` (drop everything, then upgrade to head) and `dashbase db seed` (run the
 * app's seed function).
 */
import readline from "node:readline/promises";
import type { Command } from "commander";
import type { Database } from "../../db/database.js";
import { DashbaseError, isDashbaseError } from "../../errors/dashbase-error.js";
import { createMigrator } from "../../migrations/migrator.js";
import { resetSchema } from "../../migrations/reset-schema.js";
import { otherDashbaseConnections } from "../database-holders.js";
import { exitCodes } from "../output.js";
import { asAction, runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

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

/**
 * Refuses while another dashbase process (most likely the running app) is connected: dropping
 * its tables under it would make every page fail until it restarts.
 */
async function refuseWhileHeld(database: Database): Promise<void> {
  const holders = await otherDashbaseConnections(database);
  if (holders.length === 0) return;
  const listed = holders
    .slice(0, 5)
    .map(
      (holder) =>
        `pid ${holder.pid}${holder.address === null ? "" : ` from ${holder.address}`}${holder.since === null ? "" : ` since ${holder.since}`}`,
    )
    .join(", ");
  throw new DashbaseError(
    "DASHBASE_E_DB_IN_USE",
    `refusing to reset ${database.location}: ${holders.length} other dashbase connection${holders.length === 1 ? " is" : "s are"} open to it (${listed}${holders.length > 5 ? ", ..." : ""}), most likely a running app, whose pages would all fail once its tables are dropped; stop the app first, or add --force to reset anyway (then restart the app)`,
    { details: { pids: holders.map((holder) => holder.pid) } },
  );
}

/**
 * Adds `db reset` and `db seed`.
 * @example
 * registerResetCommands(program.command("db"));
 */
export function registerResetCommands(db: Command, io: CommandIo = {}): void {
  withCommonOptions(
    db
      .command("reset")
      .description("drop every table, view, sequence and type in the app's schema, then upgrade to head")
      .option("-y, --yes", "do not ask for confirmation (needed when not on a terminal)")
      .option("--force", "reset even in production (DASHBASE_ENV=production) or while another dashbase process is connected"),
  ).action(
    asAction((options: ResetOptions) =>
      runCommand(options, io, async ({ out, project, profile, database, withDatabase }) => {
        // The refusal depends on the profile alone: say it before anything else can fail.
        if (profile() === "production" && options.force !== true) {
          throw new DashbaseError(
            "DASHBASE_E_DB_RESET_REFUSED",
            "refusing to reset a production database (DASHBASE_ENV/NODE_ENV is production): every table and row would be lost; if that is really intended, add --force",
          );
        }
        database();
        const loaded = await project();
        return withDatabase(async (database) => {
          if (database.driver === "postgres" && options.force !== true) await refuseWhileHeld(database);
          if (options.yes !== true) {
            if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
              throw new DashbaseError(
                "DASHBASE_E_DB_RESET_REFUSED",
                `refusing to reset ${database.location} without confirmation: not on a terminal, so add --yes`,
              );
            }
            if (!(await confirm(`This drops every table and row in ${database.location}. Type "reset" to continue: `))) {
              throw new DashbaseError("DASHBASE_E_DB_RESET_REFUSED", "reset cancelled: nothing was dropped");
            }
          }
          // The durable jobs' schema goes too: a reset database has no jobs left to run.
          const { dropJobSchema } = await import("../../jobs/job-boss.js");
          const dropped = (await resetSchema(database)) + ((await dropJobSchema(database)) ? 1 : 0);
          const report = await createMigrator(database, { dir: loaded.migrationsDir }).upgrade("head");
          const data = {
            ok: report.ok,
            dropped,
            applied: report.applied.map((revision) => revision.id),
            current: report.current,
            failure: report.failure,
          };
          if (!report.ok) {
            out.result(data);
            out.error(`the schema was emptied, but upgrading failed: ${report.failure?.message}`);
            return exitCodes.error;
          }
          out.result(
            data,
            () =>
              `Reset ${database.location}: dropped ${dropped} object(s), applied ${report.applied.length} revision(s); now at ${report.current ?? "base"}.`,
          );
          return exitCodes.ok;
        });
      }),
    ),
  );

  withCommonOptions(db.command("seed").description("run the app's seed(db) function (it must be safe to run twice)")).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ out, project, database, withDatabase }) => {
        database();
        const loaded = await project();
        const seed = loaded.definition.seed;
        if (seed === undefined) {
          throw new DashbaseError(
            "DASHBASE_E_APP_FILE",
            `${loaded.file} defines no seed: add seed: async (db) => { ... } to createApp({ ... })`,
            { details: { file: loaded.file } },
          );
        }
        await withDatabase(async (handle) => {
          try {
            await seed(handle);
          } catch (error) {
            // The database's own failures keep their codes; anything else the seed threw is named as the seed's.
            if (isDashbaseError(error)) throw error;
            throw new DashbaseError(
              "DASHBASE_E_CLI_FAILED",
              `the seed of ${loaded.file} failed: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            );
          }
        });
        out.result({ ok: true }, () => "Seeded.");
        return exitCodes.ok;
      }),
    ),
  );
}
