/**
 * @module
 * `dcc.Textarea`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface TextareaProps extends BaseProps, PersistenceProps {
  value?: string | null;
  placeholder?: string;
  rows?: number;
  cols?: number;
  debounce?: boolean | number;
  disabled?: boolean;
  readOnly?: boolean;
  "aria-label"?: string;
}

export type TextareaNode = ComponentNode<"dcc.Textarea", TextareaProps>;

/**
 * Multi-line text, with the same `debounce` rules as `dcc.Input`.
 */
export const textarea = defineComponent<"dcc.Textarea", TextareaProps>({
  type: "dcc.Textarea",
  children: "none",
  persistence: { props: ["value"], debounce: true },
});

/** @example dcc.Textarea({ id: "notes", rows: 4 }) */
export const Textarea = /* @__PURE__ */ componentFactory(textarea);
