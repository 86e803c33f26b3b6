/**
 * @module
 * Development only (part of the dev tools' chunk): what the dev tools panel shows, recorded as the
 * page runs: each callback call (which callback, what fired it, when, how long, how it ended) and
 * each error (message, code, request id, and the stack a development server sends). Kept short:
 * the newest calls and errors only.
 */

/** How a call ended: new values, nothing to change, handed to a background job, failed, or still running. */
export type CallStatus = "running" | "updated" | "prevented" | "background" | "error";

/** One callback call. */
export interface TracedCall {
  readonly seq: number;
  readonly callbackId: string;
  /** Wall-clock time the request went out (ms since the epoch). */
  readonly startedAt: number;
  /** The inputs whose change fired it (`<id>.<property>`); empty for a call on load. */
  readonly changed: readonly string[];
  durationMs?: number;
  status: CallStatus;
  /** The request id of a failed call's answer. */
  requestId?: string;
}

/** One error the page met. */
export interface TracedError {
  readonly seq: number;
  readonly at: number;
  /** Where: `callback "<id>"`, or the endpoint or action that failed. */
  readonly source: string;
  readonly message: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly stack?: string;
}

/** An HTTP answer as the renderer's client reads it. */
export interface TracedAnswer {
  readonly status: number;
  readonly body: unknown;
}

const MAX_CALLS = 200;
const MAX_ERRORS = 50;

/** The error fields of an answer's body, each when it has the protocol's type. */
export function errorFieldsOf(body: unknown): Omit<TracedError, "seq" | "at" | "source"> | undefined {
  const error = (body as { error?: Record<string, unknown> } | null | undefined)?.error;
  if (typeof error !== "object" || error === null || typeof error["message"] !== "string") return undefined;
  const text = (name: string): Record<string, string> => (typeof error[name] === "string" ? { [name]: error[name] } : {});
  return { message: error["message"], ...text("code"), ...text("requestId"), ...text("stack") };
}

/** The status of a callback call from its answer (see the wire protocol's callback endpoint). */
export function callStatusOf(answer: TracedAnswer): Exclude<CallStatus, "running"> {
  if (answer.status === 204) return "prevented";
  if (answer.status === 202) return "background";
  return answer.status >= 200 && answer.status < 300 ? "updated" : "error";
}

/**
 * The record the panel draws from; `now` and `clock` are injectable for tests.
 * @example
 * const trace = new DevTrace();
 * const seq = trace.callStarted("total", ["qty.value"]);
 * trace.callEnded(seq, { status: 200, body: { response: {} } });
 */
export class DevTrace {
  #calls: TracedCall[] = [];
  #errors: TracedError[] = [];
  #seq = 1;
  readonly #listeners = new Set<() => void>();
  readonly #started = new Map<number, number>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get calls(): readonly TracedCall[] {
    return this.#calls;
  }

  get errors(): readonly TracedError[] {
    return this.#errors;
  }

  /** Records a call going out; answers its sequence number for {@link callEnded}. */
  callStarted(callbackId: string, changed: readonly string[]): number {
    const seq = this.#seq++;
    this.#started.set(seq, this.clock());
    this.#calls = [
      ...this.#calls,
      { seq, callbackId, startedAt: this.now(), changed: [...changed], status: "running" as CallStatus },
    ].slice(-MAX_CALLS);
    this.#emit();
    return seq;
  }

  /** Records a call's answer (or `undefined` when the request could not be sent); a failure is also an error. */
  callEnded(seq: number, answer: TracedAnswer | undefined, failure?: string): void {
    const call = this.#calls.find((entry) => entry.seq === seq);
    const started = this.#started.get(seq);
    this.#started.delete(seq);
    if (call === undefined) return;
    if (started !== undefined) call.durationMs = Math.max(0, this.clock() - started);
    call.status = answer === undefined ? "error" : callStatusOf(answer);
    this.#calls = [...this.#calls];
    const fields = answer === undefined ? { message: failure ?? "The request could not be sent." } : errorFieldsOf(answer.body);
    if (call.status === "error") {
      if (fields?.requestId !== undefined) call.requestId = fields.requestId;
      this.#addError(`callback "${call.callbackId}"`, fields ?? { message: `The server answered with status ${answer?.status ?? "?"}.` });
    }
    this.#emit();
  }

  /** Records an error (a failed request, a notice the page showed). An error already recorded under its request id is not repeated. */
  error(source: string, fields: Omit<TracedError, "seq" | "at" | "source">): void {
    this.#addError(source, fields);
    this.#emit();
  }

  #addError(source: string, fields: Omit<TracedError, "seq" | "at" | "source">): void {
    if (fields.requestId !== undefined && this.#errors.some((entry) => entry.requestId === fields.requestId)) return;
    this.#errors = [...this.#errors, { seq: this.#seq++, at: this.now(), source, ...fields }].slice(-MAX_ERRORS);
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.#calls = [];
    this.#errors = [];
    this.#emit();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
