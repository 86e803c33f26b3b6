/**
 * @module
 * `dcc.Interval`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface IntervalProps extends BaseProps {
  /** Milliseconds between ticks (default 1000). */
  interval?: number;
  n_intervals?: number;
  /** Stop after this many ticks; -1 (default) never stops. */
  max_intervals?: number;
  disabled?: boolean;
}

export type IntervalNode = ComponentNode<"dcc.Interval", IntervalProps>;

/**
 * Counts `n_intervals` every `interval` milliseconds, until `max_intervals` (-1: forever).
 */
export const interval = defineComponent<"dcc.Interval", IntervalProps>({
  type: "dcc.Interval",
  children: "none",
  defaults: { interval: 1000, max_intervals: -1 },
});

/** @example dcc.Interval({ id: "tick", interval: 5000 }) */
export const Interval = /* @__PURE__ */ componentFactory(interval);
