/**
 * @module
 * The `enqueue` handlers receive (callbacks, API routes, jobs): bound to the queue and to the
 * owner whose per-owner limit it counts against.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Enqueue } from "./job-types.js";

/** What the binding needs of the queue (JobQueue has it). */
export interface EnqueueTarget {
  enqueue(job: { readonly name: string } | string, data: unknown, options: { owner?: string | undefined }): Promise<string>;
}

/**
 * `enqueue` for `owner` on `queue`.
 * @example
 * const enqueue = enqueueFor(queue, session.owner);
 */
export function enqueueFor(
  queue: EnqueueTarget | undefined,
  owner: string | undefined,
  /** Refuses a job the caller may not start (its access rule), by throwing; runs before the job is queued. */
  guard?: (name: string) => void | Promise<void>,
): Enqueue {
  if (queue === undefined) return noJobQueue;
  if (guard === undefined) return (job, data, options) => queue.enqueue(job, data, { ...options, owner });
  return async (job, data, options) => {
    await guard(typeof job === "string" ? job : String(job?.name));
    return queue.enqueue(job, data, { ...options, owner });
  };
}

/** The `enqueue` of a handler run without a job queue (tests calling the core directly). */
export const noJobQueue: Enqueue = (job) =>
  Promise.reject(
    new DashbaseError(
      "DASHBASE_E_JOB_UNKNOWN",
      `cannot enqueue ${JSON.stringify(typeof job === "string" ? job : job?.name)}: this app runs without a job queue (no app.job() declared, or services opened without one)`,
    ),
  );
