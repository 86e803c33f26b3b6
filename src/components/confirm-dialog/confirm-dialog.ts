/**
 * @module
 * `dcc.ConfirmDialog`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface ConfirmDialogProps extends BaseProps {
  message: string;
  /** Set true (usually by a callback) to ask. */
  displayed?: boolean;
  submit_n_clicks?: number;
  cancel_n_clicks?: number;
}

export type ConfirmDialogNode = ComponentNode<"dcc.ConfirmDialog", ConfirmDialogProps>;

/**
 * Asks the user to confirm `message` when `displayed` is set; counts the answers in
 * `submit_n_clicks` and `cancel_n_clicks`.
 */
export const confirmDialog = defineComponent<"dcc.ConfirmDialog", ConfirmDialogProps>({
  type: "dcc.ConfirmDialog",
  children: "none",
  // Not on most pages: a chunk fetched the first time a page shows one.
  view: "lazy",
});

/** @example dcc.ConfirmDialog({ id: "confirm", message: "Delete this row?" }) */
export const ConfirmDialog = /* @__PURE__ */ componentFactory(confirmDialog);
