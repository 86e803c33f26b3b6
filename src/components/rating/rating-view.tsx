/**
 * @module
 * The browser view of `dcc.Rating`: a radio group of stars with one tab stop (the chosen star).
 * Arrow keys move the value by one, Home clears it, End picks the last star; a click picks a
 * star, and clicking the chosen star again clears it. Read-only shows the value and ignores input.
 */
import type { ComponentChild } from "preact";
import { useRef, useState } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import type { RatingProps } from "./rating.js";
import styles from "./rating.lazy.css";

addLazyStyles("rating", styles);

const MAX_STARS = 10;

function clampedMax(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) ? Math.min(MAX_STARS, Math.max(1, value)) : 5;
}

function clampedValue(value: unknown, max: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(0, Math.round(value))) : 0;
}

const KEY_STEPS: Readonly<Record<string, number>> = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };

/** `dcc.Rating`. */
export default function RatingView(view: ViewProps<RatingProps>): ComponentChild {
  const { props } = view;
  const max = clampedMax(props.max);
  const value = clampedValue(props.value, max);
  const [hovered, setHovered] = useState<number | null>(null);
  const stars = useRef<Array<HTMLSpanElement | null>>([]);
  const disabled = props.disabled === true;
  const readOnly = props.readOnly === true;
  const interactive = !disabled && !readOnly;
  const shown = interactive && hovered !== null ? hovered : value;

  const choose = (next: number): void => {
    const bounded = Math.min(max, Math.max(0, next));
    stars.current[Math.max(1, bounded) - 1]?.focus();
    if (bounded !== value) view.setProps({ value: bounded });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = KEY_STEPS[event.key];
    const next = step !== undefined ? value + step : event.key === "Home" ? 0 : event.key === "End" ? max : undefined;
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };
  return (
    <div
      {...rootAttributes(view, "dashbase-rating")}
      role="radiogroup"
      aria-label={stringProp(props, "aria-label") ?? "Rating"}
      aria-readonly={readOnly ? "true" : undefined}
      aria-disabled={disabled ? "true" : undefined}
      data-value={value}
      onKeyDown={interactive ? onKeyDown : undefined}
      onMouseLeave={() => setHovered(null)}
    >
      {Array.from({ length: max }, (_, index) => {
        const star = index + 1;
        const checked = star === value;
        return (
          <span
            key={star}
            ref={(element) => {
              stars.current[index] = element;
            }}
            class={star <= shown ? "dashbase-star is-on" : "dashbase-star"}
            role="radio"
            aria-checked={checked ? "true" : "false"}
            aria-label={`${star} of ${max} stars`}
            // one tab stop: the chosen star, or the first when none is chosen
            tabIndex={!disabled && (checked || (value === 0 && star === 1)) ? 0 : -1}
            onClick={interactive ? () => choose(star === value ? 0 : star) : undefined}
            onMouseEnter={interactive ? () => setHovered(star) : undefined}
          >
            {star <= shown ? "★" : "☆"}
          </span>
        );
      })}
    </div>
  );
}
