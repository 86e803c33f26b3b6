/**
 * @module
 * `dcc.DatePickerRange`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface DatePickerRangeProps extends BaseProps, PersistenceProps {
  start_date?: string | null;
  end_date?: string | null;
  min_date_allowed?: string;
  max_date_allowed?: string;
  disabled?: boolean;
}

export type DatePickerRangeNode = ComponentNode<"dcc.DatePickerRange", DatePickerRangeProps>;

/**
 * A start and an end date; the end cannot be set before the start.
 */
export const datePickerRange = defineComponent<"dcc.DatePickerRange", DatePickerRangeProps>({
  type: "dcc.DatePickerRange",
  children: "none",
  persistence: { props: ["start_date", "end_date"] },
});

/** @example dcc.DatePickerRange({ id: "span", start_date: "2024-01-01", end_date: "2024-03-31" }) */
export const DatePickerRange = /* @__PURE__ */ componentFactory(datePickerRange);
