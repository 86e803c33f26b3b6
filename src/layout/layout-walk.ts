/**
 * @module
 * Walking and rewriting a layout tree: finding ids and persisted props, and
 * replacing props (persisted values) without mutating the frozen nodes.
 */
import type { ComponentId } from "../protocol/ids.js";
import { mapTree, nodesById, type ComponentNode } from "../protocol/layout-tree.js";
import { builtInCatalog, type ComponentCatalog } from "../components/component-catalog.js";
import { persistedPropsFor, persistenceWhere } from "../protocol/component-definition.js";

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

/** Whether `node`'s persisted props live on the server (its definition decides, else `persistence: "server"`). */
function isServerPersisted(node: ComponentNode, catalog: ComponentCatalog): boolean {
  return persistenceWhere(catalog.definitionOf(node.type), node.props) === "server";
}

/** The props of `node` that persist, by `persisted_props` or the component's definition. */
export function persistedPropsOf(node: ComponentNode, catalog: ComponentCatalog = builtInCatalog): readonly string[] {
  return persistedPropsFor(catalog.definitionOf(node.type), node.props);
}

/** Summarises a layout, its ids found as the renderer finds them (src/protocol/layout-tree.ts). */
export function summarizeLayout(root: unknown, catalog: ComponentCatalog = builtInCatalog): LayoutSummary {
  const summary: LayoutSummary = { ids: new Map(), persisted: [] };
  for (const [key, node] of nodesById(root)) {
    summary.ids.set(key, node.type);
    if (!isServerPersisted(node, catalog)) continue;
    const id = node.props.id as ComponentId;
    for (const property of persistedPropsOf(node, catalog)) summary.persisted.push({ id, key, property });
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
