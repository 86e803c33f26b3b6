/**
 * @module
 * Typing into `dcc.Input` and `dcc.Textarea`: the text shown, and when it becomes `value` by
 * Dash's `debounce` (false: every keystroke; true: on Enter or blur; a number: after that many
 * quiet milliseconds), with `n_submit` (Enter) and `n_blur` counted.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ViewProps } from "../../client/component-view.js";
import { useRenderer } from "../../client/renderer-context.js";

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

/** The text shown while typing, and the handlers that commit it by Dash's `debounce` rules. */
export function useTypedValue(view: ViewProps<{ value?: unknown }>, type: string) {
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
