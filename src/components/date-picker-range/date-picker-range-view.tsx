/**
 * @module
 * The browser view of `dcc.DatePickerRange`: two native date inputs; the end cannot be set before the start, nor the start after the end.
 */
import type { ComponentChild } from "preact";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { DateField, isoDate } from "../date-picker-single/date-field.js";
import type { DatePickerRangeProps } from "./date-picker-range.js";

/** `dcc.DatePickerRange`: the end cannot be set before the start, nor the start after the end. */
export default function DatePickerRangeView(view: ViewProps<DatePickerRangeProps>): ComponentChild {
  const min = isoDate(view.props.min_date_allowed) || undefined;
  const max = isoDate(view.props.max_date_allowed) || undefined;
  const start = isoDate(view.props.start_date) || undefined;
  const end = isoDate(view.props.end_date) || undefined;
  return (
    <div {...rootAttributes(view, "dashbase-datepicker dashbase-daterange")}>
      <DateField
        view={view}
        property="start_date"
        label={stringProp(view.props, "start_date_placeholder_text") ?? "Start date"}
        min={min}
        max={end ?? max}
      />
      <span class="dashbase-daterange-sep" aria-hidden="true">
        →
      </span>
      <DateField
        view={view}
        property="end_date"
        label={stringProp(view.props, "end_date_placeholder_text") ?? "End date"}
        min={start ?? min}
        max={max}
      />
    </div>
  );
}
