/**
 * @module
 * `dashbase db upgrade | downgrade | stamp`: move the database along the revision chain.
 */
import type { Command } from "commander";
import { createMigrator } from "../../migrations/migrator.js";
import type { MigrationReport } from "../../migrations/revision.js";
import { exitCodes, type ExitCode, type Output } from "../output.js";
import { asAction, runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

function reportResult(out: Output, report: MigrationReport): ExitCode {
  const verb = report.direction === "up" ? "Applied" : "Reverted";
  const data = { ...report, applied: report.applied.map((revision) => revision.id) };
  if (!report.ok) {
    if (out.json) {
      out.result(data);
    } else {
      for (const revision of report.applied) out.line(`${verb} ${revision.id} ${out.style.dim(revision.message)}`);
      out.error(`${report.failure?.message} [${report.failure?.code}]`);
    }
    return exitCodes.error;
  }
  out.result(data, () => [
    ...report.applied.map((revision) => `${verb} ${out.style.bold(revision.id)} ${out.style.dim(revision.message)}`),
    report.applied.length === 0
      ? `Nothing to do: the database is at ${report.current ?? "base"}.`
      : `The database is now at ${report.current ?? "base"}.`,
  ]);
  return exitCodes.ok;
}

/**
 * Adds `db upgrade`, `db downgrade` and `db stamp`.
 * @example
 * registerMigrateCommands(program.command("db"));
 */
export function registerMigrateCommands(db: Command, io: CommandIo = {}): void {
  const migrate = (direction: "upgrade" | "downgrade", verb: string) => (target: string, options: CommonOptions) =>
    runCommand(options, io, async ({ out, project, database, withDatabase }) => {
      database();
      const loaded = await project();
      return withDatabase(async (handle) => {
        const progress = out.progress();
        const migrator = createMigrator(handle, {
          dir: loaded.migrationsDir,
          onProgress: (p) => progress.step(p.index, p.total, `${verb} ${p.revision.id} ${p.revision.message}`),
        });
        const report = await migrator[direction](target);
        progress.done();
        return reportResult(out, report);
      });
    });

  withCommonOptions(
    db
      .command("upgrade")
      .description("apply revisions up to the target, each in one transaction")
      .argument("[target]", "head, +N, or a revision id (or a unique prefix)", "head"),
  ).action(asAction(migrate("upgrade", "applying")));

  withCommonOptions(
    db
      .command("downgrade")
      .description("revert revisions down to the target with their down.sql")
      .argument("[target]", "-N (steps back), base, or a revision id to stay at", "-1"),
  ).action(asAction(migrate("downgrade", "reverting")));

  withCommonOptions(
    db
      .command("stamp")
      .description("record the database as being at a revision without running any SQL (base clears the record)")
      .argument("<revision>", "a revision id, head or base"),
  ).action(
    asAction((revision: string, options: CommonOptions) =>
      runCommand(options, io, async ({ out, project, database, withDatabase }) => {
        database();
        const loaded = await project();
        const current = await withDatabase((database) => createMigrator(database, { dir: loaded.migrationsDir }).stamp(revision));
        out.result({ ok: true, current }, () => `Stamped: the database is recorded at ${current ?? "base"} (no SQL was run).`);
        return exitCodes.ok;
      }),
    ),
  );
}
