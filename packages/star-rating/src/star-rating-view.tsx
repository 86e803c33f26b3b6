/**
 * @module
 * The browser view of `star-rating.StarRating`: a radio group of stars with a roving tab stop.
 * Arrow keys move the value by one, Home clears it, End picks the last star; a click picks a star
 * (clicking the chosen star again clears it). Read-only shows the value and ignores input.
 */
import type { ViewProps } from "dashbase/components";
import { useRef, useState } from "preact/hooks";
import type { StarRatingProps } from "./star-rating.js";

const maxStars = 10;

function clampedMax(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) ? Math.min(maxStars, Math.max(1, value)) : 5;
}

function clampedValue(value: unknown, max: number): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(0, Math.round(value))) : 0;
}

/** `star-rating.StarRating`. */
export default function StarRatingView(view: ViewProps<StarRatingProps>) {
  const { props } = view;
  const max = clampedMax(props.max);
  const value = clampedValue(props.value, max);
  // hooks from the renderer's Preact (the import map shares it): hover preview and focus moves
  const [hovered, setHovered] = useState<number | null>(null);
  const stars = useRef<Array<HTMLSpanElement | null>>([]);
  const disabled = props.disabled === true;
  const readOnly = props.readOnly === true;
  const interactive = !disabled && !readOnly;
  const shown = interactive && hovered !== null ? hovered : value;

  const choose = (next: number): void => {
    const bounded = Math.min(max, Math.max(0, next));
    stars.current[Math.max(1, bounded) - 1]?.focus();
    if (interactive && bounded !== value) view.setProps({ value: bounded });
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const moves: Record<string, number> = {
      ArrowRight: value + 1,
      ArrowUp: value + 1,
      ArrowLeft: value - 1,
      ArrowDown: value - 1,
      Home: 0,
      End: max,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  };
  const style = typeof props.style === "object" && props.style !== null ? (props.style as Record<string, string | number>) : undefined;
  return (
    <div
      id={view.idKey}
      class={["star-rating", props.className].filter(Boolean).join(" ")}
      style={{ display: "inline-flex", gap: "0.15rem", fontSize: "1.5rem", lineHeight: 1, ...style }}
      role="radiogroup"
      aria-label={props["aria-label"] ?? "Rating"}
      aria-readonly={readOnly ? "true" : undefined}
      aria-disabled={disabled ? "true" : undefined}
      data-value={value}
      data-dashbase-loading={view.loading ? "true" : undefined}
      onKeyDown={interactive ? onKeyDown : undefined}
      onMouseLeave={() => setHovered(null)}
    >
      {Array.from({ length: max }, (_, index) => {
        const star = index + 1;
        const checked = star === value;
        // one tab stop: the chosen star, or the first when none is chosen
        const focusable = !disabled && (checked || (value === 0 && star === 1));
        return (
          <span
            key={star}
            ref={(element) => {
              stars.current[index] = element;
            }}
            role="radio"
            aria-checked={checked ? "true" : "false"}
            aria-label={`${star} of ${max} stars`}
            tabIndex={focusable ? 0 : -1}
            style={{
              cursor: interactive ? "pointer" : "default",
              color: star <= shown ? "#f5a623" : "#c8c8c8",
              opacity: disabled ? 0.5 : 1,
            }}
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
