/**
 * @module
 * `dashbase jobs list | retry <id> | cancel <id>`: the durable jobs in the app's database, as
 * every process of the app shares them. A cancel reaches a handler running in another process
 * within its cancel poll.
 */
import type { Command } from "commander";
import type { Database } from "../../db/database.js";
import { DashbaseError } from "../../errors/dashbase-error.js";
import type { JobQueue } from "../../jobs/job-queue.js";
import { JobRegistry } from "../../jobs/job-registry.js";
import { jobSchema } from "../../jobs/job-sql.js";
import { jobStates, type JobInfo, type JobState } from "../../jobs/job-types.js";
import { exitCodes } from "../output.js";
import { asAction, runCommand, usageExitCodes, withCommonOptions, type CommandIo, type CommonOptions } from "./db-context.js";

interface ListOptions extends CommonOptions {
  state?: string;
  name?: string;
  limit?: string;
}

/** True when the database has pg-boss's tables (an app with jobs ran on it). */
async function hasJobTables(db: Database): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>("select to_regclass($1)::text as found", [`${jobSchema}.job`]);
  return rows[0]?.found != null;
}

/** Runs `fn` on a queue without workers (no handlers run in the CLI). */
async function withQueue<T>(db: Database, fn: (queue: JobQueue) => Promise<T>): Promise<T> {
  const { JobQueue } = await import("../../jobs/job-queue.js");
  const queue = await JobQueue.open({ db, registry: new JobRegistry(), workers: false });
  try {
    return await fn(queue);
  } finally {
    await queue.stop();
  }
}

function notFound(id: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_JOB_NOT_FOUND", `no job with id ${JSON.stringify(id)}; \`dashbase jobs list\` shows the jobs`);
}

function jsonOf(job: JobInfo): Record<string, unknown> {
  return {
    ...job,
    createdOn: job.createdOn.toISOString(),
    startedOn: job.startedOn?.toISOString(),
    completedOn: job.completedOn?.toISOString(),
  };
}

/**
 * Adds the `jobs` command and its subcommands.
 * @example
 * registerJobCommands(program, io);
 */
export function registerJobCommands(program: Command, io: CommandIo = {}): void {
  const jobs = program.command("jobs").description("list, retry and cancel durable jobs").exitOverride(usageExitCodes);

  withCommonOptions(
    jobs
      .command("list")
      .description("list jobs, newest first")
      .option("--state <state>", `only jobs in this state (${jobStates.join(", ")})`)
      .option("--name <name>", "only jobs of this name")
      .option("--limit <n>", "at most this many (default 100)"),
  ).action(
    asAction((options: ListOptions) =>
      runCommand(options, io, async ({ out, withDatabase }) => {
        if (options.state !== undefined && !jobStates.includes(options.state as JobState)) {
          throw new DashbaseError("DASHBASE_E_CONFIG", `--state: expected one of ${jobStates.join(", ")}, found "${options.state}"`);
        }
        const limit = options.limit === undefined ? 100 : Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new DashbaseError("DASHBASE_E_CONFIG", `--limit: expected a whole number above 0, found "${options.limit}"`);
        const list = await withDatabase(async (db) =>
          (await hasJobTables(db))
            ? withQueue(db, (queue) =>
                queue.list({
                  limit,
                  ...(options.state === undefined ? {} : { state: options.state as JobState }),
                  ...(options.name === undefined ? {} : { name: options.name }),
                }),
              )
            : [],
        );
        out.result({ ok: true, jobs: list.map(jsonOf) }, () =>
          list.length === 0
            ? ["No jobs."]
            : list.map(
                (job) =>
                  `${job.id}  ${job.state.padEnd(9)}  ${job.name}  attempts ${job.attempts}/${job.retryLimit + 1}  created ${job.createdOn.toISOString()}${job.owner === undefined ? "" : `  owner ${job.owner}`}`,
              ),
        );
        return exitCodes.ok;
      }),
    ),
  );

  for (const action of ["retry", "cancel"] as const) {
    withCommonOptions(
      jobs
        .command(`${action} <id>`)
        .description(
          action === "retry" ? "run a failed or cancelled job again" : "cancel a job that has not finished (aborts a running handler)",
        ),
    ).action(
      asAction((id: string, options: CommonOptions) =>
        runCommand(options, io, async ({ out, withDatabase }) => {
          const { job, changed } = await withDatabase(async (db) => {
            if (!(await hasJobTables(db))) throw notFound(id);
            return withQueue(db, async (queue) => {
              const found = await queue.get(id);
              if (found === undefined) throw notFound(id);
              const done = action === "retry" ? await queue.retry(id) : await queue.cancel(id);
              return { job: (await queue.get(id)) ?? found, changed: done };
            });
          });
          const verb = action === "retry" ? "queued again" : "cancelled";
          out.result({ ok: true, changed, job: jsonOf(job) }, () => [
            changed ? `Job ${id} (${job.name}) ${verb}.` : `Job ${id} (${job.name}) is ${job.state}: nothing to ${action}.`,
          ]);
          return changed ? exitCodes.ok : exitCodes.attention;
        }),
      ),
    );
  }
}
