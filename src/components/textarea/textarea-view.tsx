/**
 * @module
 * The browser view of `dcc.Textarea`, with the typing rules of `dcc.Input`.
 */
import type { ComponentChild } from "preact";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { useTypedValue } from "../input/typed-value.js";
import type { TextareaProps } from "./textarea.js";

/** `dcc.Textarea`. */
export default function TextAreaView(view: ViewProps<TextareaProps>): ComponentChild {
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
