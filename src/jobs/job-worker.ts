/**
 * @module
 * Runs jobs in this process: fetches up to each job's concurrency, hands every run an
 * AbortSignal (aborted on cancel, timeout and shutdown), settles runs only while they are still
 * this process's own (a run recovered and started elsewhere is never completed twice), keeps a
 * heartbeat, and moves the runs of processes that died back to retry.
 */
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { bossDbOver } from "./job-boss.js";
import type { JobRegistry } from "./job-registry.js";
import {
  claimSql,
  dropOrphanClaimsSql,
  forgetWorkerSql,
  heartbeatSql,
  lockOwnRunSql,
  lostRunsSql,
  orphanRunsSql,
  releaseClaimSql,
  requeueSql,
  staleWorkersSql,
} from "./job-sql.js";
import type { JobContext, JobDefinition, JobHandler } from "./job-types.js";

export interface WorkerTimings {
  /** How often to look for due jobs when nothing woke the worker. Default 2000 ms. */
  pollMs: number;
  /** How often to check that running jobs are still this process's own (cross-process cancel). Default 1000 ms. */
  cancelPollMs: number;
  /** How often the heartbeat is written (and, on PostgreSQL, dead processes looked for). Default 2000 ms. */
  heartbeatMs: number;
  /** A process not seen for this long is taken for dead and its runs retried. Default 15000 ms. */
  staleAfterMs: number;
  /** How long a graceful stop waits for running handlers. Default 10000 ms. */
  shutdownGraceMs: number;
}

export const workerTimingDefaults: Readonly<WorkerTimings> = Object.freeze({
  pollMs: 2_000,
  cancelPollMs: 1_000,
  heartbeatMs: 2_000,
  staleAfterMs: 15_000,
  shutdownGraceMs: 10_000,
});

/** Why a run's signal aborted. */
type AbortKind = "cancel" | "timeout" | "shutdown";

interface Run {
  readonly id: string;
  readonly definition: JobDefinition;
  readonly controller: AbortController;
  abortKind: AbortKind | undefined;
  /** Ends the run without waiting for its handler (cancel, timeout). */
  readonly interrupt: () => void;
  /** The handler returned or threw (or the run was interrupted). */
  handlerDone: boolean;
  /** stop() gave up waiting and put the job back: the handler's late outcome is ignored. */
  abandoned: boolean;
  /** The whole run: handler, then settling the job. */
  lifecycle: Promise<void>;
}

/** A fetched job as pg-boss returns it with metadata. */
interface FetchedJob {
  id: string;
  name: string;
  data: { owner?: string | null; data?: unknown } | null;
  retryCount: number;
}

