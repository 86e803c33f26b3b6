/**
 * @module
 * The browser view of `dcc.DatePickerSingle`: a native date input (the browser supplies the calendar and its keyboard support).
 */
import type { ComponentChild } from "preact";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { DateField, isoDate } from "./date-field.js";
import type { DatePickerSingleProps } from "./date-picker-single.js";

/** `dcc.DatePickerSingle`. */
export default function DatePickerSingleView(view: ViewProps<DatePickerSingleProps>): ComponentChild {
  const min = isoDate(view.props.min_date_allowed) || undefined;
  const max = isoDate(view.props.max_date_allowed) || undefined;
  const label = stringProp(view.props, "aria-label") ?? stringProp(view.props, "placeholder") ?? "Date";
  return (
    <div {...rootAttributes(view, "dashbase-datepicker")}>
      <DateField view={view} property="date" label={label} min={min} max={max} />
    </div>
  );
}
