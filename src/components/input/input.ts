/**
 * @module
 * `dcc.Input`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface InputProps extends BaseProps, PersistenceProps {
  value?: string | number | null;
  type?: "text" | "number" | "password" | "email" | "search" | "tel" | "url" | "range" | "hidden";
  placeholder?: string;
  /** true: update `value` on Enter or blur only; a number: after that many ms of quiet. */
  debounce?: boolean | number;
  min?: number;
  max?: number;
  step?: number | "any";
  disabled?: boolean;
  readOnly?: boolean;
  required?: boolean;
  autoComplete?: string;
  /** The field's name when a native form (`html.Form({ action })`) posts it. */
  name?: string;
  /** Counts Enter presses. */
  n_submit?: number;
  /** Counts blurs. */
  n_blur?: number;
  "aria-label"?: string;
}

export type InputNode = ComponentNode<"dcc.Input", InputProps>;

/**
 * A text or number field; `debounce` decides when typing updates `value` (every keystroke, on
 * Enter or blur, or after a pause); counts Enter presses (`n_submit`) and blurs (`n_blur`).
 */
export const input = defineComponent<"dcc.Input", InputProps>({
  type: "dcc.Input",
  children: "none",
  defaults: { type: "text" },
  persistence: { props: ["value"], debounce: true },
});

/** @example dcc.Input({ id: "name", placeholder: "Your name", persistence: "server" }) */
export const Input = /* @__PURE__ */ componentFactory(input);
