/**
 * @module
 * What a callback handler receives besides its values: the database, the user's store, the
 * session, and `ctx` (which input fired, the concrete ids of wildcard dependencies, the request id).
 */
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { Enqueue } from "../jobs/job-types.js";
import type { ComponentId } from "../layout/component-node.js";
import type { Session } from "../session/session-manager.js";
import type { OwnerStore } from "../store/store.js";
import type { Publish } from "../push/session-publisher.js";

/** The browser session a request belongs to, as the session manager returns it. */
export type RequestSession = Session;

/** One property that changed and fired the callback. */
export interface TriggeredProp {
  /** `<id key>.<property>`, as Dash's `prop_id`. */
  readonly propId: string;
  readonly id: ComponentId;
  readonly property: string;
  readonly value: unknown;
}

/** A concrete dependency in a call: the id after wildcards were resolved. */
export interface ResolvedDependency {
  readonly id: ComponentId;
  readonly property: string;
  readonly value?: unknown;
}

/** Facts about the current call. */
export interface CallbackCallContext {
  /** The id of the first changed input, or null on the initial call. */
  readonly triggeredId: ComponentId | null;
  /** Every changed input of this call (empty on the initial call). */
  readonly triggered: readonly TriggeredProp[];
  /** Concrete inputs, in declaration order (an array per ALL/ALLSMALLER input). */
  readonly inputsList: readonly (ResolvedDependency | readonly ResolvedDependency[])[];
  readonly statesList: readonly (ResolvedDependency | readonly ResolvedDependency[])[];
  readonly outputsList: readonly (ResolvedDependency | readonly ResolvedDependency[])[];
  /** The request id that logs and error answers carry. */
  readonly requestId: string;
}

/** The services handed to every handler. */
export interface CallbackServices {
  readonly db: Database;
  /** The per-user store, already bound to `session.owner`. */
  readonly store: OwnerStore;
  readonly session: RequestSession;
  readonly ctx: CallbackCallContext;
  /**
   * Sets props of any component on the page, listed as an output or not (Dash's `set_props`).
   * An ordinary callback's answer carries them (its outputs win where both name a prop); a
   * background callback's reach the tab at once, in order with its progress.
   * @example
   * setProps("status", { children: "Loaded 200 rows" });
   */
  setProps(id: ComponentId, props: Readonly<Record<string, unknown>>): void;
  /**
   * Background callbacks: sets the declared `progress` outputs, one value each in their order
   * (Dash's `set_progress`). Reports reach the tab in the order they were made, before the
   * answer; the promise resolves once the report is queued (awaiting it never waits for the
   * network, so it is safe inside a transaction). Throws in an ordinary callback, which has no
   * progress outputs.
   * @example
   * await progress([rowsDone, rowsTotal]);
   */
  progress(values: readonly unknown[]): Promise<void>;
  /**
   * Aborts when a background callback is cancelled (its `cancel` inputs), times out, or the
   * process shuts down; pass it to fetch() and check it in loops. Never aborts for an ordinary
   * callback.
   */
  readonly signal: AbortSignal;
  /**
   * The app's own environment variables as its `createApp({ env })` schema parsed them (empty
   * without one). Typed loosely: cast to `z.infer<typeof yourSchema>` for the exact type.
   */
  readonly env: AppEnv;
  /**
   * Starts a durable job declared with `app.job()`, owned by `session.owner` (counted against
   * its perOwnerLimit); resolves to the job id. See docs/jobs.md.
   * @example
   * const id = await services.enqueue(countWords, { text });
   */
  readonly enqueue: Enqueue;
  /**
   * Publishes `payload` on a topic: every tab whose page has a `Topic(name)` input receives it, in
   * any process; `{ toOwner: true }` limits it to this session owner's tabs.
   * @example
   * await publish("saved-views", { id });
   */
  readonly publish: Publish;
}
