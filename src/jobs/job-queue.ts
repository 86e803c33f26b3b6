/**
 * @module
 * Durable jobs on the app's own database: `JobQueue` enqueues (with the per-owner limit and
 * singleton keys), cancels, retries, lists and runs the jobs an app declares, through pg-boss
 * over the app's `Database` handle. Opened with the app's other services, stopped on close.
 */
import type PgBoss from "pg-boss";
import type { AppEnv } from "../config/settings.js";
import type { Database, Queryable } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Store } from "../store/store.js";
import type { UserDirectory } from "../auth/user-directory.js";
import type { SessionUser } from "../auth/session-user.js";
import { bossDbOver, createQueues, openBoss } from "./job-boss.js";
import type { JobRegistry } from "./job-registry.js";
import { countOwnerJobsSql, enqueueLockSql, findSingletonSql, getJobSql, listJobsSql } from "./job-sql.js";
import { jobStates, type EnqueueOptions, type JobContext, type JobHandler, type JobInfo, type JobRef, type JobState } from "./job-types.js";
import { JobWorker, workerTimingDefaults, type WorkerTimings } from "./job-worker.js";

export interface JobQueueOptions {
  db: Database;
  registry: JobRegistry;
  /** Run handlers in this process (default true); false for a web-only process or the CLI. */
  workers?: boolean;
  /** For JobContext.store; without it, handlers get no store. */
  store?: Store;
  env?: AppEnv;
  timings?: Partial<WorkerTimings>;
  /**
   * Handlers of framework jobs bound to this process's services, in place of the ones declared
   * with the app (a background callback's job reports through this process's push hub).
   */
  handlers?: ReadonlyMap<string, JobHandler<never>>;
  /** Reads the user of a job whose owner is a user id (JobContext.user); without it, `user` is null. */
  users?: UserDirectory;
  /** Refuses (by throwing) a job a handler's `enqueue` may not start for its user (the job's access rule). */
  guard?: (name: string, user: SessionUser | null) => void | Promise<void>;
  /** Errors of background work (polls, heartbeats, maintenance); default: printed to stderr. */
  onError?: (error: unknown) => void;
}

/** Options of JobQueue.enqueue: the public ones plus the owner the job belongs to. */
export interface QueueEnqueueOptions extends EnqueueOptions {
  owner?: string | undefined;
}

export interface ListJobsFilter {
  state?: JobState;
  name?: string;
  /** Default 100, at most 1000. */
  limit?: number;
}

interface JobRow extends Record<string, unknown> {
  id: string;
  name: string;
  state: JobState;
  data: { owner?: string | null; data?: unknown } | null;
  output: unknown;
  retry_count: number;
  retry_limit: number;
  started_on: Date | null;
  created_on: Date;
  completed_on: Date | null;
}

/** What pg-boss's cancel, retry and resume resolve to. */
interface CommandResult {
  affected: number;
}

function infoOf(row: JobRow): JobInfo {
  return Object.freeze({
    id: row.id,
    name: row.name,
    state: row.state,
    owner: typeof row.data?.owner === "string" ? row.data.owner : undefined,
    data: row.data?.data,
    output: row.output ?? undefined,
    attempts: row.started_on === null ? row.retry_count : row.retry_count + 1,
    retryLimit: row.retry_limit,
    createdOn: row.created_on,
    startedOn: row.started_on ?? undefined,
    completedOn: row.completed_on ?? undefined,
  });
}

