/**
 * @module
 * The shapes of durable jobs as app code sees them: a job's declared options and their
 * defaults, the reference `app.job()` returns, what a handler receives, and a job as listed.
 */
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { OwnerStore } from "../store/store.js";
import type { SessionUser } from "../auth/session-user.js";

/**
 * How a job runs. Every field is optional; `jobDefaults` holds the defaults.
 * @example
 * app.job("count-words", countWords, { timeoutMs: 60_000, retries: 0 });
 */
export interface JobOptions {
  /** The handler's signal aborts and the run fails after this long. Default 15 minutes. */
  timeoutMs?: number;
  /** Runs after the first that fail (throw, time out, process died) before the job is `failed`. Default 2. */
  retries?: number;
  /** Wait before a retry (rounded up to whole seconds). Default 1000 ms. */
  retryDelayMs?: number;
  /** Doubles the wait on each retry, with jitter. Default true. */
  backoff?: boolean;
  /** Unfinished jobs of this name one owner may have; the next enqueue is refused (429). Default 10. */
  perOwnerLimit?: number;
  /** Jobs of this name one process runs at once. Default 2. */
  concurrency?: number;
}

/** The defaults of `JobOptions`. */
export const jobDefaults: Readonly<Required<JobOptions>> = Object.freeze({
  timeoutMs: 15 * 60_000,
  retries: 2,
  retryDelayMs: 1_000,
  backoff: true,
  perOwnerLimit: 10,
  concurrency: 2,
});

declare const jobData: unique symbol;

/**
 * What `app.job()` returns: plain data naming the job, typed by the data it takes.
 * @example
 * const countWords = app.job<{ text: string }>("count-words", async (data) => data.text.length);
 * await services.enqueue(countWords, { text: "a b c" });
 */
export interface JobRef<Data = unknown> {
  readonly name: string;
  /** Type-only: never present at run time. */
  readonly [jobData]?: Data;
}

/** Options of one enqueue. */
export interface EnqueueOptions {
  /** While a job of this name with this key is unfinished, enqueuing another returns that job's id instead. */
  singletonKey?: string;
  /** Runs no sooner than this many milliseconds from now (rounded up to whole seconds). */
  startAfterMs?: number;
}

/** Starts a job; resolves to its id. */
export type Enqueue = <Data>(job: JobRef<Data> | string, data: Data, options?: EnqueueOptions) => Promise<string>;

/** What a job handler receives besides its data. */
export interface JobContext {
  readonly id: string;
  readonly name: string;
  /** 1 on the first run, 2 on the first retry, ... */
  readonly attempt: number;
  /** Aborts on cancel (from any process), on timeout, and when the process shuts down. */
  readonly signal: AbortSignal;
  /** The owner (session owner) that enqueued the job, if any. */
  readonly owner: string | undefined;
  /**
   * The user the job belongs to, when its owner is a signed-in user's id (read from auth_users
   * when the run starts: null for an anonymous owner, a disabled or deleted user, or without auth).
   */
  readonly user: SessionUser | null;
  readonly db: Database;
  /** The owner's store, when the job has an owner. */
  readonly store: OwnerStore | undefined;
  readonly env: AppEnv;
  /** Enqueues another job for the same owner. */
  readonly enqueue: Enqueue;
}

export type JobHandler<Data = unknown> = (data: Data, job: JobContext) => unknown;

/** A declared job, as the registry keeps it. */
export interface JobDefinition {
  readonly name: string;
  readonly handler: JobHandler<never>;
  readonly options: Readonly<Required<JobOptions>>;
}

/** pg-boss's job states. */
export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export const jobStates: readonly JobState[] = ["created", "retry", "active", "completed", "cancelled", "failed"];

/** A job as `get` and `list` return it. */
export interface JobInfo {
  readonly id: string;
  readonly name: string;
  readonly state: JobState;
  readonly owner: string | undefined;
  readonly data: unknown;
  /** What the handler returned, or the error of the last failed run. */
  readonly output: unknown;
  /** Runs started so far. */
  readonly attempts: number;
  readonly retryLimit: number;
  readonly createdOn: Date;
  readonly startedOn: Date | undefined;
  readonly completedOn: Date | undefined;
}
