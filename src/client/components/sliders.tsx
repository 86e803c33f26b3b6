/**
 * @module
 * `dcc.Slider` and `dcc.RangeSlider` over native range inputs (keyboard and screen readers work
 * as the browser provides), with marks and Dash's `updatemode` ("mouseup" or "drag").
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../component-view.js";

interface Scale {
  min: number;
  max: number;
  step: number | "any";
}

function scaleOf(view: ViewProps): Scale {
  const min = numberProp(view.props, "min") ?? 0;
  const max = numberProp(view.props, "max") ?? 100;
  const step = view.props.step === null ? "any" : (numberProp(view.props, "step") ?? 1);
  return { min, max: Math.max(min, max), step };
}

function marksOf(view: ViewProps, scale: Scale): Array<{ value: number; label: string }> {
  const marks = view.props.marks;
  if (typeof marks !== "object" || marks === null) return [];
  return Object.entries(marks)
    .map(([at, label]) => {
      const text = typeof label === "object" && label !== null ? (label as { label?: unknown }).label : label;
      return { value: Number(at), label: typeof text === "string" || typeof text === "number" ? String(text) : at };
    })
    .filter((mark) => Number.isFinite(mark.value) && mark.value >= scale.min && mark.value <= scale.max)
    .sort((a, b) => a.value - b.value);
}

function Marks({ marks, scale }: { marks: Array<{ value: number; label: string }>; scale: Scale }): ComponentChild {
  if (marks.length === 0) return null;
  const span = scale.max - scale.min || 1;
  return (
    <div class="dashbase-slider-marks" aria-hidden="true">
      {marks.map((mark) => (
        <span key={mark.value} class="dashbase-slider-mark" style={{ left: `${((mark.value - scale.min) / span) * 100}%` }}>
          {mark.label}
        </span>
      ))}
    </div>
  );
}

function percent(value: number, scale: Scale): string {
  return `${((value - scale.min) / (scale.max - scale.min || 1)) * 100}%`;
}

/** `dcc.Slider`. */
export function Slider(view: ViewProps): ComponentChild {
  const scale = scaleOf(view);
  const value = numberProp(view.props, "value") ?? scale.min;
  const [shown, setShown] = useState(value);
  useEffect(() => setShown(value), [value]);
  const drag = view.props.updatemode === "drag";
  const name = stringProp(view.props, "aria-label") ?? (typeof view.props.id === "string" ? view.props.id : "Value");
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
          disabled={view.props.disabled === true}
          onInput={(event) => {
            const next = Number(event.currentTarget.value);
            setShown(next);
            if (drag) view.setProps({ value: next });
          }}
          onChange={(event) => {
            const next = Number(event.currentTarget.value);
            if (next !== view.props.value) view.setProps({ value: next });
          }}
        />
      </div>
      <Marks marks={marksOf(view, scale)} scale={scale} />
      <output class="dashbase-slider-value">{shown}</output>
    </div>
  );
}

/** `dcc.RangeSlider`: two thumbs, each its own range input, kept in order. */
export function RangeSlider(view: ViewProps): ComponentChild {
  const scale = scaleOf(view);
  const raw = Array.isArray(view.props.value) ? view.props.value : [];
  const low = typeof raw[0] === "number" ? raw[0] : scale.min;
  const high = typeof raw[1] === "number" ? raw[1] : scale.max;
  const [shown, setShown] = useState<[number, number]>([low, high]);
  useEffect(() => setShown([low, high]), [low, high]);
  const drag = view.props.updatemode === "drag";
  const name = stringProp(view.props, "aria-label") ?? (typeof view.props.id === "string" ? view.props.id : "Range");
  const update = (which: 0 | 1, next: number, final: boolean): void => {
    const pair: [number, number] = which === 0 ? [Math.min(next, shown[1]), shown[1]] : [shown[0], Math.max(next, shown[0])];
    setShown(pair);
    if (final || drag) view.setProps({ value: pair });
  };
  return (
    <div {...rootAttributes(view, "dashbase-slider dashbase-range-slider")}>
      <div class="dashbase-slider-track" style={{ "--dashbase-fill-start": percent(shown[0], scale), "--dashbase-fill-end": percent(shown[1], scale) }}>
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
      <Marks marks={marksOf(view, scale)} scale={scale} />
      <output class="dashbase-slider-value">
        {shown[0]} – {shown[1]}
      </output>
    </div>
  );
}
