/**
 * @module
 * The contract between the renderer and each component's browser implementation: what a view
 * receives, and the attributes every component root carries (id, class, style, loading flag).
 */
import type { ComponentChild } from "preact";
import type { ComponentNode, Props } from "../protocol/layout-tree.js";

/** What a component view receives. */
export interface ViewProps {
  /** The node being rendered (its type and current props). */
  readonly node: ComponentNode;
  /** Shortcut for `node.props`. */
  readonly props: Props;
  /** The canonical key of the component's id, when it has one. */
  readonly idKey: string | undefined;
  /** True while a callback computes one of this component's props. */
  readonly loading: boolean;
  /** Records a change the user made; fires the callbacks that listen to it. */
  readonly setProps: (patch: Props) => void;
}

/** A component's browser implementation. */
export type ComponentView = (props: ViewProps) => ComponentChild;

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
export function rootAttributes(view: ViewProps, baseClass?: string): RootAttributes {
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
export function accessibleName(view: ViewProps): string | undefined {
  return (
    stringProp(view.props, "aria-label") ??
    stringProp(view.props, "label") ??
    stringProp(view.props, "placeholder") ??
    (typeof view.props.id === "string" ? view.props.id : undefined)
  );
}
