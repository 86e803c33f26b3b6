/**
 * @module
 * `dcc.RangeSlider`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { SliderProps } from "../slider/slider.js";

export interface RangeSliderProps extends Omit<SliderProps, "value"> {
  value?: readonly [number, number];
}

export type RangeSliderNode = ComponentNode<"dcc.RangeSlider", RangeSliderProps>;

/**
 * Picks a range `[low, high]` between `min` and `max` with two thumbs, kept in order.
 */
export const rangeSlider = defineComponent<"dcc.RangeSlider", RangeSliderProps>({
  type: "dcc.RangeSlider",
  children: "none",
  defaults: { step: 1, updatemode: "mouseup" },
  persistence: { props: ["value"] },
  // Not on most pages: a chunk fetched the first time a page shows one.
  view: "lazy",
});

/** @example dcc.RangeSlider({ id: "years", min: 1960, max: 2020, value: [1990, 2010] }) */
export const RangeSlider = /* @__PURE__ */ componentFactory(rangeSlider);
