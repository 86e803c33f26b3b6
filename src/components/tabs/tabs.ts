/**
 * @module
 * `dcc.Tabs`: its props, definition and factory.
 */
import type { ComponentNode, Children } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface TabsProps extends BaseProps, PersistenceProps {
  /** The value of the selected tab (default: the first tab). */
  value?: string;
  children?: Children;
}

export type TabsNode = ComponentNode<"dcc.Tabs", TabsProps>;

/**
 * An ARIA tab list of `dcc.Tab` children (arrow keys, Home and End move between tabs) and one
 * panel showing the selected tab.
 */
export const tabs = defineComponent<"dcc.Tabs", TabsProps>({
  type: "dcc.Tabs",
  children: "nodes",
  persistence: { props: ["value"] },
});

/** @example dcc.Tabs({ id: "tabs", value: "a", children: [dcc.Tab({ label: "A", value: "a", children: "..." })] }) */
export const Tabs = /* @__PURE__ */ componentFactory(tabs);
