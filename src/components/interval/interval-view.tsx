/**
 * @module
 * The browser view of `dcc.Interval`: draws nothing; counts `n_intervals` every `interval` ms.
 */
import type { ComponentChild } from "preact";
import { useEffect } from "preact/hooks";
import { numberProp, type ViewProps } from "../../client/component-view.js";
import { useRenderer } from "../../client/renderer-context.js";
import type { IntervalProps } from "./interval.js";

/** `dcc.Interval`: counts `n_intervals` every `interval` ms until `max_intervals` (-1: forever). */
export default function IntervalView(view: ViewProps<IntervalProps>): ComponentChild {
  const renderer = useRenderer();
  const interval = Math.max(20, numberProp(view.props, "interval") ?? 1000);
  const disabled = view.props.disabled === true;
  const max = numberProp(view.props, "max_intervals") ?? -1;
  const key = view.idKey;
  useEffect(() => {
    if (disabled || key === undefined) return undefined;
    const timer = setInterval(() => {
      const current = renderer.store.prop(key, "n_intervals");
      const count = (typeof current === "number" ? current : 0) + 1;
      if (max >= 0 && count > max) {
        clearInterval(timer);
        return;
      }
      renderer.userSetProps(key, { n_intervals: count });
    }, interval);
    return () => clearInterval(timer);
  }, [interval, disabled, max, key, renderer]);
  return null;
}
