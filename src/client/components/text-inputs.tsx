/**
 * @module
 * `dcc.Input` and `dcc.Textarea`: text the user types, with Dash's `debounce` (false: every
 * keystroke; true: on Enter or blur; a number: after that many quiet milliseconds), `n_submit`
 * (Enter) and `n_blur`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../component-view.js";
import { useRenderer } from "../renderer-context.js";

const INPUT_TYPES = new Set(["text", "number", "password", "email", "search", "tel", "url", "range", "hidden", "color", "time", "date"]);

function asText(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/** The value a typed text stands for: numbers for `type: "number"` (null when empty or invalid). */
export function parseInputValue(type: string, text: string): string | number | null {
  if (type !== "number" && type !== "range") return text;
  if (text.trim() === "") return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function useTypedValue(view: ViewProps, type: string) {
  const renderer = useRenderer();
  const [text, setText] = useState(asText(view.props.value));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setText(asText(view.props.value)), [view.props.value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const debounce = view.props.debounce;
  const commit = (patch: Record<string, unknown> = {}, from: string = text): void => {
    clearTimeout(timer.current);
    const value = parseInputValue(type, from);
    const changed = value !== view.props.value;
    if (changed || Object.keys(patch).length > 0) view.setProps(changed ? { value, ...patch } : patch);
  };
  const counter = (name: string): number => {
    const current = view.idKey === undefined ? undefined : renderer.store.prop(view.idKey, name);
    return (typeof current === "number" ? current : 0) + 1;
  };
  return {
    text,
    onInput(event: Event): void {
      const next = (event.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
      setText(next);
      if (debounce === true) return;
      if (typeof debounce === "number" && debounce > 0) {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit({}, next), debounce);
        return;
      }
      commit({}, next);
    },
    onBlur(): void {
      commit({ n_blur: counter("n_blur"), n_blur_timestamp: Date.now() });
    },
    onSubmit(): void {
      commit({ n_submit: counter("n_submit"), n_submit_timestamp: Date.now() });
    },
  };
}

/** `dcc.Input`. */
export function TextInput(view: ViewProps): ComponentChild {
  const requested = stringProp(view.props, "type") ?? "text";
  const type = INPUT_TYPES.has(requested) ? requested : "text";
  const typed = useTypedValue(view, type);
  const { props } = view;
  return (
    <input
      {...rootAttributes(view, "dashbase-input")}
      type={type}
      value={typed.text}
      placeholder={stringProp(props, "placeholder")}
      aria-label={stringProp(props, "aria-label")}
      name={stringProp(props, "name")}
      min={numberProp(props, "min")}
      max={numberProp(props, "max")}
      step={typeof props.step === "number" || props.step === "any" ? props.step : undefined}
      minLength={numberProp(props, "minLength")}
      maxLength={numberProp(props, "maxLength")}
      pattern={stringProp(props, "pattern")}
      inputMode={stringProp(props, "inputMode") as HTMLInputElement["inputMode"] | undefined}
      autoComplete={stringProp(props, "autoComplete")}
      disabled={props.disabled === true}
      readOnly={props.readOnly === true}
      required={props.required === true}
      onInput={typed.onInput}
      onBlur={typed.onBlur}
      onKeyDown={(event) => {
        if (event.key === "Enter") typed.onSubmit();
      }}
    />
  );
}

/** `dcc.Textarea`. */
export function TextArea(view: ViewProps): ComponentChild {
  const typed = useTypedValue(view, "text");
  const { props } = view;
  return (
    <textarea
      {...rootAttributes(view, "dashbase-textarea")}
      value={typed.text}
      placeholder={stringProp(props, "placeholder")}
      aria-label={stringProp(props, "aria-label")}
      rows={numberProp(props, "rows")}
      cols={numberProp(props, "cols")}
      maxLength={numberProp(props, "maxLength")}
      disabled={props.disabled === true}
      readOnly={props.readOnly === true}
      onInput={typed.onInput}
      onBlur={typed.onBlur}
    />
  );
}
