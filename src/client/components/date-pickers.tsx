/**
 * @module
 * `dcc.DatePickerSingle` and `dcc.DatePickerRange` over native date inputs: ISO `YYYY-MM-DD`
 * strings in and out, as in Dash; the browser supplies the calendar and its keyboard support.
 */
import type { ComponentChild } from "preact";
import { rootAttributes, stringProp, type ViewProps } from "../component-view.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function isoDate(value: unknown): string {
  return typeof value === "string" && ISO_DATE.test(value) ? value.slice(0, 10) : "";
}

function DateField(props: { view: ViewProps; property: string; label: string; min?: string; max?: string }): ComponentChild {
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

/** `dcc.DatePickerSingle`. */
export function DatePickerSingle(view: ViewProps): ComponentChild {
  const min = isoDate(view.props.min_date_allowed) || undefined;
  const max = isoDate(view.props.max_date_allowed) || undefined;
  const label = stringProp(view.props, "aria-label") ?? stringProp(view.props, "placeholder") ?? "Date";
  return (
    <div {...rootAttributes(view, "dashbase-datepicker")}>
      <DateField view={view} property="date" label={label} min={min} max={max} />
    </div>
  );
}

/** `dcc.DatePickerRange`: the end cannot be set before the start, nor the start after the end. */
export function DatePickerRange(view: ViewProps): ComponentChild {
  const min = isoDate(view.props.min_date_allowed) || undefined;
  const max = isoDate(view.props.max_date_allowed) || undefined;
  const start = isoDate(view.props.start_date) || undefined;
  const end = isoDate(view.props.end_date) || undefined;
  return (
    <div {...rootAttributes(view, "dashbase-datepicker dashbase-daterange")}>
      <DateField view={view} property="start_date" label={stringProp(view.props, "start_date_placeholder_text") ?? "Start date"} min={min} max={end ?? max} />
      <span class="dashbase-daterange-sep" aria-hidden="true">→</span>
      <DateField view={view} property="end_date" label={stringProp(view.props, "end_date_placeholder_text") ?? "End date"} min={start ?? min} max={max} />
    </div>
  );
}
