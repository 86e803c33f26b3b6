/**
 * @module
 * Walking and rewriting a layout tree: finding ids and persisted props, and
 * replacing props (persisted values) without mutating the frozen nodes.
 */
import type { ComponentId } from "../protocol/ids.js";
import { mapTree, nodesById, type ComponentNode } from "../protocol/layout-tree.js";
import { defaultPersistedProps } from "../protocol/persisted-props.js";

/** What a layout may be: a node, text, or a list of them. */
export type LayoutValue = ComponentNode | string | number | null | undefined | false | readonly LayoutValue[];

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

/** Summarises a layout, its ids found as the renderer finds them (src/protocol/layout-tree.ts). */
export function summarizeLayout(root: unknown): LayoutSummary {
  const summary: LayoutSummary = { ids: new Map(), persisted: [] };
  for (const [key, node] of nodesById(root)) {
    summary.ids.set(key, node.type);
    if (!isServerPersisted(node)) continue;
    const id = node.props.id as ComponentId;
    for (const property of persistedPropsOf(node)) summary.persisted.push({ id, key, property });
  }
  return summary;
}

/**
 * Returns a copy of the tree in which `replace` may swap props of nodes; unchanged subtrees are shared.
 * @example
 * const next = rewriteLayout(layout, (node) => node.props.id === "name" ? { value: "Ada" } : undefined);
 */
export function rewriteLayout<T>(root: T, replace: (node: ComponentNode) => Readonly<Record<string, unknown>> | undefined): T {
  return mapTree(
    root,
    (node) => {
      const patch = replace(node);
      return patch === undefined ? node : Object.freeze({ type: node.type, props: Object.freeze({ ...node.props, ...patch }) });
    },
    { freeze: true },
  );
}
