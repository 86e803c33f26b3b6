/**
 * @module
 * `dcc.Tab`: its props, definition and factory.
 */
import type { ComponentNode, Children } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
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

/** @example dcc.Tab({ label: "Table", value: "table", children: [DataTable({ id: "t", data, columns })] }) */
export const Tab = /* @__PURE__ */ componentFactory(tab);
