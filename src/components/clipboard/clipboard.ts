/**
 * @module
 * `dcc.Clipboard`: a button that copies text to the user's clipboard. Its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface ClipboardProps extends BaseProps {
  /** The text to copy (a callback may set it). */
  content?: string;
  /** Copy the text shown by the component with this id instead of `content`. */
  target_id?: string;
  /** The button's label (default "Copy"); it reads "Copied" for a moment after a copy. */
  children?: string;
  /** Counts copies: use it as a callback Input. */
  n_clicks?: number;
  title?: string;
  disabled?: boolean;
}

export type ClipboardNode = ComponentNode<"dcc.Clipboard", ClipboardProps>;

/** A button that copies `content`, or the text of the component `target_id`, to the clipboard and counts copies in `n_clicks`. */
export const clipboard = defineComponent<"dcc.Clipboard", ClipboardProps>({
  type: "dcc.Clipboard",
  children: "text",
  defaults: { children: "Copy", n_clicks: 0 },
});

/** @example dcc.Clipboard({ id: "copy-query", target_id: "query-text", title: "Copy the query" }) */
export const Clipboard = /* @__PURE__ */ componentFactory(clipboard);
