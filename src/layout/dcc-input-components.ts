/**
 * @module
 * The props types of the `dcc.*` controls a user changes, under the names they had before each
 * component got its own folder in src/components (kept so existing imports work).
 */
export type { BaseProps, PersistenceProps } from "../components/base-props.js";
export type { InputProps, InputNode } from "../components/input/input.js";
export type { TextareaProps, TextareaNode } from "../components/textarea/textarea.js";
export type { DropdownProps, DropdownNode } from "../components/dropdown/dropdown.js";
export type { Option, OptionValue } from "../components/option.js";
export type { ChecklistProps, ChecklistNode } from "../components/checklist/checklist.js";
export type { RadioItemsProps, RadioItemsNode } from "../components/radio-items/radio-items.js";
export type { SliderProps, SliderNode, SliderMark } from "../components/slider/slider.js";
export type { RangeSliderProps, RangeSliderNode } from "../components/range-slider/range-slider.js";
export type { DatePickerSingleProps, DatePickerSingleNode } from "../components/date-picker-single/date-picker-single.js";
export type { DatePickerRangeProps, DatePickerRangeNode } from "../components/date-picker-range/date-picker-range.js";
export type { TabsProps, TabsNode } from "../components/tabs/tabs.js";
export type { TabProps, TabNode } from "../components/tab/tab.js";
