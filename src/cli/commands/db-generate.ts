/**
 * @module
 * `dashbase db generate [message]`: writes the next revision from the app's models.
 */
import path from "node:path";
import type { Command } from "commander";
import { exitCodes } from "../output.js";
import { asAction, collect, runCommand, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

interface GenerateOptions extends CommonOptions {
  rename: string[];
  drop: string[];
}

/**
 * Adds `db generate`.
 * @example
 * registerGenerateCommand(program.command("db"));
 */
export function registerGenerateCommand(db: Command, io: CommandIo = {}): void {
  withCommonOptions(
    db
      .command("generate")
      .description("write a revision (up.sql, down.sql, snapshot.json) from the difference between the models and the newest revision")
      .argument("[message]", "what the revision does", "revision")
      .option(
        "--rename <hint>",
        "a rename, not a drop and an add: table.old_column=new_column, old_table=new_table or old_enum=new_enum (repeatable)",
        collect,
        [],
      )
      .option("--drop <item>", "confirm that a removed table or table.column is really dropped, not renamed (repeatable)", collect, []),
  ).action(
    asAction((message: string, options: GenerateOptions) =>
      runCommand(
        options,
        io,
        async ({ out, project, cwd }) => {
          const loaded = await project();
          // drizzle-kit, which writes the diff, is loaded only for this command.
          const { generateRevision } = await import("../../migrations/generate-revision.js");
          const result = await generateRevision({
            models: loaded.definition.models,
            dir: loaded.migrationsDir,
            message,
            renames: options.rename,
            drops: options.drop,
          });
          const relative = (dir: string): string => path.relative(cwd, dir) || ".";
          out.result({ ok: true, ...result, dir: loaded.migrationsDir }, () => {
            if (!result.created)
              return [`No changes: the models match the newest revision in ${relative(loaded.migrationsDir)}. Nothing written.`];
            const lines = [
              `${out.style.green("Created")} revision ${out.style.bold(result.revision!.id)} in ${relative(result.revision!.dir)}`,
            ];
            for (const warning of result.warnings) lines.push(`  ${out.style.yellow("may lose data:")} ${warning}`);
            if (result.downWarnings.length > 0)
              lines.push(`  ${out.style.dim(`down.sql: ${result.downWarnings.length} statement(s) may lose data when downgrading`)}`);
            lines.push("Review up.sql and down.sql (edit them if needed), then run `dashbase db upgrade`.");
            return lines;
          });
          return exitCodes.ok;
        },
        // Generating reads the models and the revision files only: no database is involved.
        { usesDatabase: false },
      ),
    ),
  );
}
