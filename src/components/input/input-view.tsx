/**
 * @module
 * The browser view of `dcc.Input`, with Dash's `debounce` (false: every keystroke; true: on Enter or blur; a number: after that many quiet milliseconds), `n_submit` (Enter) and `n_blur`.
 */
import type { ComponentChild } from "preact";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import type { InputProps } from "./input.js";
import { useTypedValue } from "./typed-value.js";

const INPUT_TYPES = new Set(["text", "number", "password", "email", "search", "tel", "url", "range", "hidden", "color", "time", "date"]);

/** `dcc.Input`. */
export default function TextInputView(view: ViewProps<InputProps>): ComponentChild {
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
