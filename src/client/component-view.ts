/**
 * @module
 * The contract between the renderer and each component's browser implementation: what a view
 * receives, and the attributes every component root carries (id, class, style, loading flag).
 */
import type { ComponentChild } from "preact";
import type { ViewProps as ProtocolViewProps } from "../protocol/component-definition.js";
import type { ComponentNode, Props } from "../protocol/layout-tree.js";
import type { BasePath } from "../protocol/base-path.js";

/** What a component view receives: its node, typed props (defaults applied), loading state and `setProps`. */
export type ViewProps<P extends object = Record<string, unknown>> = ProtocolViewProps<P>;

/** A component's browser implementation. */
export type ComponentView<P extends object = Record<string, unknown>> = (props: ViewProps<P>) => ComponentChild;

/**
 * What a view module may export besides its view (the default export): `prepare` fills in what
 * the server cannot know before the page first draws (the browser's location, browser storage).
 */
export interface ViewModule {
  readonly default: ComponentView;
  readonly prepare?: (node: ComponentNode, base: BasePath) => ComponentNode;
}

/** How a component type is implemented: a view, or a chunk loaded when first needed. */
export type ViewEntry = ComponentView | { readonly lazy: () => Promise<ComponentView> };

/** Finds the implementation of a component type, and the props its view sees by default. */
export interface ViewRegistry {
  resolve(type: string): ViewEntry | undefined;
  defaults?(type: string): Props | undefined;
}

/** Root attributes every component carries. */
export interface RootAttributes {
  id?: string;
  class?: string;
  style?: Record<string, string | number> | string;
  "data-dashbase-loading"?: "true";
}

/** Reads a string prop, or undefined. */
export function stringProp(props: Props, name: string): string | undefined {
  const value = props[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a finite number prop, or undefined. */
export function numberProp(props: Props, name: string): number | undefined {
  const value = props[name];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Reads a style prop: a camelCase object (as in Dash) or a plain CSS string. */
export function styleProp(props: Props): Record<string, string | number> | string | undefined {
  const style = props.style;
  if (typeof style === "string") return style;
  if (typeof style !== "object" || style === null || Array.isArray(style)) return undefined;
  const clean: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(style)) {
    if (typeof value === "string" || typeof value === "number") clean[name] = value;
  }
  return clean;
}

/**
 * The id, class, style and loading attributes of a component's root element.
 *
 * @example
 * <div {...rootAttributes(view, "dashbase-slider")}>...</div>
 */
export function rootAttributes<P extends object>(view: ViewProps<P>, baseClass?: string): RootAttributes {
  const className = [baseClass, stringProp(view.props, "className")].filter(Boolean).join(" ");
  const attributes: RootAttributes = {};
  if (view.idKey !== undefined) attributes.id = view.idKey;
  if (className !== "") attributes.class = className;
  const style = styleProp(view.props);
  if (style !== undefined) attributes.style = style;
  if (view.loading) attributes["data-dashbase-loading"] = "true";
  return attributes;
}

/** An accessible name for a control: `aria-label`, else `label`, else `placeholder`, else the id. */
export function accessibleName<P extends object>(view: ViewProps<P>): string | undefined {
  return (
    stringProp(view.props, "aria-label") ??
    stringProp(view.props, "label") ??
    stringProp(view.props, "placeholder") ??
    (typeof view.props.id === "string" ? view.props.id : undefined)
  );
}
