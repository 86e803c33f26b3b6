/**
 * @module
 * `dashbase db history | current | check | sql`: look at revisions and the live database
 * without changing anything.
 */
import type { Command } from "commander";
import { DashbaseError } from "../../errors/dashbase-error.js";
import { createMigrator, migrationScript } from "../../migrations/migrator.js";
import { exitCodes } from "../output.js";
import { asAction, runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

/** What to do about a live database that differs from the models, by the likely cause. */
function driftAdvice(pending: boolean, changedByHand: boolean): string[] {
  if (pending)
    return [
      "Apply the pending revisions (`dashbase db upgrade`) and check again; if the models still differ, write a revision for them (`dashbase db generate`).",
    ];
  if (!changedByHand)
    return [
      "The models changed since the newest revision: write a revision for the change (`dashbase db generate`), then apply it (`dashbase db upgrade`).",
    ];
  return [
    "The models match the newest revision, so the database was changed outside the revisions (by hand, or by a revision edited or stamped after it ran); `dashbase db generate` would write nothing.",
    "Revert the manual change (the statements above do it), or move the database along the revisions with `dashbase db downgrade` and `dashbase db upgrade`.",
  ];
}

/**
 * Adds `db history`, `db current`, `db check` and `db sql`.
 * @example
 * registerInspectCommands(program.command("db"));
 */
export function registerInspectCommands(db: Command, io: CommandIo = {}): void {
  withCommonOptions(db.command("history").description("list the revisions, oldest first, and which are applied")).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ out, project, database, withDatabase }) => {
        database();
        const loaded = await project();
        const { revisions, current } = await withDatabase(async (handle) => {
          const migrator = createMigrator(handle, { dir: loaded.migrationsDir });
          return { revisions: await migrator.history(), current: await migrator.current() };
        });
        out.result({ ok: true, current, revisions }, () => {
          if (revisions.length === 0)
            return [`No revisions in ${loaded.migrationsDir}: run \`dashbase db generate\` to write the first one.`];
          return revisions.map((revision) => {
            const mark = revision.applied ? out.style.green("[applied]") : out.style.yellow("[pending]");
            const notes = [
              revision.id === current ? out.style.bold("(current)") : "",
              revision.modified ? out.style.red("(edited after it was applied)") : "",
              revision.dir === null ? out.style.red("(not in the migrations folder)") : "",
            ].filter((note) => note !== "");
            return `${mark} ${revision.id} ${revision.message}${notes.length > 0 ? ` ${notes.join(" ")}` : ""}`;
          });
        });
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(db.command("current").description("print the revision the database is at, and how many are pending")).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ out, project, database, withDatabase }) => {
        database();
        const loaded = await project();
        const { current, pending } = await withDatabase(async (handle) => {
          const migrator = createMigrator(handle, { dir: loaded.migrationsDir });
          return { current: await migrator.current(), pending: await migrator.pending() };
        });
        out.result({ ok: true, current, pending: pending.map((revision) => revision.id) }, () => [
          current ?? "base",
          ...(pending.length > 0
            ? [
                out.style.yellow(
                  `${pending.length} pending: ${pending.map((revision) => revision.id).join(", ")} (run \`dashbase db upgrade\`)`,
                ),
              ]
            : []),
        ]);
        return exitCodes.ok;
      }),
    ),
  );

  withCommonOptions(
    db.command("check").description("compare the live database with the models; exits 3 when they differ or revisions are pending"),
  ).action(
    asAction((options: CommonOptions) =>
      runCommand(options, io, async ({ out, project, database, withDatabase }) => {
        database();
        const loaded = await project();
        const { drift, pending } = await withDatabase(async (handle) => ({
          drift: await (await import("../../migrations/drift-check.js")).checkDrift(handle, loaded.definition.models),
          pending: await createMigrator(handle, { dir: loaded.migrationsDir }).pending(),
        }));
        const clean = drift.inSync && pending.length === 0;
        // With every revision applied and nothing for generate to write, the difference was made outside the revisions.
        const changedByHand =
          !drift.inSync &&
          pending.length === 0 &&
          (await (await import("../models-match-revisions.js")).modelsMatchNewestRevision(loaded.definition.models, loaded.migrationsDir));
        const data = {
          ok: true,
          inSync: drift.inSync,
          changedByHand,
          statements: drift.statements,
          differences: drift.differences,
          pending: pending.map((revision) => revision.id),
        };
        out.result(data, () => {
          if (clean) return [out.style.green("The database matches the models.")];
          const lines: string[] = [];
          if (pending.length > 0)
            lines.push(
              out.style.yellow(
                `${pending.length} revision(s) not applied: ${pending.map((revision) => revision.id).join(", ")} (run \`dashbase db upgrade\`)`,
              ),
            );
          if (!drift.inSync) {
            lines.push(out.style.yellow("The database differs from the models:"));
            for (const difference of drift.differences) lines.push(`  ${difference}`);
            for (const statement of drift.statements) lines.push(`  ${statement.trim()}`);
            lines.push(...driftAdvice(pending.length > 0, changedByHand));
          }
          return lines;
        });
        return clean ? exitCodes.ok : exitCodes.attention;
      }),
    ),
  );

  withCommonOptions(
    db
      .command("sql")
      .description("print the SQL that goes from one revision to another, without running it")
      .argument("<range>", "from:to, each a revision id, base or head (e.g. base:head, a1b2:head, head:a1b2)"),
  ).action(
    asAction((range: string, options: CommonOptions) =>
      runCommand(
        options,
        io,
        async ({ out, project }) => {
          const parts = range.split(":");
          if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
            throw new DashbaseError("DASHBASE_E_CLI_USAGE", `expected <from>:<to> (e.g. base:head), found "${range}"`);
          }
          const loaded = await project();
          // Reading the files needs no database: this works offline, for review.
          const script = migrationScript(loaded.migrationsDir, parts[0]!, parts[1]!);
          out.result({ ok: true, from: parts[0], to: parts[1], ...script }, () =>
            script.sql === "" ? "-- nothing between these revisions" : script.sql.trimEnd(),
          );
          return exitCodes.ok;
        },
        // Printed SQL is often piped into a file or a review: no database line in front of it.
        { usesDatabase: false },
      ),
    ),
  );
}
