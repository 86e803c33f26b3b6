/**
 * @module
 * `dcc.Location`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface LocationProps extends BaseProps {
  pathname?: string;
  search?: string;
  hash?: string;
  href?: string;
  /** true: a full page load when set by a callback; false (default): a client-side navigation. */
  refresh?: boolean;
}

export type LocationNode = ComponentNode<"dcc.Location", LocationProps>;

/**
 * Follows the browser's location (`pathname`, `search`, `hash`, `href`); a callback that sets one
 * of them navigates there.
 */
export const location = defineComponent<"dcc.Location", LocationProps>({
  type: "dcc.Location",
  children: "none",
});

/** @example dcc.Location({ id: "url" }) */
export const Location = /* @__PURE__ */ componentFactory(location);
