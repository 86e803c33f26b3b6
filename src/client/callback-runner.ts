/**
 * @module
 * Fires callbacks as properties change: each fired invocation once per change, in dependency
 * order (an invocation waits while any callback upstream of it is pending or in flight), with
 * loading state and non-fatal error reporting. Transport and layout come from the host, so this
 * runs the same under a browser and under a unit test.
 */
import type { CallbackOutcome } from "./callback-outcome.js";
import {
  buildCallbackRequest,
  CallbackGraph,
  initialInvocations,
  inputsPresent,
  invocationsForChanges,
  outputPropKeys,
  resolveInvocation,
  type ChangedProp,
  type Invocation,
  type LayoutIndex,
} from "./callback-graph.js";
import type { CallbackSpec } from "../protocol/callback-spec.js";
import { idKey, propKey } from "../protocol/ids.js";
import type { CallbackPushMessage, CallbackRequest } from "../protocol/messages.js";

/** What one POST of a callback gave back. */
export type { CallbackOutcome } from "./callback-outcome.js";

type Response = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Sends one callback request (the browser's implementation POSTs `/_dashbase/callback`). */
export type CallbackTransport = (request: CallbackRequest) => Promise<CallbackOutcome>;

/** The renderer side the runner talks to. */
export interface RunnerHost {
  /** The current layout. */
  index(): LayoutIndex;
  /** Applies a callback's response; returns the properties that changed and the ids it added. */
  applyResponse(response: Readonly<Record<string, Readonly<Record<string, unknown>>>>): {
    changed: ChangedProp[];
    addedIds: ReadonlySet<string>;
  };
  /** The `<id key>.<property>` keys of outputs waiting for or running a callback. */
  setLoading(outputs: ReadonlySet<string>): void;
  /** Shows a non-fatal notice for a failed callback. */
  reportError(error: { message: string; code?: string; requestId?: string }): void;
  /** Asks the server to stop a background callback's job (its cancel input changed). */
  cancelJob?(jobId: string): void;
}

interface PendingEntry {
  invocation: Invocation;
  changed: Set<string>;
}

interface FlightEntry {
  invocation: Invocation;
  seq: number;
  epoch: number;
  outputs: string[];
  /** Set once the server said the call runs as a background job. */
  jobId?: string;
}

/** True when an answer holds a patch (`{ "dashbase:patch": [...] }`), which ./apply-patch.js (loaded then) resolves. */
function holdsPatch(response: Response | undefined): response is Response {
  return Object.values(response ?? {}).some((props) =>
    Object.values(props).some((value) => typeof value === "object" && value !== null && "dashbase:patch" in value),
  );
}

/** `[id key, property]` of a spec's plain-id refs (running, progress and cancel take no wildcards). */
function refKeys(refs: readonly { id: unknown; property: string }[] | undefined): string[] {
  return (refs ?? [])
    .filter((ref) => typeof ref.id === "string" || typeof ref.id === "object")
    .map((ref) => propKey(ref.id as string, ref.property));
}

/**
 * Dependency-ordered callback dispatch for one page of one renderer.
 *
 * @example
 * const runner = new CallbackRunner(specs, transport, host);
 * runner.fireInitial();
 * runner.propsChanged([{ id: "dropdown", property: "value" }]);
 * await runner.idle();
 */
export class CallbackRunner {
  readonly #graph: CallbackGraph;
  readonly #pending = new Map<string, PendingEntry>();
  readonly #inFlight = new Map<number, FlightEntry>();
  readonly #latestSeq = new Map<string, number>();
  #nextSeq = 1;
  #epoch = 0;
  #idleWaiters: Array<() => void> = [];
  /** Background calls cancelled before the server named their job. */
  readonly #cancelOnArrival = new Set<number>();

  constructor(
    private readonly specs: readonly CallbackSpec[],
    private readonly transport: CallbackTransport,
    private readonly host: RunnerHost,
  ) {
    this.#graph = new CallbackGraph(specs);
  }

  /** Fires the initial calls for the layout, or for the components in `onlyIds` just added. */
  fireInitial(onlyIds?: ReadonlySet<string>): void {
    for (const invocation of initialInvocations(this.specs, this.host.index(), onlyIds)) {
      this.#enqueue(invocation, []);
    }
    this.#pump();
  }

  /** Fires every callback with one of these properties as an Input. */
  propsChanged(changes: readonly ChangedProp[]): void {
    if (changes.length === 0) return;
    this.#cancelBackground(changes);
    for (const { invocation, changed } of invocationsForChanges(this.specs, changes, this.host.index()).values()) {
      this.#enqueue(invocation, changed);
    }
    this.#pump();
  }

  /** Forgets everything pending and ignores answers still in flight (a new page replaced the layout). */
  reset(): void {
    this.#epoch += 1;
    this.#pending.clear();
    this.#inFlight.clear();
    this.#latestSeq.clear();
    this.#publishLoading();
    this.#settleIdle();
  }

  /**
   * A push message about a background callback: progress is applied as it comes; the final
   * message ends the call as its HTTP answer would have. A message for a job this page did not
   * start (the tab that asked was reloaded) is applied to whatever of it the page shows.
   */
  backgroundMessage(message: CallbackPushMessage): void {
    const flights = [...this.#inFlight.values()];
    const flight = flights.find((entry) => entry.jobId === message.jobId);
    // A short job's result can come over the push channel before the 202 that names its job: it
    // is offered again shortly while a request waits for its answer, so that it ends its own call
    // (restoring the running props) rather than being taken for another tab's.
    if (!flight && message.phase !== "progress" && flights.some((entry) => !entry.jobId))
      return void setTimeout(() => this.backgroundMessage(message), 9);
    if (message.phase === "progress" || flight === undefined) {
      if (message.response !== undefined) this.#apply(message.response, flight?.invocation);
      // (an error here is another tab's: one of this page's own ends its call below)
      if (message.phase === "error" && message.error !== undefined) this.host.reportError(message.error);
      this.#pump();
      return;
    }
    const outcome: CallbackOutcome =
      message.phase === "result"
        ? { kind: "update", response: message.response ?? {} }
        : message.phase === "error"
          ? { kind: "error", ...(message.error ?? { message: "The background callback failed." }) }
          : { kind: "prevent" };
    this.#finish(flight.seq, flight.epoch, flight.invocation, outcome);
  }

  /** Resolves once nothing is pending or in flight. */
  idle(): Promise<void> {
    if (this.#pending.size === 0 && this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #enqueue(invocation: Invocation, changed: Iterable<string>): void {
    const entry = this.#pending.get(invocation.key);
    if (entry) for (const key of changed) entry.changed.add(key);
    else this.#pending.set(invocation.key, { invocation, changed: new Set(changed) });
  }

  #blocked(candidate: Invocation): boolean {
    const target = candidate.spec.id;
    for (const other of this.#pending.values()) {
      if (other.invocation.key !== candidate.key && this.#graph.blocks(other.invocation.spec.id, target)) return true;
    }
    for (const flight of this.#inFlight.values()) {
      if (this.#graph.blocks(flight.invocation.spec.id, target)) return true;
    }
    return false;
  }

  #pump(): void {
    let started = true;
    while (started) {
      started = false;
      for (const [key, entry] of this.#pending) {
        if (this.#blocked(entry.invocation)) continue;
        this.#pending.delete(key);
        this.#start(entry);
        started = true;
        break;
      }
    }
    this.#publishLoading();
    this.#settleIdle();
  }

  #start(entry: PendingEntry): void {
    const index = this.host.index();
    const resolved = resolveInvocation(entry.invocation, index);
    // An output that is not on this page cannot be answered (a topic input is on every page, its outputs are not).
    if (!inputsPresent(resolved) || resolved.outputs.some((ref) => !ref.multi && ref.id === null)) return;
    const seq = this.#nextSeq++;
    const epoch = this.#epoch;
    this.#latestSeq.set(entry.invocation.key, seq);
    this.#inFlight.set(seq, { invocation: entry.invocation, seq, epoch, outputs: outputPropKeys(resolved) });
    this.#setRunning(entry.invocation, "during");
    const request = buildCallbackRequest(entry.invocation, resolved, index, entry.changed);
    this.transport(request)
      .catch((error: unknown): CallbackOutcome => ({
        kind: "error",
        message: `The callback request could not be sent: ${error instanceof Error ? error.message : String(error)}`,
      }))
      .then((outcome) =>
        outcome.kind === "update" && holdsPatch(outcome.response)
          ? import("./apply-patch.js").then((module) => module.patchedOutcome(outcome.response, this.host.index()))
          : outcome,
      )
      .then((outcome) => {
        if (this.#cancelOnArrival.delete(seq)) {
          if (outcome.kind === "background") this.host.cancelJob?.(outcome.jobId);
          return;
        }
        this.#finish(seq, epoch, entry.invocation, outcome);
      })
      .catch((error: unknown) => {
        this.host.reportError({ message: `Applying a callback's answer failed: ${String(error)}` });
      });
  }

  #finish(seq: number, epoch: number, invocation: Invocation, outcome: CallbackOutcome): void {
    if (epoch !== this.#epoch) return;
    const flight = this.#inFlight.get(seq);
    if (outcome.kind === "background") {
      // Still running, now as a job: it ends when the push channel brings its final message.
      if (flight !== undefined) flight.jobId = outcome.jobId;
      return;
    }
    this.#inFlight.delete(seq);
    this.#setRunning(invocation, "after");
    const stale = this.#latestSeq.get(invocation.key) !== seq;
    if (!stale) this.#latestSeq.delete(invocation.key);
    if (!stale && outcome.kind === "update") {
      this.#apply(outcome.response, invocation);
    } else if (!stale && outcome.kind === "error") {
      const { kind: _kind, ...error } = outcome;
      this.host.reportError(error);
    }
    this.#pump();
  }

  /**
   * Applies new values and queues the callbacks they fire. As in Dash, the values a callback
   * answered never re-fire that same callback (one that keeps its own inputs in sync would
   * otherwise ask again on every answer); other callbacks on those props still fire.
   */
  #apply(response: Response, source?: Invocation): void {
    const { changed, addedIds } = this.host.applyResponse(response);
    for (const { invocation: next, changed: keys } of invocationsForChanges(this.specs, changed, this.host.index()).values()) {
      if (next.key === source?.key) continue;
      this.#enqueue(next, keys);
    }
    if (addedIds.size > 0) {
      for (const next of initialInvocations(this.specs, this.host.index(), addedIds)) this.#enqueue(next, []);
    }
  }

  /** Sets a callback's `running` props to their in-flight or their final values; they fire no callbacks (as in Dash). */
  #setRunning(invocation: Invocation, phase: "during" | "after"): void {
    const running = invocation.spec.running;
    if (running === undefined || running.length === 0) return;
    const response: Record<string, Record<string, unknown>> = {};
    for (const entry of running) (response[idKey(entry.id as string)] ??= {})[entry.property] = entry[phase];
    this.host.applyResponse(response);
  }

  /** Stops the background calls in flight whose cancel inputs are among `changes`. */
  #cancelBackground(changes: readonly ChangedProp[]): void {
    const changedKeys = new Set(changes.map((change) => propKey(change.id, change.property)));
    for (const flight of [...this.#inFlight.values()]) {
      const cancel = refKeys(flight.invocation.spec.background?.cancel);
      if (!cancel.some((key) => changedKeys.has(key))) continue;
      // Not yet a job (the request is on its way): its answer is dropped and the job cancelled when it comes.
      if (flight.jobId !== undefined) this.host.cancelJob?.(flight.jobId);
      else this.#cancelOnArrival.add(flight.seq);
      this.#finish(flight.seq, flight.epoch, flight.invocation, { kind: "prevent" });
    }
  }

  #publishLoading(): void {
    const loading = new Set<string>();
    for (const flight of this.#inFlight.values()) for (const key of flight.outputs) loading.add(key);
    const index = this.host.index();
    for (const entry of this.#pending.values()) {
      for (const key of outputPropKeys(resolveInvocation(entry.invocation, index))) loading.add(key);
    }
    this.host.setLoading(loading);
  }

  #settleIdle(): void {
    if (this.#pending.size > 0 || this.#inFlight.size > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
