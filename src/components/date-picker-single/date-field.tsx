/**
 * @module
 * One native date input, as `dcc.DatePickerSingle` and `dcc.DatePickerRange` use it: ISO
 * `YYYY-MM-DD` strings in and out, as in Dash; the browser supplies the calendar and its keyboard.
 */
import type { ComponentChild } from "preact";
import type { ViewProps } from "../../client/component-view.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** The ISO date in a prop, or "". */
export function isoDate(value: unknown): string {
  return typeof value === "string" && ISO_DATE.test(value) ? value.slice(0, 10) : "";
}

/** A date input bound to `property` of the view. */
export function DateField(props: {
  view: ViewProps<{ disabled?: boolean }>;
  property: string;
  label: string;
  min?: string;
  max?: string;
}): ComponentChild {
  const { view, property } = props;
  return (
    <input
      type="date"
      class="dashbase-date-input"
      value={isoDate(view.props[property])}
      min={props.min}
      max={props.max}
      aria-label={props.label}
      disabled={view.props.disabled === true}
      onChange={(event) => {
        const value = event.currentTarget.value;
        view.setProps({ [property]: value === "" ? null : value });
      }}
    />
  );
}
