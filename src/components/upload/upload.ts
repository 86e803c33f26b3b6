/**
 * @module
 * `dcc.Upload`: its props, definition and factory.
 */
import type { ComponentNode, Children } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface UploadProps extends BaseProps {
  /** Data URLs of the chosen files (an array with `multiple`). */
  contents?: string | readonly string[] | null;
  filename?: string | readonly string[] | null;
  last_modified?: number | readonly number[] | null;
  accept?: string;
  multiple?: boolean;
  /** Largest file in bytes; -1 (default) means no limit in the browser (the server's body limit still holds). */
  max_size?: number;
  disabled?: boolean;
  children?: Children;
}

export type UploadNode = ComponentNode<"dcc.Upload", UploadProps>;

/**
 * A drop zone and file picker; the chosen files arrive as data URLs in `contents`, with `filename`
 * and `last_modified`.
 */
export const upload = defineComponent<"dcc.Upload", UploadProps>({
  type: "dcc.Upload",
  children: "nodes",
  defaults: { max_size: -1 },
  // Not on most pages: a chunk fetched the first time a page shows one.
  view: "lazy",
});

/** @example dcc.Upload({ id: "file", accept: ".csv", children: "Drop a CSV here" }) */
export const Upload = /* @__PURE__ */ componentFactory(upload);
