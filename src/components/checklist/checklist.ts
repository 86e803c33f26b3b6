/**
 * @module
 * `dcc.Checklist`: its props, definition and factory.
 */
import { createNode, type ComponentNode } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";
import type { Option, OptionValue } from "../option.js";

export interface ChecklistProps<V extends OptionValue = OptionValue> extends BaseProps, PersistenceProps {
  options: readonly Option<V>[];
  value?: readonly V[];
  inline?: boolean;
}

export type ChecklistNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.Checklist", ChecklistProps<V>>;

/**
 * A list of checkboxes; `value` is the array of checked options.
 */
export const checklist = defineComponent<"dcc.Checklist", ChecklistProps>({
  type: "dcc.Checklist",
  children: "none",
  persistence: { props: ["value"] },
});

/** @example dcc.Checklist({ id: "regions", options: ["EU", "US"], value: ["EU"] }) */
export const Checklist = /* @__PURE__ */ withDefinition(checklist, function Checklist<
  const V extends OptionValue,
>(props: ChecklistProps<V>): ChecklistNode<V> {
  return createNode(checklist.type, props);
});
