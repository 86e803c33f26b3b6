/**
 * @module
 * The JSON shapes of the wire protocol (docs/wire-protocol.md) as the browser renderer sees them.
 * The renderer knows only these shapes, never the server's own types.
 */
import type { CallbackSpec as WireCallbackSpec, DependencyRef as WireDependencyRef } from "../protocol/callback-spec.js";

/** A wildcard in a pattern-matching dependency id, serialized as in Dash. */
export type Wildcard = ["ALL"] | ["MATCH"] | ["ALLSMALLER"];

/** A scalar that can sit in an object id. */
export type IdScalar = string | number | boolean;

/** A concrete component id: a string, or an object for pattern-matching ids. */
export type ComponentId = string | { readonly [key: string]: IdScalar };

/** An id inside a dependency: a component id, or an object id whose values may be wildcards. */
export type DependencyId = string | { readonly [key: string]: IdScalar | Wildcard };

/** A component node: `{ type, props }`, children in `props.children`. */
export interface ComponentNode {
  readonly type: string;
  readonly props: Props;
}

/** Component props as plain JSON. */
export type Props = Readonly<Record<string, unknown>>;

/** What may stand in `children`: a node, text, a number, or an array of them. */
export type Child = ComponentNode | string | number | null | undefined | boolean | readonly Child[];

/** One property of one component, as named in a callback's dependency list. */
export type DependencyRef = WireDependencyRef<DependencyId>;

/** One callback as listed by `GET /_dashbase/dependencies` and in the boot data. */
export type CallbackSpec = WireCallbackSpec<DependencyId>;

/** Static-asset configuration the server puts into the boot data. */
export interface ClientConfig {
  readonly staticBase: string;
  readonly manifest: Readonly<Record<string, string>>;
}

/** The boot JSON in `<script id="dashbase-boot" type="application/json">`. */
export interface BootData {
  readonly csrfToken: string;
  readonly layout: Child;
  readonly title: string;
  readonly path: string;
  readonly dependencies: readonly CallbackSpec[];
  readonly config: ClientConfig;
}

/** One concrete input or state value in a callback request. */
export interface ConcreteValue {
  readonly id: ComponentId;
  readonly property: string;
  readonly value: unknown;
}

/** One concrete output in a callback request. */
export interface ConcreteRef {
  readonly id: ComponentId;
  readonly property: string;
}

/** The body of `POST /_dashbase/callback`. Wildcard ALL / ALLSMALLER entries are arrays, as in Dash. */
export interface CallbackRequest {
  readonly callbackId: string;
  readonly outputs: ReadonlyArray<ConcreteRef | readonly ConcreteRef[]>;
  readonly inputs: ReadonlyArray<ConcreteValue | readonly ConcreteValue[]>;
  readonly state: ReadonlyArray<ConcreteValue | readonly ConcreteValue[]>;
  readonly changedPropIds: readonly string[];
  /** The `<id key>.<property>` keys of outputs that are server-persisted props: the server saves their new values. */
  readonly persist?: readonly string[];
}

/** The 200 answer of `POST /_dashbase/callback`: `{ response: { "<id key>": { "<prop>": value } } }`. */
export interface CallbackResponse {
  readonly response: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Every error answer of the server. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: string };
}

/** The answer of `GET /_dashbase/layout?path=...`. */
export interface LayoutAnswer {
  readonly title: string;
  readonly path?: string;
  readonly layout: Child;
}

/** The answer of `POST /_dashbase/table/<id>`. */
export interface TablePage {
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** The body of `POST /_dashbase/table/<id>`. */
export interface TableQuery {
  readonly page: number;
  readonly pageSize: number;
  readonly sortBy: ReadonlyArray<{ readonly column: string; readonly direction: "asc" | "desc" }>;
  readonly filter: Readonly<Record<string, string>>;
}

/** Tells a component node from the other kinds of child. */
export function isComponentNode(value: unknown): value is ComponentNode {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { props?: unknown }).props === "object" &&
    (value as { props?: unknown }).props !== null
  );
}
