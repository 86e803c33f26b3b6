/**
 * @module
 * `dcc.Link`: its props, definition and factory.
 */
import { createNode, isComponentNode, type ComponentNode, type Children } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface LinkProps extends BaseProps {
  href: string;
  children?: Children;
  title?: string;
  /** true: a full page load instead of a client-side navigation. */
  refresh?: boolean;
  target?: "_blank" | "_self";
}

export type LinkNode = ComponentNode<"dcc.Link", LinkProps>;

/**
 * A link that navigates inside the app without reloading the page (other origins, modified clicks
 * and `refresh` load the page).
 */
export const link = defineComponent<"dcc.Link", LinkProps>({
  type: "dcc.Link",
  children: "nodes",
});

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

/** @example dcc.Link("France", { href: "/country/fr" }) */
export const Link = /* @__PURE__ */ withDefinition(
  link,
  (children: Children | LinkProps, props?: Omit<LinkProps, "children">): LinkNode => {
    if (isChildren(children)) {
      if (props === undefined)
        throw new TypeError("dcc.Link(children, { href }): expected props with an href as the second argument, found none");
      return createNode(link.type, { ...props, children });
    }
    return createNode(link.type, children ?? { href: "/" });
  },
);
