/**
 * @module
 * `dcc.Tabs`: its props, definition and factory. The factory takes the tabs first, as `html.*`
 * does (`dcc.Tabs([dcc.Tab(...)], { id })`), or the props alone.
 */
import { createNode, isComponentNode, type ComponentNode, type Children } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
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

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

function tabsFactory(children: Children, props?: Omit<TabsProps, "children">): TabsNode;
function tabsFactory(props: TabsProps): TabsNode;
function tabsFactory(first: Children | TabsProps, props: Omit<TabsProps, "children"> = {}): TabsNode {
  return createNode(tabs.type, isChildren(first) ? { ...props, children: first } : first);
}

/**
 * @example
 * dcc.Tabs([dcc.Tab("...", { label: "A", value: "a" }), dcc.Tab("...", { label: "B", value: "b" })], { id: "tabs", value: "a" })
 * dcc.Tabs({ id: "tabs", value: "a", children: [dcc.Tab({ label: "A", value: "a", children: "..." })] })
 */
export const Tabs = /* @__PURE__ */ withDefinition(tabs, tabsFactory);
