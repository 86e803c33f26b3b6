/**
 * @module
 * The renderer's state: the layout tree (immutable nodes, copied along the path on change so
 * untouched subtrees keep their identity and skip re-rendering), the props-by-id index, and the
 * set of outputs that are loading. Plain TypeScript, no DOM.
 */
import { idKey, isComponentId, type ComponentId } from "../protocol/ids.js";
import { mapTree, nodesById, type ComponentNode, type LayoutChild, type Props } from "../protocol/layout-tree.js";
import type { ChangedProp, LayoutIndex } from "./callback-graph.js";

/**
 * Holds one page's layout and answers the callback logic's questions about it.
 *
 * @example
 * const store = new LayoutStore(layout);
 * store.setProps("name", { value: "Ada" }); // [{ id: "name", property: "value" }]
 */
export class LayoutStore implements LayoutIndex {
  #root: LayoutChild = null;
  #nodes = new Map<string, ComponentNode>();
  #ids: ComponentId[] = [];
  #loadingProps: ReadonlySet<string> = new Set();
  #loadingIds: ReadonlySet<string> = new Set();
  #version = 0;
  readonly #listeners = new Set<() => void>();

  constructor(root: LayoutChild = null) {
    this.replace(root);
  }

  /** The whole tree. */
  get root(): LayoutChild {
    return this.#root;
  }

  /** Grows by one on every change, so views can tell a new state from an old one. */
  get version(): number {
    return this.#version;
  }

  get ids(): readonly ComponentId[] {
    return this.#ids;
  }

  has(key: string): boolean {
    return this.#nodes.has(key);
  }

  prop(key: string, property: string): unknown {
    return this.#nodes.get(key)?.props[property];
  }

  /** The node with this id key, if present. */
  node(key: string): ComponentNode | undefined {
    return this.#nodes.get(key);
  }

  /** Replaces the whole layout (first load, navigation). */
  replace(root: LayoutChild): void {
    this.#root = root;
    this.#reindex();
    this.#emit();
  }

  /**
   * Merges new values into one component's props. Returns the properties set (each one counts as
   * changed, as in Dash) and the id keys of components that a new `children` value added.
   */
  setProps(key: string, patch: Props): { changed: ChangedProp[]; addedIds: Set<string> } {
    return this.setMany({ [key]: patch });
  }

  /** Like {@link setProps} for several components at once (one callback response). */
  setMany(patches: Readonly<Record<string, Props>>): { changed: ChangedProp[]; addedIds: Set<string> } {
    const changed: ChangedProp[] = [];
    const targets = new Map<string, Props>();
    for (const [key, patch] of Object.entries(patches)) {
      const node = this.#nodes.get(key);
      const id = node?.props.id;
      if (node === undefined || !isComponentId(id)) continue;
      targets.set(key, patch);
      for (const property of Object.keys(patch)) changed.push({ id, property });
    }
    if (targets.size === 0) return { changed, addedIds: new Set() };
    const before = new Set(this.#nodes.keys());
    this.#root = mapTree(this.#root, (node) => {
      const id = node.props.id;
      if (!isComponentId(id)) return node;
      const patch = targets.get(idKey(id));
      return patch === undefined ? node : { type: node.type, props: { ...node.props, ...patch } };
    });
    this.#reindex();
    const addedIds = new Set<string>();
    for (const key of this.#nodes.keys()) if (!before.has(key)) addedIds.add(key);
    this.#emit();
    return { changed, addedIds };
  }

  /** Marks outputs (`<id key>.<property>`) as loading. */
  setLoading(outputs: ReadonlySet<string>): void {
    const ids = new Set<string>();
    for (const key of outputs) {
      const dot = key.lastIndexOf(".");
      ids.add(dot === -1 ? key : key.slice(0, dot));
    }
    const same = ids.size === this.#loadingIds.size && [...ids].every((id) => this.#loadingIds.has(id));
    this.#loadingProps = outputs;
    this.#loadingIds = ids;
    if (!same) this.#emit();
  }

  /** Tells whether a callback is computing one of this component's properties. */
  isLoading(key: string): boolean {
    return this.#loadingIds.has(key);
  }

  /** The loading `<id key>.<property>` keys. */
  get loadingProps(): ReadonlySet<string> {
    return this.#loadingProps;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #reindex(): void {
    // The same walk as the server's layout summary: one idea of which ids a page has.
    this.#nodes = nodesById(this.#root);
    this.#ids = [...this.#nodes.values()].map((node) => node.props.id as ComponentId);
  }

  #emit(): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener();
  }
}
