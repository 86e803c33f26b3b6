/**
 * @module
 * What a clientside callback receives besides its values: which inputs fired it and the concrete
 * ids of its dependencies, as a server callback's `services.ctx` (without the request id: no
 * request is made). Types only, safe in the browser.
 */
import type { ComponentId } from "../protocol/ids.js";

/** One property that changed and fired the clientside callback. */
export interface ClientsideTriggeredProp {
  /** `<id key>.<property>`, as Dash's `prop_id`. */
  readonly propId: string;
  readonly id: ComponentId;
  readonly property: string;
  readonly value: unknown;
}

/** A concrete dependency of the call: the id after wildcards were resolved. */
export interface ClientsideResolvedDependency {
  readonly id: ComponentId;
  readonly property: string;
  readonly value?: unknown;
}

type Resolved = ClientsideResolvedDependency | readonly ClientsideResolvedDependency[];

/** Facts about the current clientside call, shaped as a server callback's `ctx`. */
export interface ClientsideContext {
  /** The id of the first changed input, or null on the initial call. */
  readonly triggeredId: ComponentId | null;
  /** Every changed input of this call (empty on the initial call). */
  readonly triggered: readonly ClientsideTriggeredProp[];
  /** Concrete inputs, in declaration order (an array per ALL/ALLSMALLER input). */
  readonly inputsList: readonly Resolved[];
  readonly statesList: readonly Resolved[];
  readonly outputsList: readonly Resolved[];
}
