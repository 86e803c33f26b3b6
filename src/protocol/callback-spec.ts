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
}

/** One callback as the wire lists it. */
export interface CallbackSpec<Id = DependencyId> {
  readonly id: string;
  readonly outputs: readonly DependencyRef<Id>[];
  readonly inputs: readonly DependencyRef<Id>[];
  readonly state: readonly DependencyRef<Id>[];
  /** The server always sends it; a hand-made spec may leave it out (false). */
  readonly preventInitialCall?: boolean;
}