export interface JobWorkerOptions {
  db: Database;
  boss: PgBoss;
  registry: JobRegistry;
  timings: WorkerTimings;
  /** Builds what a handler receives besides its data. */
  contextFor: (job: {
    id: string;
    name: string;
    attempt: number;
    owner: string | undefined;
    signal: AbortSignal;
  }) => JobContext | Promise<JobContext>;
  onError: (error: unknown) => void;
  /** This process's own handlers of framework jobs, in place of the declared ones (see JobQueueOptions.handlers). */
  handlers?: ReadonlyMap<string, JobHandler<never>> | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The error output a failed run leaves on the job. */
function failureOutput(error: unknown): Record<string, unknown> {
  if (error instanceof DashbaseError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { message: String(error) };
}

/**
 * One process's worker.
 * @example
 * const worker = new JobWorker({ db, boss, registry, timings: workerTimingDefaults, contextFor, onError });
 * await worker.start();
 */
export class JobWorker {
  readonly id = randomUUID();
  readonly #runs = new Map<string, Run>();
  #stopping = false;
  #wake: (() => void) | undefined;
  #wakeRequested = false;
  readonly #timers: NodeJS.Timeout[] = [];
  #loop: Promise<void> | undefined;

  constructor(private readonly options: JobWorkerOptions) {}

  /** Writes the first heartbeat, retries what dead processes left running, starts fetching. */
  async start(): Promise<void> {
    const { db, timings } = this.options;
    await db.query(heartbeatSql, [this.id]);
    await this.recover();
    this.#timers.push(
      setInterval(() => void this.beat(), timings.heartbeatMs),
      setInterval(() => void this.checkRuns(), timings.cancelPollMs),
    );
    for (const timer of this.#timers) timer.unref();
    this.#loop = this.fetchLoop();
  }

  /** Looks for due jobs now instead of at the next poll. */
  wake(): void {
    this.#wakeRequested = true;
    this.#wake?.();
  }

  /** Aborts this process's run of job `id`, if it runs here (its state already changed). */
  abortIfRunning(id: string): boolean {
    const run = this.#runs.get(id);
    if (run === undefined) return false;
    this.abort(run, "cancel");
    return true;
  }

  /** Ids of the jobs running in this process. */
  running(): string[] {
    return [...this.#runs.keys()];
  }

  /**
   * Stops fetching, aborts running handlers' signals and waits for them up to the grace period;
   * runs that did not finish are put back to be run again, never lost.
   */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#wake?.();
    await this.#loop;
    const runs = [...this.#runs.values()];
    for (const run of runs) this.abort(run, "shutdown");
    await Promise.race([Promise.allSettled(runs.map((run) => run.lifecycle)), sleep(this.options.timings.shutdownGraceMs)]);
    for (const run of runs) {
      if (run.handlerDone) {
        await run.lifecycle;
        continue;
      }
      run.abandoned = true;
      await this.settle(run, "requeue", undefined).catch(this.options.onError);
      this.#runs.delete(run.id);
    }
    await this.options.db.query(forgetWorkerSql, [this.id]).catch(this.options.onError);
  }

  private abort(run: Run, kind: AbortKind): void {
    if (run.controller.signal.aborted) return;
    run.abortKind = kind;
    const reason =
      kind === "timeout"
        ? new DashbaseError(
            "DASHBASE_E_JOB_TIMEOUT",
            `job "${run.definition.name}" (${run.id}) ran longer than its timeoutMs (${run.definition.options.timeoutMs} ms)`,
          )
        : new DOMException(kind === "cancel" ? "the job was cancelled" : "the process is shutting down", "AbortError");
    run.controller.abort(reason);
    if (kind !== "shutdown") run.interrupt();
  }

  private async fetchLoop(): Promise<void> {
    while (!this.#stopping) {
      this.#wakeRequested = false;
      let fetched = 0;
      for (const definition of this.options.registry.list()) {
        if (this.#stopping) break;
        const busy = [...this.#runs.values()].filter((run) => run.definition === definition).length;
        const free = definition.options.concurrency - busy;
        if (free <= 0) continue;
        try {
          const jobs = await this.fetch(definition.name, free);
          fetched += jobs.length;
          for (const job of jobs) this.begin(definition, job);
        } catch (error) {
          this.options.onError(error);
        }
      }
      if (this.#stopping) break;
      if (fetched > 0 || this.#wakeRequested) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.timings.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Fetches and claims in one transaction, so a run is never active without its claim. */
  private fetch(name: string, batchSize: number): Promise<FetchedJob[]> {
    return this.options.db.transaction(async (tx) => {
      const jobs = (await this.options.boss.fetch(name, {
        batchSize,
        includeMetadata: true,
        db: bossDbOver(tx),
      })) as unknown as FetchedJob[];
      if (jobs.length > 0) await tx.query(claimSql, [jobs.map((job) => job.id), this.id, name]);
      return jobs;
    });
  }

  private begin(definition: JobDefinition, job: FetchedJob): void {
    const controller = new AbortController();
    const owner = typeof job.data?.owner === "string" ? job.data.owner : undefined;
    let interrupt!: () => void;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    const run: Run = {
      id: job.id,
      definition,
      controller,
      abortKind: undefined,
      interrupt,
      handlerDone: false,
      abandoned: false,
      lifecycle: Promise.resolve(),
    };
    this.#runs.set(job.id, run);
    const timeout = setTimeout(() => this.abort(run, "timeout"), definition.options.timeoutMs);
    const context = this.options.contextFor({ id: job.id, name: job.name, attempt: job.retryCount + 1, owner, signal: controller.signal });
    type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
    const handled: Promise<Outcome> = (async () =>
      ((this.options.handlers?.get(definition.name) ?? definition.handler) as (data: unknown, ctx: JobContext) => unknown)(
        job.data?.data,
        await context,
      ))().then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error }),
    );
    // Cancel and timeout end the run at once; a shutdown waits for the handler (see stop()).
    const cut = interrupted.then((): Outcome => ({ ok: false, error: controller.signal.reason }));
    run.lifecycle = (async () => {
      const outcome = await Promise.race([handled, cut]);
      clearTimeout(timeout);
      run.handlerDone = true;
      if (run.abandoned) return;
      try {
        if (run.abortKind === "cancel") await this.release(run);
        else if (outcome.ok) await this.settle(run, "complete", outcome.value);
        else if (run.abortKind === "shutdown") await this.settle(run, "requeue", undefined);
        else await this.settle(run, "fail", failureOutput(outcome.error));
      } catch (error) {
        this.options.onError(error);
      } finally {
        this.#runs.delete(run.id);
        this.wake();
      }
    })();
  }

  /**
   * Completes, fails or requeues a run, only while it is still this worker's current run;
   * retried for a while when the database is briefly unreachable (a server restart).
   */
  private async settle(run: Run, how: "complete" | "fail" | "requeue", output: unknown): Promise<void> {
    const { db, boss } = this.options;
    const name = run.definition.name;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await db.transaction(async (tx) => {
          const own = await tx.query(lockOwnRunSql, [name, run.id, this.id]);
          if (own.rows.length === 1) {
            if (how === "complete") await boss.complete(name, run.id, output as object, { db: bossDbOver(tx) });
            else if (how === "fail") await boss.fail(name, run.id, output as object, { db: bossDbOver(tx) });
            else await tx.query(requeueSql, [name, run.id]);
          }
          await tx.query(releaseClaimSql, [run.id, this.id]);
        });
        return;
      } catch (error) {
        if (attempt >= 60 || (this.#stopping && attempt >= 3)) throw error;
        await sleep(500);
      }
    }
  }

  private async release(run: Run): Promise<void> {
    await this.options.db.query(releaseClaimSql, [run.id, this.id]);
  }

  private async beat(): Promise<void> {
    // On PGlite no other process can run jobs: the heartbeat would only write to disk.
    if (this.#stopping || this.options.db.driver === "pglite") return;
    try {
      await this.options.db.query(heartbeatSql, [this.id]);
      await this.recover();
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Aborts runs whose job was cancelled (or taken over) by another process. */
  private async checkRuns(): Promise<void> {
    if (this.#stopping || this.#runs.size === 0) return;
    try {
      const { rows } = await this.options.db.query<{ id: string }>(lostRunsSql, [this.id, [...this.#runs.keys()]]);
      for (const row of rows) {
        const run = this.#runs.get(row.id);
        if (run !== undefined) this.abort(run, "cancel");
      }
    } catch (error) {
      this.options.onError(error);
    }
  }

  /**
   * Moves the runs of dead processes back to retry (pg-boss's fail: a run that kills its
   * process counts as an attempt). On PGlite one process holds the data directory, so every
   * other worker is dead.
   */
  async recover(): Promise<number> {
    const { db, boss, timings } = this.options;
    return db.transaction(async (tx) => {
      await tx.query(staleWorkersSql, [this.id, timings.staleAfterMs, db.driver === "pglite"]);
      const { rows } = await tx.query<{ id: string; name: string }>(orphanRunsSql, [this.id]);
      const byName = new Map<string, string[]>();
      for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row.id]);
      for (const [name, ids] of byName)
        await boss.fail(name, ids as unknown as string, { message: "the process running this job stopped" }, { db: bossDbOver(tx) });
      await tx.query(dropOrphanClaimsSql, [this.id]);
      return rows.length;
    });
  }
}
