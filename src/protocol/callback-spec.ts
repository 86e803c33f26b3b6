/**
 * @module
 * How the wire lists callbacks (`GET /_dashbase/dependencies` and the boot data): the one shape
 * the server writes and the browser renderer reads.
 */
import type { DependencyId } from "./wildcards.js";

/** One property of one component, as named in a callback's dependency list. */
export interface DependencyRef<Id = DependencyId> {
  readonly id: Id;
  readonly property: string;
  /** Clientside callbacks' Inputs and State only: the `{ initial }` value the browser passes in place of a missing one. */
  readonly initial?: unknown;
}

/** What the renderer needs to know of a callback that runs in the browser. */
export interface ClientsideSpec {
  /** Called `(inputs, state, ctx)` when true, else `(inputs, ctx)`. */
  readonly withState: boolean;
}

/** A property set while a callback runs and set again once it has answered (Dash's `running`). */
export interface RunningProp<Id = DependencyId> extends DependencyRef<Id> {
  readonly during: unknown;
  readonly after: unknown;
}

/** What the renderer needs to know of a callback that runs as a background job. */
export interface BackgroundSpec<Id = DependencyId> {
  /** Outputs the handler's `progress(...)` reports go to (their values arrive over the push channel). */
  readonly progress: readonly DependencyRef<Id>[];
  /** Inputs whose change cancels the running job. */
  readonly cancel: readonly DependencyRef<Id>[];
}

/** One callback as the wire lists it. */
export interface CallbackSpec<Id = DependencyId> {
  readonly id: string;
  readonly outputs: readonly DependencyRef<Id>[];
  readonly inputs: readonly DependencyRef<Id>[];
  readonly state: readonly DependencyRef<Id>[];
  /** The server always sends it; a hand-made spec may leave it out (false). */
  readonly preventInitialCall?: boolean;
  /** Props to set while the call is in flight, and the values to restore after (absent when none). */
  readonly running?: readonly RunningProp<Id>[];
  /** Present when the callback runs as a background job: its answer comes over the push channel. */
  readonly background?: BackgroundSpec<Id>;
  /** Present when the callback runs in the browser: its function is in the app's clientside module, keyed by `id`. */
  readonly clientside?: ClientsideSpec;
}
