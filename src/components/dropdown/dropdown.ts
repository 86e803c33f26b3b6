/**
 * @module
 * `dcc.Dropdown`: its props, definition and factory.
 */
import { createNode, type ComponentNode } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";
import type { Option, OptionValue } from "../option.js";

export interface DropdownProps<V extends OptionValue = OptionValue> extends BaseProps, PersistenceProps {
  options: readonly Option<V>[];
  /** One value, several with `multi`, or null when cleared. */
  value?: V | readonly V[] | null;
  multi?: boolean;
  /** Type to filter the options (default true). */
  searchable?: boolean;
  /** Offer a control that clears the value (default true). */
  clearable?: boolean;
  placeholder?: string;
  disabled?: boolean;
  "aria-label"?: string;
}

export type DropdownNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.Dropdown", DropdownProps<V>>;

/**
 * Picks one value (or several with `multi`) from a list of options, searchable by typing.
 */
export const dropdown = defineComponent<"dcc.Dropdown", DropdownProps>({
  type: "dcc.Dropdown",
  children: "none",
  defaults: { searchable: true, clearable: true },
  persistence: { props: ["value"] },
});

/** @example dcc.Dropdown({ id: "indicator", options: [{ label: "Population", value: "pop" }], value: "pop" }) */
export const Dropdown = /* @__PURE__ */ withDefinition(dropdown, function Dropdown<
  const V extends OptionValue,
>(props: DropdownProps<V>): DropdownNode<V> {
  return createNode(dropdown.type, props);
});
