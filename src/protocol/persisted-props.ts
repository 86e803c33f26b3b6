/**
 * @module
 * Which props each component persists when `persistence` is set and `persisted_props` is not.
 * Part of the wire protocol: the server (replaying saved values into layouts) and the browser
 * renderer (saving them) read this one table.
 */

export const defaultPersistedProps: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "dcc.Input": ["value"],
  "dcc.Textarea": ["value"],
  "dcc.Dropdown": ["value"],
  "dcc.Checklist": ["value"],
  "dcc.RadioItems": ["value"],
  "dcc.Slider": ["value"],
  "dcc.RangeSlider": ["value"],
  "dcc.DatePickerSingle": ["date"],
  "dcc.DatePickerRange": ["start_date", "end_date"],
  "dcc.Tabs": ["value"],
  "dcc.Store": ["data"],
});
