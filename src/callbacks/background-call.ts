/**
 * @module
 * Background callbacks: a callback declared `background` is checked in the request like any
 * other, then handed to a durable job (`dashbase.callback`) on the app's database; whichever
 * process runs the job reports progress, setProps values and the final answer to the tab that
 * asked, over the push channel (or, when that tab is gone, to the session's next page load).
 */
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import { isConnectionError } from "../db/translate-error.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { Enqueue } from "../jobs/job-types.js";
import type { CallbackPushMessage } from "../protocol/messages.js";
import type { Publish } from "../push/session-publisher.js";
import type { SessionUser } from "../auth/session-user.js";
import type { OwnerStore } from "../store/store.js";
import type { RequestSession } from "./callback-context.js";
import { prepareCall, runPreparedCall, type DispatchResult, type PropsById } from "./callback-dispatch.js";
import type { CallbackErrorHandler, CallbackRegistry } from "./callback-registry.js";

/** The framework's own job that runs background callbacks. */
export const backgroundCallbackJob = "dashbase.callback";

/**
 * What a background callback's job carries. The session goes without its cookie id and CSRF
 * token: a job row is no place for credentials, and the job outlives the request anyway.
 */
export interface BackgroundCallData {
  /**
   * The callback request as JSON text: a jsonb column (the job's data) cannot hold the character
   * U+0000, which a request's values may carry; a string holding its escape can.
   */
  readonly bodyJson: string;
  readonly session: {
    readonly userId: string | null;
    /** The user as it was when the call started (older job data may lack it). */
    readonly user?: SessionUser | null;
    readonly owner: string;
    readonly anonymousOwner: string;
  };
  /** The tab that asked (its push channel id), when it named one. */
  readonly tab: string | null;
  readonly requestId: string;
}

/** The job data for a background call made by `session` from `tab`. */
export function backgroundCallData(body: unknown, session: RequestSession, tab: string | undefined, requestId: string): BackgroundCallData {
  return {
    bodyJson: JSON.stringify(body),
    session: { userId: session.userId, user: session.user, owner: session.owner, anonymousOwner: session.anonymousOwner },
    tab: tab ?? null,
    requestId,
  };
}

/** Where a background call's reports go. */
export type CallbackReportTarget = { readonly owner: string; readonly tab?: string };

/** What running a background call needs besides its job. */
export interface BackgroundCallDeps {
  readonly registry: CallbackRegistry;
  readonly db: Database;
  storeFor(owner: string): OwnerStore;
  readonly env: AppEnv;
  /** The failure as the page may see it: as an HTTP error answer would carry it (no 5xx reason in production). */
  describe(error: unknown, requestId: string): NonNullable<CallbackPushMessage["error"]>;
  /** Sends one message over the push channel. */
  send(target: CallbackReportTarget, message: CallbackPushMessage): Promise<void>;
  /** Saves the values of server-persisted outputs, as an ordinary callback's answer does. */
  saveOutputs(store: OwnerStore, persist: ReadonlySet<string>, response: PropsById): Promise<unknown>;
  /** `services.publish` for a handler of this owner. */
  publisherFor(owner: string): Publish;
  /** The app's error hook (`createApp({ callbacks: { onError } })`). */
  readonly onError?: CallbackErrorHandler | undefined;
  /** Logs a handler failure with its cause. */
  logFailure?(error: unknown, requestId: string): void;
}

/** The job's own part: its id, the signal that aborts on cancel, timeout or shutdown, and `enqueue` for its owner. */
export interface BackgroundJob {
  readonly id: string;
  readonly signal: AbortSignal;
  readonly enqueue: Enqueue;
}

/**
 * Runs one background call and reports it. A handler's own failure is reported to the page and
 * ends the job (retrying would run a user's failing code again); a database outage is thrown,
 * so the job is retried once the database is back.
 * @example
 * await runBackgroundCall(data, { id: job.id, signal: job.signal }, deps);
 */
export async function runBackgroundCall(data: BackgroundCallData, job: BackgroundJob, deps: BackgroundCallDeps): Promise<void> {
  const target: CallbackReportTarget = data.tab === null ? { owner: data.session.owner } : { owner: data.session.owner, tab: data.tab };
  const send = (message: Omit<CallbackPushMessage, "kind" | "jobId">): Promise<void> =>
    deps.send(target, { kind: "callback", jobId: job.id, ...message });
  const store = deps.storeFor(data.session.owner);
  // The session got its row before the job was queued.
  const session: RequestSession = {
    id: "",
    csrfToken: "",
    expiresAt: new Date(0),
    persisted: true,
    ...data.session,
    user: data.session.user ?? null,
  };
  let timedOut = false;
  let result: DispatchResult;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const call = prepareCall(deps.registry, JSON.parse(data.bodyJson) as unknown);
    // The job's signal aborts on cancel and shutdown; this callback's own timeout joins it.
    const timeoutMs = call.callback.background?.timeoutMs;
    const controller = new AbortController();
    const onJobAbort = (): void => controller.abort(job.signal.reason);
    job.signal.addEventListener("abort", onJobAbort, { once: true });
    if (job.signal.aborted) onJobAbort();
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(
          new DashbaseError("DASHBASE_E_JOB_TIMEOUT", `callback "${call.callback.id}" ran longer than its ${timeoutMs} ms timeout`),
        );
      }, timeoutMs);
    }
    result = await runPreparedCall(
      call,
      { db: deps.db, store, session, env: deps.env, enqueue: job.enqueue, publish: deps.publisherFor(session.owner) },
      data.requestId,
      { signal: controller.signal, report: (response) => send({ phase: "progress", response }), onError: deps.onError },
    );
  } catch (error) {
    if (timedOut) return send({ phase: "error", error: deps.describe(timeoutError(data), data.requestId) });
    if (job.signal.aborted) return send({ phase: "cancelled" });
    if (isConnectionError(error)) throw error;
    deps.logFailure?.(error, data.requestId);
    return send({ phase: "error", error: deps.describe(error, data.requestId) });
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) return send({ phase: "error", error: deps.describe(timeoutError(data), data.requestId) });
  if (job.signal.aborted) return send({ phase: "cancelled" });
  if (result.kind === "prevent") return send({ phase: "result", response: {} });
  await deps.saveOutputs(store, result.persist, result.response);
  try {
    return await send({ phase: "result", response: result.response });
  } catch (error) {
    // An answer too large for the channel is the handler's failure, not one to retry.
    if ((error as { code?: unknown } | null)?.code !== "DASHBASE_E_PUSH_TOO_LARGE") throw error;
    return send({ phase: "error", error: deps.describe(error, data.requestId) });
  }
}

function timeoutError(data: BackgroundCallData): DashbaseError {
  const callbackId = (JSON.parse(data.bodyJson) as { callbackId?: unknown } | null)?.callbackId;
  return new DashbaseError(
    "DASHBASE_E_JOB_TIMEOUT",
    `background callback "${String(callbackId)}" ran longer than its timeoutMs and was stopped`,
  );
}
