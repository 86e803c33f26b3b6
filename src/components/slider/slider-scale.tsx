/**
 * @module
 * What `dcc.Slider` and `dcc.RangeSlider` share in the browser: the scale (min, max, step), the
 * marks along it, and where a value sits on the track.
 */
import type { ComponentChild } from "preact";
import type { SliderMark } from "./slider.js";

/** A slider's scale. */
export interface Scale {
  min: number;
  max: number;
  step: number | "any";
}

/** One mark, placed. */
export interface PlacedMark {
  value: number;
  label: string;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The scale of a slider's props; `step: null` means any value. */
export function scaleOf(props: { min?: unknown; max?: unknown; step?: unknown }): Scale {
  const min = finite(props.min) ?? 0;
  const max = finite(props.max) ?? 100;
  const step = props.step === null ? "any" : (finite(props.step) ?? 1);
  return { min, max: Math.max(min, max), step };
}

/**
 * The marks inside the scale, in order; a mark is text or `{ label }`.
 * @example
 * marksOf({ 0: "low", 10: { label: "high" } }, { min: 0, max: 10, step: 1 }); // [{ value: 0, label: "low" }, { value: 10, label: "high" }]
 */
export function marksOf(marks: Readonly<Record<string, SliderMark>> | undefined, scale: Scale): PlacedMark[] {
  if (typeof marks !== "object" || marks === null) return [];
  return Object.entries(marks)
    .map(([at, mark]) => {
      const text: unknown = typeof mark === "object" && mark !== null ? mark.label : mark;
      return { value: Number(at), label: typeof text === "string" || typeof text === "number" ? String(text) : at };
    })
    .filter((mark) => Number.isFinite(mark.value) && mark.value >= scale.min && mark.value <= scale.max)
    .sort((a, b) => a.value - b.value);
}

/** Where `value` sits along the track, as a CSS percentage. */
export function percent(value: number, scale: Scale): string {
  return `${((value - scale.min) / (scale.max - scale.min || 1)) * 100}%`;
}

/** The labels under the track. */
export function Marks({ marks, scale }: { marks: readonly PlacedMark[]; scale: Scale }): ComponentChild {
  if (marks.length === 0) return null;
  return (
    <div class="dashbase-slider-marks" aria-hidden="true">
      {marks.map((mark) => (
        <span key={mark.value} class="dashbase-slider-mark" style={{ left: percent(mark.value, scale) }}>
          {mark.label}
        </span>
      ))}
    </div>
  );
}
