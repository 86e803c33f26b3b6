/**
 * @module
 * The layout tree as both sides read it: plain JSON nodes `{ type, props }`, children in
 * `props.children`. A node counts wherever it sits in a node's props, directly or inside arrays
 * (children, but also any other prop holding nodes); plain objects (a figure, a style, a row)
 * are data and are not searched.
 */
import { idKey, isComponentId } from "./ids.js";

/** Component props as plain JSON. */
export type Props = Readonly<Record<string, unknown>>;

/** A node of the layout tree. */
export interface ComponentNode<Type extends string = string, NodeProps extends object = Record<string, unknown>> {
  readonly type: Type;
  readonly props: Readonly<NodeProps>;
}

/** What may stand where a layout or `children` goes: a node, text, a number, nothing, or a list. */
export type LayoutChild = ComponentNode | string | number | boolean | null | undefined | readonly LayoutChild[];

/**
 * True when `value` is a component node: an object with a string `type`, an object `props`, and
 * no other key. As on the wire, keys whose value is undefined (or symbols) do not count.
 *
 * @example
 * isComponentNode({ type: "html.Div", props: {} }); // true
 * isComponentNode({ type: "bar", x: [1] }); // false
 */
export function isComponentNode(value: unknown): value is ComponentNode {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const candidate = value as { type?: unknown; props?: unknown };
  return (
    typeof candidate.type === "string" &&
    typeof candidate.props === "object" &&
    candidate.props !== null &&
    !Array.isArray(candidate.props) &&
    Object.entries(value).every(([key, item]) => key === "type" || key === "props" || item === undefined)
  );
}

function nodesIn(value: unknown, visit: (node: ComponentNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) nodesIn(item, visit);
  } else if (isComponentNode(value)) {
    visit(value);
  }
}

/**
 * Calls `visit` for every node of the tree, parents first, in document order.
 *
 * @example
 * walkTree(layout, (node) => console.log(node.type));
 */
export function walkTree(root: unknown, visit: (node: ComponentNode) => void): void {
  nodesIn(root, (node) => {
    visit(node);
    for (const value of Object.values(node.props)) {
      if (typeof value === "object" && value !== null) walkTree(value, visit);
    }
  });
}

/**
 * The nodes of a tree that have a usable id, by id key, in document order. When two nodes share
 * an id the first one counts: the one a callback addresses.
 *
 * @example
 * [...nodesById(layout).keys()]; // ["name", '{"index":1,"type":"f"}']
 */
export function nodesById(root: unknown): Map<string, ComponentNode> {
  const nodes = new Map<string, ComponentNode>();
  walkTree(root, (node) => {
    const id = node.props["id"];
    if (!isComponentId(id)) return;
    const key = idKey(id);
    if (!nodes.has(key)) nodes.set(key, node);
  });
  return nodes;
}

/** How {@link mapTree} copies what it changes. */
export interface MapTreeOptions {
  /** Builds the copy of `node` with new props (default: a plain `{ type, props }`). */
  readonly rebuild?: (node: ComponentNode, props: Props) => ComponentNode;
  /** Freezes the arrays, props and (default-built) nodes it copies. */
  readonly freeze?: boolean;
}

/**
 * A copy of the tree in which `change` may replace any node (it is called parents first, and the
 * nodes inside what it returns are visited in turn). Unchanged subtrees and arrays are returned
 * as they were, so their identity tells what changed.
 *
 * @example
 * const next = mapTree(layout, (node) => (node.props.id === "name" ? { type: node.type, props: { ...node.props, value: "Ada" } } : node));
 */
export function mapTree<T>(root: T, change: (node: ComponentNode) => ComponentNode, options: MapTreeOptions = {}): T {
  const freeze = options.freeze === true;
  const rebuild =
    options.rebuild ??
    ((node: ComponentNode, props: Props): ComponentNode =>
      freeze ? Object.freeze({ type: node.type, props }) : { type: node.type, props });
  const mapValue = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item: unknown, index) => {
        const next = mapValue(item);
        if (next === item) return;
        copy ??= [...(value as unknown[])];
        copy[index] = next;
      });
      if (copy === undefined) return value;
      return freeze ? Object.freeze(copy) : copy;
    }
    if (!isComponentNode(value)) return value;
    const changed = change(value);
    let props: Record<string, unknown> | undefined;
    for (const [key, prop] of Object.entries(changed.props)) {
      if (typeof prop !== "object" || prop === null) continue;
      const next = mapValue(prop);
      if (next === prop) continue;
      props ??= { ...changed.props };
      props[key] = next;
    }
    if (props === undefined) return changed;
    return rebuild(changed, freeze ? Object.freeze(props) : props);
  };
  return mapValue(root) as T;
}
