/**
 * @module
 * `dcc.Modal`: a dialog over the page, opened and closed through `is_open`. Its props,
 * definition and factory.
 */
import type { Children, ComponentNode } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";
import { childrenFirst } from "../children-first.js";

export interface ModalProps extends BaseProps {
  children?: Children;
  /** Set true (usually by a callback) to show the dialog; the dialog sets it false when the user closes it. */
  is_open?: boolean;
  title?: string;
  /** Closes on a click outside the dialog (default true). */
  close_on_backdrop?: boolean;
  /** Width: `"sm"` 24rem, `"md"` 36rem (default), `"lg"` 56rem. */
  size?: "sm" | "md" | "lg";
}

export type ModalNode = ComponentNode<"dcc.Modal", ModalProps>;

/**
 * A modal dialog shown while `is_open`. Escape, the close button and (unless
 * `close_on_backdrop` is false) a click on the backdrop close it and set `is_open` to false, so
 * a callback can listen; focus stays inside while it is open and returns where it was after.
 */
export const modal = defineComponent<"dcc.Modal", ModalProps>({
  type: "dcc.Modal",
  children: "nodes",
  defaults: { is_open: false, close_on_backdrop: true, size: "md" },
  view: "lazy",
});

/** @example dcc.Modal([html.P("Delete 3 rows?"), dcc.Button("Delete", { id: "confirm-delete", variant: "danger" })], { id: "ask", title: "Delete" }) */
export const Modal = /* @__PURE__ */ withDefinition(modal, childrenFirst(modal));
