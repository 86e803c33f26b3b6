/**
 * @module
 * `dcc.*` controls a user changes: text inputs, choices, sliders, dates and tabs.
 * Prop names follow Dash's, so Dash users recognise them; each factory is typed by its props.
 */
import { createNode, type Children, type ComponentId, type ComponentNode, type Style } from "./component-node.js";

/** Props every dcc component takes. */
export interface BaseProps {
  id?: ComponentId;
  className?: string;
  style?: Style;
}

/**
 * Persistence of a user's value. `"server"` saves it in the per-user store and replays it into later
 * layouts, on any browser carrying the same session or login; `"local"`/`"session"` keep it in the browser.
 */
export interface PersistenceProps {
  persistence?: "server" | "local" | "session" | boolean;
  /** Which props persist; each component has a sensible default (usually `value`). */
  persisted_props?: readonly string[];
}

/** A choice in a Dropdown, Checklist or RadioItems: a bare value or `{ label, value }`. */
export type OptionValue = string | number | boolean;
export type Option<V extends OptionValue = OptionValue> = V | { label: string; value: V; disabled?: boolean; title?: string };

export interface InputProps extends BaseProps, PersistenceProps {
  value?: string | number | null;
  type?: "text" | "number" | "password" | "email" | "search" | "tel" | "url" | "range" | "hidden";
  placeholder?: string;
  /** true: update `value` on Enter or blur only; a number: after that many ms of quiet. */
  debounce?: boolean | number;
  min?: number;
  max?: number;
  step?: number | "any";
  disabled?: boolean;
  readOnly?: boolean;
  required?: boolean;
  autoComplete?: string;
  /** Counts Enter presses. */
  n_submit?: number;
  /** Counts blurs. */
  n_blur?: number;
  "aria-label"?: string;
}

export interface TextareaProps extends BaseProps, PersistenceProps {
  value?: string | null;
  placeholder?: string;
  rows?: number;
  cols?: number;
  debounce?: boolean | number;
  disabled?: boolean;
  readOnly?: boolean;
  "aria-label"?: string;
}

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

export interface ChecklistProps<V extends OptionValue = OptionValue> extends BaseProps, PersistenceProps {
  options: readonly Option<V>[];
  value?: readonly V[];
  inline?: boolean;
}

export interface RadioItemsProps<V extends OptionValue = OptionValue> extends BaseProps, PersistenceProps {
  options: readonly Option<V>[];
  value?: V | null;
  inline?: boolean;
}

export interface SliderProps extends BaseProps, PersistenceProps {
  min: number;
  max: number;
  step?: number | null;
  value?: number;
  marks?: Readonly<Record<string, string>>;
  disabled?: boolean;
  /** "mouseup" (default) updates `value` when the user lets go; "drag" while dragging. */
  updatemode?: "mouseup" | "drag";
  "aria-label"?: string;
}

export interface RangeSliderProps extends Omit<SliderProps, "value"> {
  value?: readonly [number, number];
}

/** Dates are ISO `YYYY-MM-DD` strings, as in Dash. */
export interface DatePickerSingleProps extends BaseProps, PersistenceProps {
  date?: string | null;
  min_date_allowed?: string;
  max_date_allowed?: string;
  placeholder?: string;
  disabled?: boolean;
}

export interface DatePickerRangeProps extends BaseProps, PersistenceProps {
  start_date?: string | null;
  end_date?: string | null;
  min_date_allowed?: string;
  max_date_allowed?: string;
  disabled?: boolean;
}

export interface TabProps extends BaseProps {
  label: string;
  value: string;
  disabled?: boolean;
  children?: Children;
}

export interface TabsProps extends BaseProps, PersistenceProps {
  /** The value of the selected tab (default: the first tab). */
  value?: string;
  children?: Children;
}

export type InputNode = ComponentNode<"dcc.Input", InputProps>;
export type TextareaNode = ComponentNode<"dcc.Textarea", TextareaProps>;
export type DropdownNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.Dropdown", DropdownProps<V>>;
export type ChecklistNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.Checklist", ChecklistProps<V>>;
export type RadioItemsNode<V extends OptionValue = OptionValue> = ComponentNode<"dcc.RadioItems", RadioItemsProps<V>>;
export type SliderNode = ComponentNode<"dcc.Slider", SliderProps>;
export type RangeSliderNode = ComponentNode<"dcc.RangeSlider", RangeSliderProps>;
export type DatePickerSingleNode = ComponentNode<"dcc.DatePickerSingle", DatePickerSingleProps>;
export type DatePickerRangeNode = ComponentNode<"dcc.DatePickerRange", DatePickerRangeProps>;
export type TabNode = ComponentNode<"dcc.Tab", TabProps>;
export type TabsNode = ComponentNode<"dcc.Tabs", TabsProps>;

/** @example dcc.Input({ id: "name", placeholder: "Your name", persistence: "server" }) */
export function Input(props: InputProps): InputNode {
  return createNode("dcc.Input", props);
}

/** @example dcc.Textarea({ id: "notes", rows: 4 }) */
export function Textarea(props: TextareaProps): TextareaNode {
  return createNode("dcc.Textarea", props);
}

/** @example dcc.Dropdown({ id: "indicator", options: [{ label: "Population", value: "pop" }], value: "pop" }) */
export function Dropdown<const V extends OptionValue>(props: DropdownProps<V>): DropdownNode<V> {
  return createNode("dcc.Dropdown", props);
}

/** @example dcc.Checklist({ id: "regions", options: ["EU", "US"], value: ["EU"] }) */
export function Checklist<const V extends OptionValue>(props: ChecklistProps<V>): ChecklistNode<V> {
  return createNode("dcc.Checklist", props);
}

/** @example dcc.RadioItems({ id: "scale", options: ["linear", "log"], value: "linear" }) */
export function RadioItems<const V extends OptionValue>(props: RadioItemsProps<V>): RadioItemsNode<V> {
  return createNode("dcc.RadioItems", props);
}

/** @example dcc.Slider({ id: "year", min: 1960, max: 2020, step: 1, value: 2000 }) */
export function Slider(props: SliderProps): SliderNode {
  return createNode("dcc.Slider", props);
}

/** @example dcc.RangeSlider({ id: "years", min: 1960, max: 2020, value: [1990, 2010] }) */
export function RangeSlider(props: RangeSliderProps): RangeSliderNode {
  return createNode("dcc.RangeSlider", props);
}

/** @example dcc.DatePickerSingle({ id: "day", date: "2024-01-31" }) */
export function DatePickerSingle(props: DatePickerSingleProps): DatePickerSingleNode {
  return createNode("dcc.DatePickerSingle", props);
}

/** @example dcc.DatePickerRange({ id: "span", start_date: "2024-01-01", end_date: "2024-03-31" }) */
export function DatePickerRange(props: DatePickerRangeProps): DatePickerRangeNode {
  return createNode("dcc.DatePickerRange", props);
}

/** @example dcc.Tabs({ id: "tabs", value: "a", children: [dcc.Tab({ label: "A", value: "a", children: "..." })] }) */
export function Tabs(props: TabsProps): TabsNode {
  return createNode("dcc.Tabs", props);
}

/** @example dcc.Tab({ label: "Table", value: "table", children: [DataTable({ id: "t", data, columns })] }) */
export function Tab(props: TabProps): TabNode {
  return createNode("dcc.Tab", props);
}
