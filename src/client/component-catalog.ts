/**
 * @module
 * Every component this page's renderer knows, by type: the built-in ones (derived at build time
 * from src/components, see "dashbase:component-views") and the outside packages the app declared
 * (listed in the boot data with their browser module, fetched the first time a page shows one).
 * For each: its definition (defaults, persistence) and its view, eager or loaded on demand.
 */
import builtInComponents from "dashbase:component-views";
import type { ComponentDefinition } from "../protocol/component-definition.js";
import type { ComponentView, ViewEntry, ViewModule, ViewRegistry } from "./component-view.js";
import type { OutsideComponent } from "../protocol/boot-components.js";
import type { ComponentNode } from "../protocol/layout-tree.js";
import type { BasePath } from "../protocol/base-path.js";

interface CatalogEntry {
  readonly definition: ComponentDefinition | undefined;
  readonly view: ViewEntry;
  readonly prepare?: (node: ComponentNode, base: BasePath) => ComponentNode;
}

function viewOf(module: ViewModule, type: string): ComponentView {
  const view = module.default as unknown;
  if (typeof view === "function") return view as ComponentView;
  // an outside module may offer several components: a default export keyed by type
  const keyed = typeof view === "object" && view !== null ? (view as Record<string, unknown>)[type] : undefined;
  if (typeof keyed === "function") return keyed as ComponentView;
  throw new Error(`its module has no view for ${type}: expected a default export that is a view, or an object of views keyed by type`);
}

function outsideDefinition(type: string, spec: OutsideComponent): ComponentDefinition {
  return {
    type,
    children: "nodes",
    ...(spec.persisted === undefined
      ? {}
      : { persistence: { props: spec.persisted, ...(spec.debounce === true ? { debounce: true } : {}) } }),
  };
}

/**
 * The catalog of one renderer.
 * @example
 * const catalog = new ComponentCatalog(boot.components);
 * catalog.persistedProps({ type: "dcc.DatePickerRange", props: { persistence: true } }); // ["start_date", "end_date"]
 */
export class ComponentCatalog implements ViewRegistry {
  readonly #entries = new Map<string, CatalogEntry>();

  constructor(outside: Readonly<Record<string, OutsideComponent>> = {}) {
    for (const component of builtInComponents) {
      const { module, load } = component;
      for (const definition of component.definitions) {
        const type = definition.type;
        const view: ViewEntry =
          module !== undefined ? viewOf(module, type) : { lazy: () => load!().then((loaded) => viewOf(loaded, type)) };
        this.#entries.set(type, { definition, view, ...(module?.prepare === undefined ? {} : { prepare: module.prepare }) });
      }
    }
    for (const [type, spec] of Object.entries(outside)) {
      if (this.#entries.has(type) || type.startsWith("html.")) continue; // a built-in type name is never taken over
      const load = (): Promise<ComponentView> => import(/* @vite-ignore */ spec.module).then((module: ViewModule) => viewOf(module, type));
      this.#entries.set(type, { definition: outsideDefinition(type, spec), view: { lazy: load } });
    }
  }

  resolve(type: string): ViewEntry | undefined {
    const entry = this.#entries.get(type);
    if (entry !== undefined) return entry.view;
    // an element outside the html allowlist: the html view shows a note saying why it is not drawn
    return type.startsWith("html.") ? this.#entries.get("html.Div")?.view : undefined;
  }

  /** The definition of a type, when the renderer has one. */
  definition(type: string): ComponentDefinition | undefined {
    return this.#entries.get(type)?.definition;
  }

  /** The props a view of `type` sees when the node does not set them. */
  defaults(type: string): Readonly<Record<string, unknown>> | undefined {
    return this.#entries.get(type)?.definition?.defaults as Readonly<Record<string, unknown>> | undefined;
  }

  /** The node with what only the browser knows filled in by its view module (e.g. the location). */
  prepare(node: ComponentNode, base: BasePath): ComponentNode {
    return this.#entries.get(node.type)?.prepare?.(node, base) ?? node;
  }
}
