/**
 * @module
 * Walking and rewriting a layout tree: finding ids and persisted props, and
 * replacing props (persisted values) without mutating the frozen nodes.
 */
import { isComponentNode, idKey, type ComponentId, type ComponentNode } from "./component-node.js";
import { defaultPersistedProps } from "../protocol/persisted-props.js";

/** What a layout may be: a node, text, or a list of them. */
export type LayoutValue = ComponentNode | string | number | null | undefined | false | readonly LayoutValue[];

function nodesIn(value: unknown, visit: (node: ComponentNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) nodesIn(item, visit);
  } else if (isComponentNode(value)) {
    visit(value);
  }
}

/**
 * Calls `visit` for every node in the tree, parents first. Nodes anywhere in props count (children, tab labels, ...).
 * @example
 * walkLayout(layout, (node) => console.log(node.type));
 */
export function walkLayout(root: unknown, visit: (node: ComponentNode) => void): void {
  nodesIn(root, (node) => {
    visit(node);
    for (const value of Object.values(node.props)) {
      if (typeof value === "object" && value !== null) nodesIn(value, (child) => walkLayout(child, visit));
    }
  });
}

/** One prop whose value persists on the server. */
export interface PersistedProp {
  id: ComponentId;
  key: string;
  property: string;
}

/** What a layout holds that the server needs: ids and server-persisted props. */
export interface LayoutSummary {
  /** Canonical id key -> the node's type. */
  ids: Map<string, string>;
  persisted: PersistedProp[];
}

function isServerPersisted(node: ComponentNode): boolean {
  const props = node.props as { persistence?: unknown; storage_type?: unknown };
  return props.persistence === "server" || (node.type === "dcc.Store" && props.storage_type === "server");
}

/** The props of `node` that persist, by `persisted_props` or the component's default. */
export function persistedPropsOf(node: ComponentNode): readonly string[] {
  const explicit = (node.props as { persisted_props?: unknown }).persisted_props;
  if (Array.isArray(explicit) && explicit.every((item) => typeof item === "string")) return explicit as string[];
  return defaultPersistedProps[node.type] ?? ["value"];
}

/** Summarises a layout in one pass. */
export function summarizeLayout(root: unknown): LayoutSummary {
  const summary: LayoutSummary = { ids: new Map(), persisted: [] };
  walkLayout(root, (node) => {
    const id = (node.props as { id?: ComponentId }).id;
    if (id !== undefined) summary.ids.set(idKey(id), node.type);
    if (id !== undefined && isServerPersisted(node)) {
      for (const property of persistedPropsOf(node)) summary.persisted.push({ id, key: idKey(id), property });
    }
  });
  return summary;
}

/**
 * Returns a copy of the tree in which `replace` may swap props of nodes; unchanged subtrees are shared.
 * @example
 * const next = rewriteLayout(layout, (node) => node.props.id === "name" ? { value: "Ada" } : undefined);
 */
export function rewriteLayout<T>(root: T, replace: (node: ComponentNode) => Readonly<Record<string, unknown>> | undefined): T {
  const rewriteValue = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      let changed = false;
      const next = value.map((item) => {
        const result = rewriteValue(item);
        if (result !== item) changed = true;
        return result;
      });
      return changed ? Object.freeze(next) : value;
    }
    if (!isComponentNode(value)) return value;
    const patch = replace(value);
    let props: Record<string, unknown> | undefined = patch === undefined ? undefined : { ...value.props, ...patch };
    for (const [key, child] of Object.entries(value.props)) {
      if (typeof child !== "object" || child === null) continue;
      const next = rewriteValue(child);
      if (next !== child) {
        props ??= { ...value.props };
        props[key] = next;
      }
    }
    if (props === undefined) return value;
    return Object.freeze({ type: value.type, props: Object.freeze(props) });
  };
  return rewriteValue(root) as T;
}
