/**
 * @module
 * `dcc.Download`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface DownloadData {
  content: string;
  filename: string;
  /** true when `content` is base64 (binary files). */
  base64?: boolean;
  type?: string;
}

export interface DownloadProps extends BaseProps {
  /** Set by a callback: the browser saves it as a file. */
  data?: DownloadData | null;
}

export type DownloadNode = ComponentNode<"dcc.Download", DownloadProps>;

/**
 * Draws nothing; when a callback sets `data`, the browser saves it as a file.
 */
export const download = defineComponent<"dcc.Download", DownloadProps>({
  type: "dcc.Download",
  children: "none",
});

/** @example dcc.Download({ id: "download" }) */
export const Download = /* @__PURE__ */ componentFactory(download);