/** The JSON value `data` stands for, or a coded error naming what cannot be sent. */
function jsonData(name: string, data: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw new DashbaseError("DASHBASE_E_JOB_DATA", `job "${name}": its data is not JSON-serialisable (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (text === undefined)
    throw new DashbaseError(
      "DASHBASE_E_JOB_DATA",
      `job "${name}": its data is not JSON-serialisable (found ${typeof data}); pass null, a number, a string, an array or a plain object`,
    );
  return JSON.parse(text) as unknown;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The app's job queue.
 * @example
 * const queue = await JobQueue.open({ db, registry: app.jobs });
 * const id = await queue.enqueue("count-words", { text: "a b" }, { owner: session.owner });
 * await queue.stop();
 */
export class JobQueue {
  readonly #worker: JobWorker | undefined;
  #stopped: Promise<void> | undefined;

  private constructor(
    private readonly options: JobQueueOptions,
    private readonly boss: PgBoss,
    timings: WorkerTimings,
  ) {
    const onError = options.onError ?? ((error: unknown) => console.error("[dashbase jobs]", error));
    this.#worker =
      options.workers === false
        ? undefined
        : new JobWorker({
            db: options.db,
            boss,
            registry: options.registry,
            timings,
            onError,
            contextFor: (job) => this.contextFor(job),
            handlers: options.handlers,
          });
  }

  /** Starts pg-boss on `db` (creating its schema), declares each job's queue, and starts the worker. */
  static async open(options: JobQueueOptions): Promise<JobQueue> {
    const onError = options.onError ?? ((error: unknown) => console.error("[dashbase jobs]", error));
    const workers = options.workers !== false;
    const boss = await openBoss(options.db, { maintenance: workers, onError });
    try {
      await createQueues(options.db, options.registry.list());
      const queue = new JobQueue({ ...options, onError }, boss, { ...workerTimingDefaults, ...options.timings });
      await queue.#worker?.start();
      return queue;
    } catch (error) {
      await boss.stop({ graceful: false, close: false }).catch(() => undefined);
      throw error;
    }
  }

  /** The id of this process's worker (undefined without workers). */
  get workerId(): string | undefined {
    return this.#worker?.id;
  }

  /**
   * Enqueues job `job` with `data` for `owner`; resolves to its id (with a `singletonKey` whose
   * job is still unfinished: that job's id).
   * @throws DashbaseError DASHBASE_E_JOB_UNKNOWN, DASHBASE_E_JOB_DATA, DASHBASE_E_JOB_LIMIT (429).
   */
  async enqueue<Data>(job: JobRef<Data> | string, data: Data, options: QueueEnqueueOptions = {}): Promise<string> {
    const name = typeof job === "string" ? job : job?.name;
    const definition = typeof name === "string" ? this.options.registry.get(name) : undefined;
    if (definition === undefined)
      throw new DashbaseError(
        "DASHBASE_E_JOB_UNKNOWN",
        `no job declared as ${JSON.stringify(name)}; expected the name (or JobRef) of an app.job(name, handler) declaration`,
      );
    const value = jsonData(definition.name, data);
    const { owner, singletonKey, startAfterMs } = options;
    const { retries, retryDelayMs, backoff, timeoutMs, perOwnerLimit } = definition.options;
    const insert = async (tx: Queryable): Promise<string> => {
      if (singletonKey !== undefined) {
        await tx.query(enqueueLockSql, [`dashbase.jobs.singleton:${definition.name}:${singletonKey}`]);
        const existing = await tx.query<{ id: string }>(findSingletonSql, [definition.name, singletonKey]);
        if (existing.rows[0] !== undefined) return existing.rows[0].id;
      }
      if (owner !== undefined) {
        await tx.query(enqueueLockSql, [`dashbase.jobs.owner:${definition.name}:${owner}`]);
        const { rows } = await tx.query<{ n: number }>(countOwnerJobsSql, [definition.name, owner]);
        const unfinished = rows[0]?.n ?? 0;
        if (unfinished >= perOwnerLimit)
          throw new DashbaseError(
            "DASHBASE_E_JOB_LIMIT",
            `job "${definition.name}": this session already has ${unfinished} unfinished jobs of this name (perOwnerLimit ${perOwnerLimit}); wait for one to finish or cancel one`,
            { details: { job: definition.name, limit: perOwnerLimit } },
          );
      }
      const created = await this.boss.send(
        definition.name,
        { owner: owner ?? null, data: value },
        {
          retryLimit: retries,
          retryDelay: Math.ceil(retryDelayMs / 1000),
          retryBackoff: backoff,
          expireInSeconds: Math.ceil(timeoutMs / 1000) + 60,
          ...(startAfterMs !== undefined && startAfterMs > 0 ? { startAfter: Math.ceil(startAfterMs / 1000) } : {}),
          ...(singletonKey === undefined ? {} : { singletonKey }),
          db: bossDbOver(tx),
        },
      );
      if (created === null) throw new Error(`pg-boss did not create job "${definition.name}" (is its queue missing?)`);
      return created;
    };
    // Only the limit and singleton checks need their count and insert in one transaction.
    const id =
      owner === undefined && singletonKey === undefined ? await insert(this.options.db) : await this.options.db.transaction(insert);
    this.#worker?.wake();
    return id;
  }

  /**
   * Cancels a job that has not finished; a run in progress has its signal aborted (here at
   * once, in another process within its cancel poll). With `owner`, only that owner's job.
   * Resolves to false when there was nothing to cancel.
   */
  async cancel(id: string, options: { owner?: string | undefined } = {}): Promise<boolean> {
    const job = await this.get(id);
    if (job === undefined || (options.owner !== undefined && job.owner !== options.owner)) return false;
    // pg-boss 10 resolves to { affected } though its types say void (the canary checks it).
    const result = (await this.boss.cancel(job.name, id)) as unknown as CommandResult;
    this.#worker?.abortIfRunning(id);
    return result.affected > 0;
  }

  /** A job by id (finished ones too, until pg-boss deletes them), or undefined. */
  async get(id: string): Promise<JobInfo | undefined> {
    if (typeof id !== "string" || !uuidPattern.test(id)) return undefined;
    const { rows } = await this.options.db.query<JobRow>(getJobSql, [id]);
    return rows[0] === undefined ? undefined : infoOf(rows[0]);
  }

  /** Jobs newest first, optionally of one state and name. */
  async list(filter: ListJobsFilter = {}): Promise<JobInfo[]> {
    if (filter.state !== undefined && !jobStates.includes(filter.state))
      throw new DashbaseError("DASHBASE_E_JOB_NOT_FOUND", `no job state "${filter.state}"; expected one of ${jobStates.join(", ")}`);
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? 100)), 1000);
    const { rows } = await this.options.db.query<JobRow>(listJobsSql, [filter.state ?? null, filter.name ?? null, limit]);
    return rows.map(infoOf);
  }

  /**
   * Runs a failed job again (with one more retry allowed), or a cancelled one.
   * Resolves to false when the job is in another state.
   * @throws DashbaseError DASHBASE_E_JOB_NOT_FOUND for an unknown id.
   */
  async retry(id: string): Promise<boolean> {
    const job = await this.get(id);
    if (job === undefined) throw new DashbaseError("DASHBASE_E_JOB_NOT_FOUND", `no job with id ${JSON.stringify(id)}`);
    const result = (
      job.state === "failed"
        ? await this.boss.retry(job.name, id)
        : job.state === "cancelled"
          ? await this.boss.resume(job.name, id)
          : undefined
    ) as CommandResult | undefined;
    this.#worker?.wake();
    return (result?.affected ?? 0) > 0;
  }

  /** Looks for due jobs now (a cross-process notification may call this). */
  wake(): void {
    this.#worker?.wake();
  }

  /** Aborts this process's run of `id`, if any (a cross-process cancel notification may call this). */
  abortIfRunning(id: string): boolean {
    return this.#worker?.abortIfRunning(id) ?? false;
  }

  /** Graceful: stops fetching, aborts running handlers' signals, waits for them within a bound, requeues the rest. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#worker?.stop();
      await this.boss.stop({ graceful: false, close: false });
    })();
    return this.#stopped;
  }

  private async contextFor(job: {
    id: string;
    name: string;
    attempt: number;
    owner: string | undefined;
    signal: AbortSignal;
  }): Promise<JobContext> {
    const { db, store, env, users } = this.options;
    const user = job.owner === undefined || users === undefined ? null : await users.find(job.owner);
    return Object.freeze({
      ...job,
      user,
      db,
      store: job.owner === undefined ? undefined : store?.forOwner(job.owner),
      env: env ?? {},
      enqueue: async <Data>(next: JobRef<Data> | string, data: Data, options?: EnqueueOptions) => {
        await this.options.guard?.(typeof next === "string" ? next : String(next?.name), user);
        return this.enqueue(next, data, { ...options, owner: job.owner });
      },
    });
  }
}
