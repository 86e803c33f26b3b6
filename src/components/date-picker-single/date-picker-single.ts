/**
 * @module
 * `dcc.DatePickerSingle`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

/** Dates are ISO `YYYY-MM-DD` strings, as in Dash. */
export interface DatePickerSingleProps extends BaseProps, PersistenceProps {
  date?: string | null;
  min_date_allowed?: string;
  max_date_allowed?: string;
  placeholder?: string;
  disabled?: boolean;
}

export type DatePickerSingleNode = ComponentNode<"dcc.DatePickerSingle", DatePickerSingleProps>;

/**
 * One date on a native date input; dates are ISO `YYYY-MM-DD` strings, as in Dash.
 */
export const datePickerSingle = defineComponent<"dcc.DatePickerSingle", DatePickerSingleProps>({
  type: "dcc.DatePickerSingle",
  children: "none",
  persistence: { props: ["date"] },
});

/** @example dcc.DatePickerSingle({ id: "day", date: "2024-01-31" }) */
export const DatePickerSingle = /* @__PURE__ */ componentFactory(datePickerSingle);
