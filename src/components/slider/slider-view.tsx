/**
 * @module
 * The browser view of `dcc.Slider`: a native range input (keyboard and screen readers work as the
 * browser provides), marks, and Dash's `updatemode` ("mouseup" or "drag").
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import type { SliderProps } from "./slider.js";
import { Marks, marksOf, percent, scaleOf } from "./slider-scale.js";

/** `dcc.Slider`. */
export default function SliderView(view: ViewProps<SliderProps>): ComponentChild {
  const { props } = view;
  const scale = scaleOf(props);
  const value = typeof props.value === "number" && Number.isFinite(props.value) ? props.value : scale.min;
  const [shown, setShown] = useState(value);
  useEffect(() => setShown(value), [value]);
  const drag = props.updatemode === "drag";
  const name = props["aria-label"] ?? (typeof props.id === "string" ? props.id : "Value");
  return (
    <div {...rootAttributes(view, "dashbase-slider")}>
      <div class="dashbase-slider-track" style={{ "--dashbase-fill-start": "0%", "--dashbase-fill-end": percent(shown, scale) }}>
        <input
          type="range"
          min={scale.min}
          max={scale.max}
          step={scale.step}
          value={shown}
          aria-label={name}
          disabled={props.disabled === true}
          onInput={(event) => {
            const next = Number(event.currentTarget.value);
            setShown(next);
            if (drag) view.setProps({ value: next });
          }}
          onChange={(event) => {
            const next = Number(event.currentTarget.value);
            if (next !== props.value) view.setProps({ value: next });
          }}
        />
      </div>
      <Marks marks={marksOf(props.marks, scale)} scale={scale} />
      <output class="dashbase-slider-value">{shown}</output>
    </div>
  );
}
