/**
 * @module
 * Walking and rewriting a layout tree: finding ids, table bindings and persisted props, and
 * replacing props (persisted values) without mutating the frozen nodes.
 */
import { isComponentNode, idKey, type ComponentId, type ComponentNode } from "./component-node.js";
import { attachTableBinding, tableBindingOf, type TableBinding } from "./data-table.js";
import { definitionOf } from "../components/component-catalog.js";
import { persistedPropsFor, persistenceWhere } from "../protocol/component-definition.js";

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

/** What a layout holds that the server needs: ids, query-bound tables and server-persisted props. */
export interface LayoutSummary {
  /** Canonical id key -> the node's type. */
  ids: Map<string, string>;
  tables: TableBinding[];
  persisted: PersistedProp[];
}

/** Whether `node`'s persisted props live on the server (its definition decides, else `persistence: "server"`). */
function isServerPersisted(node: ComponentNode): boolean {
  return persistenceWhere(definitionOf(node.type), node.props) === "server";
}

/** The props of `node` that persist, by `persisted_props` or the component's definition. */
export function persistedPropsOf(node: ComponentNode): readonly string[] {
  return persistedPropsFor(definitionOf(node.type), node.props);
}

/** Summarises a layout in one pass. */
export function summarizeLayout(root: unknown): LayoutSummary {
  const summary: LayoutSummary = { ids: new Map(), tables: [], persisted: [] };
  walkLayout(root, (node) => {
    const id = (node.props as { id?: ComponentId }).id;
    if (id !== undefined) summary.ids.set(idKey(id), node.type);
    const binding = tableBindingOf(node);
    if (binding !== undefined) summary.tables.push(binding);
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
    const copy = { type: value.type, props: Object.freeze(props) };
    const binding = tableBindingOf(value);
    return binding === undefined ? Object.freeze(copy) : attachTableBinding(copy, binding);
  };
  return rewriteValue(root) as T;
}
