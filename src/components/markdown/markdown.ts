/**
 * @module
 * `dcc.Markdown`: its props, definition and factory.
 */
import { createNode, type ComponentNode } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface MarkdownProps extends BaseProps {
  /**
   * Markdown text (CommonMark, pipe tables, `~~strikethrough~~`); the renderer sanitizes it (no raw
   * HTML, no script URLs). Over 100,000 characters or 50 levels of nesting, it is shown as plain text.
   */
  children?: string;
  /**
   * Where links open, as the `target` of each link (`"_blank"`, `"_self"`, ...). By default a link
   * with a scheme (`https:`, `mailto:`) opens in a new tab and a relative link in place; a new tab
   * always gets `rel="noopener noreferrer"`.
   */
  link_target?: string;
}

export type MarkdownNode = ComponentNode<"dcc.Markdown", MarkdownProps>;

/**
 * Markdown text, sanitized (no raw HTML, no script URLs); its view is a chunk fetched the first
 * time a page shows one.
 */
export const markdown = defineComponent<"dcc.Markdown", MarkdownProps>({
  type: "dcc.Markdown",
  children: "text",
  view: "lazy",
});

/** @example dcc.Markdown("# Title\n\nSome *text*.") */
export const Markdown = /* @__PURE__ */ withDefinition(
  markdown,
  (text: string | MarkdownProps, props: Omit<MarkdownProps, "children"> = {}): MarkdownNode =>
    createNode(markdown.type, typeof text === "string" ? { ...props, children: text } : text),
);
