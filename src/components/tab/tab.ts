/**
 * @module
 * `dcc.Tab`: its props, definition and factory. The factory takes the tab's content first, as
 * `html.*` does (`dcc.Tab([...], { label, value })`), or the props alone.
 */
import { createNode, isComponentNode, type ComponentNode, type Children } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface TabProps extends BaseProps {
  label: string;
  value: string;
  disabled?: boolean;
  children?: Children;
}

export type TabNode = ComponentNode<"dcc.Tab", TabProps>;

/**
 * One tab of a `dcc.Tabs`: its label, its value, and the children shown when it is selected.
 */
export const tab = defineComponent<"dcc.Tab", TabProps>({
  type: "dcc.Tab",
  children: "nodes",
});

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

function tabFactory(children: Children, props: Omit<TabProps, "children">): TabNode;
function tabFactory(props: TabProps): TabNode;
function tabFactory(first: Children | TabProps, props?: Omit<TabProps, "children">): TabNode {
  if (!isChildren(first)) return createNode(tab.type, first);
  if (props === undefined) throw new TypeError("dcc.Tab(children, props): expected { label, value } after the children, found nothing");
  return createNode(tab.type, { ...props, children: first });
}

/**
 * @example
 * dcc.Tab([DataTable({ id: "t", data, columns })], { label: "Table", value: "table" })
 * dcc.Tab({ label: "Table", value: "table", children: [DataTable({ id: "t", data, columns })] })
 */
export const Tab = /* @__PURE__ */ withDefinition(tab, tabFactory);
