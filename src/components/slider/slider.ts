/**
 * @module
 * `dcc.Slider`: one number picked on a scale, with optional marks. Its props, definition and factory.
 */
import type { ComponentNode, Style } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

/** A mark's label: text, or `{ label, style }` as in Dash. */
export type SliderMark = string | { label: string; style?: Style };

export interface SliderProps extends BaseProps, PersistenceProps {
  min: number;
  max: number;
  /** null: any value between min and max (default 1). */
  step?: number | null;
  value?: number;
  /** Labels along the scale, keyed by the value they stand at: `{ 1960: "1960", 2020: { label: "now" } }`. */
  marks?: Readonly<Record<string, SliderMark>>;
  disabled?: boolean;
  /** "mouseup" (default) updates `value` when the user lets go; "drag" while dragging. */
  updatemode?: "mouseup" | "drag";
  "aria-label"?: string;
}

export type SliderNode = ComponentNode<"dcc.Slider", SliderProps>;

/**
 * Picks one number between `min` and `max` on a native range input (keyboard and screen readers
 * work as the browser provides).
 */
export const slider = defineComponent<"dcc.Slider", SliderProps>({
  type: "dcc.Slider",
  children: "none",
  defaults: { step: 1, updatemode: "mouseup" },
  persistence: { props: ["value"] },
  // Not on most pages: a chunk fetched the first time a page shows one.
  view: "lazy",
});

/** @example dcc.Slider({ id: "year", min: 1960, max: 2020, step: 1, value: 2000 }) */
export const Slider = /* @__PURE__ */ componentFactory(slider);
