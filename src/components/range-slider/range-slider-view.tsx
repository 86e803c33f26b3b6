/**
 * @module
 * The browser view of `dcc.RangeSlider`: two thumbs, each its own native range input, kept in order.
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { Marks, marksOf, percent, scaleOf } from "../slider/slider-scale.js";
import type { RangeSliderProps } from "./range-slider.js";

/** `dcc.RangeSlider`: two thumbs, each its own range input, kept in order. */
export default function RangeSliderView(view: ViewProps<RangeSliderProps>): ComponentChild {
  const scale = scaleOf(view.props);
  const raw = Array.isArray(view.props.value) ? view.props.value : [];
  const low = typeof raw[0] === "number" ? raw[0] : scale.min;
  const high = typeof raw[1] === "number" ? raw[1] : scale.max;
  const [shown, setShown] = useState<[number, number]>([low, high]);
  useEffect(() => setShown([low, high]), [low, high]);
  const drag = view.props.updatemode === "drag";
  const name = view.props["aria-label"] ?? (typeof view.props.id === "string" ? view.props.id : "Range");
  const update = (which: 0 | 1, next: number, final: boolean): void => {
    const pair: [number, number] = which === 0 ? [Math.min(next, shown[1]), shown[1]] : [shown[0], Math.max(next, shown[0])];
    setShown(pair);
    if (final || drag) view.setProps({ value: pair });
  };
  return (
    <div {...rootAttributes(view, "dashbase-slider dashbase-range-slider")}>
      <div
        class="dashbase-slider-track"
        style={{ "--dashbase-fill-start": percent(shown[0], scale), "--dashbase-fill-end": percent(shown[1], scale) }}
      >
        {([0, 1] as const).map((which) => (
          <input
            key={which}
            type="range"
            min={scale.min}
            max={scale.max}
            step={scale.step}
            value={shown[which]}
            aria-label={`${name} ${which === 0 ? "minimum" : "maximum"}`}
            disabled={view.props.disabled === true}
            onInput={(event) => update(which, Number(event.currentTarget.value), false)}
            onChange={(event) => update(which, Number(event.currentTarget.value), true)}
          />
        ))}
      </div>
      <Marks marks={marksOf(view.props.marks, scale)} scale={scale} />
      <output class="dashbase-slider-value">
        {shown[0]} – {shown[1]}
      </output>
    </div>
  );
}
