/**
 * @module
 * `dcc.RadioItems`: its props, definition and factory.
 */
import { createNode, type ComponentNode } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";
import type { Option, OptionValue } from "../option.js";

export interface RadioItemsProps<V extends OptionValue = OptionValue> extends BaseProps, PersistenceProps {
  options: readonly Option<V>[];
  value?: V | null;
  inline?: boolean;
}

export type RadioItemsNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.RadioItems", RadioItemsProps<V>>;

/**
 * A group of radio buttons; `value` is the chosen option.
 */
export const radioItems = defineComponent<"dcc.RadioItems", RadioItemsProps>({
  type: "dcc.RadioItems",
  children: "none",
  persistence: { props: ["value"] },
});

/** @example dcc.RadioItems({ id: "scale", options: ["linear", "log"], value: "linear" }) */
export const RadioItems = /* @__PURE__ */ withDefinition(radioItems, function RadioItems<
  const V extends OptionValue,
>(props: RadioItemsProps<V>): RadioItemsNode<V> {
  return createNode(radioItems.type, props);
});
