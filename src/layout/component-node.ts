/**
 * @module
 * The component node: plain, immutable JSON `{ type, props }` with children in `props.children`.
 * The same value is built by the factories, sent over the wire and read by the renderer.
 */

/** A JSON-safe scalar allowed in a pattern-matching id. */
export type IdValue = string | number | boolean;

/** A component id: a string, or an object for pattern-matching (`{ type: "filter", index: 2 }`). */
export type ComponentId = string | Readonly<Record<string, IdValue>>;

/** Any JSON value (what props, callback values and store values are made of). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One child: a node, text, a number, or nothing (null, false and undefined render as nothing). */
export type Child = ComponentNode | string | number | null | undefined | false;

/** What `props.children` holds. */
export type Children = Child | readonly Child[];

/** A camelCase style object, as in React and Dash. */
export type Style = Readonly<Record<string, string | number>>;

/** A node of the layout tree. */
export interface ComponentNode<Type extends string = string, Props extends object = Record<string, unknown>> {
  readonly type: Type;
  readonly props: Readonly<Props>;
}

/**
 * True when `value` is a component node (an object with a string `type` and an object `props`, and nothing else).
 * @example
 * isComponentNode(html.Div("x")); // true
 */
export function isComponentNode(value: unknown): value is ComponentNode {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const candidate = value as { type?: unknown; props?: unknown };
  return typeof candidate.type === "string" && typeof candidate.props === "object" && candidate.props !== null && Object.keys(value).length === 2;
}

/**
 * Builds a frozen node, dropping `undefined` props so the node is the same as its JSON.
 * @example
 * createNode("html.Div", { id: "box", children: ["hello"] });
 */
export function createNode<Type extends string, Props extends object>(type: Type, props: Props): ComponentNode<Type, Props> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    clean[key] = key === "children" && Array.isArray(value) ? Object.freeze([...(value as unknown[])]) : value;
  }
  return Object.freeze({ type, props: Object.freeze(clean) as Readonly<Props> });
}

/**
 * The canonical key of an id on the wire: the string itself, or the JSON of the object with its keys sorted.
 * @example
 * idKey({ type: "filter", index: 2 }); // '{"index":2,"type":"filter"}'
 */
export function idKey(id: ComponentId | Readonly<Record<string, unknown>>): string {
  if (typeof id === "string") return id;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(id).sort()) sorted[key] = id[key];
  return JSON.stringify(sorted);
}

/** Reads back an id from its canonical key (a JSON object when it starts with `{`). */
export function parseIdKey(key: string): ComponentId {
  if (!key.startsWith("{")) return key;
  try {
    const parsed = JSON.parse(key) as unknown;
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, IdValue>;
  } catch {
    // not JSON: a plain string id that happens to start with a brace
  }
  return key;
}
