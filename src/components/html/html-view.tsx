/**
 * @module
 * `html.<Tag>`: an HTML element from a layout node, if it is one of the plain-markup elements in
 * `html-tags.ts` (anything else shows a note). Only known-safe attributes pass (plus
 * `aria-*` and `data-*`), URL attributes are checked, no event handler or raw HTML ever comes
 * from props, and a click on an element with an id counts `n_clicks`, as in Dash.
 */
import { h, type ComponentChild } from "preact";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { renderChildren } from "../../client/render-node.js";
import { useRenderer } from "../../client/renderer-context.js";
import { isRenderedHtmlTag, refusedHtmlTags } from "./html-tags.js";
import { safeUrl } from "../../client/safe-url.js";

const VOID_TAGS = new Set(["area", "br", "col", "hr", "img", "input", "source", "track", "wbr"]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formAction", "poster", "cite", "background", "longdesc"]);
const PASSED_ATTRIBUTES = new Set([
  "title",
  "hidden",
  "role",
  "tabIndex",
  "lang",
  "dir",
  "target",
  "rel",
  "download",
  "alt",
  "width",
  "height",
  "loading",
  "type",
  "disabled",
  "name",
  "value",
  "htmlFor",
  "colSpan",
  "rowSpan",
  "scope",
  "headers",
  "start",
  "reversed",
  "noValidate",
  "open",
  "placeholder",
  "checked",
  "selected",
  "readOnly",
  "required",
  "min",
  "max",
  "step",
  "multiple",
  "accept",
  "autoComplete",
  "spellcheck",
  "draggable",
  "contentEditable",
  "datetime",
  "label",
  "span",
  "summary",
  "abbr",
  "accessKey",
  "decoding",
  "referrerPolicy",
  "sizes",
  "srcSet",
  "media",
  "method",
  "encType",
  "maxLength",
  "minLength",
  "pattern",
  "cols",
  "rows",
  "wrap",
  "dateTime",
  "low",
  "high",
  "optimum",
  ...URL_ATTRIBUTES,
]);
const RENAMED: Readonly<Record<string, string>> = {
  htmlFor: "for",
  tabIndex: "tabindex",
  colSpan: "colspan",
  rowSpan: "rowspan",
  dateTime: "datetime",
};

function elementAttributes(view: ViewProps, tag: string): Record<string, unknown> {
  const attributes: Record<string, unknown> = { ...rootAttributes(view) };
  for (const [name, value] of Object.entries(view.props)) {
    if (value === null || value === undefined || typeof value === "object" || typeof value === "function") continue;
    const passes = PASSED_ATTRIBUTES.has(name) || /^(aria|data)-[a-z0-9-]+$/.test(name);
    if (!passes || name === "data-dashbase-loading") continue;
    if (URL_ATTRIBUTES.has(name)) {
      const url = safeUrl(value, tag === "img" && name === "src");
      if (url !== undefined) attributes[name] = url;
      continue;
    }
    attributes[RENAMED[name] ?? name] = value;
  }
  // a new window opened by a link must not reach back into this page
  if (tag === "a" && attributes.target === "_blank" && attributes.rel === undefined) attributes.rel = "noopener noreferrer";
  return attributes;
}

/** The element a `html.<Tag>` node stands for. */
export default function HtmlView(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const tag = view.node.type.slice("html.".length).toLowerCase();
  if (!isRenderedHtmlTag(tag)) {
    const reason = refusedHtmlTags.has(tag)
      ? "it could run code or load another document in the page"
      : "dashbase draws only the html elements it has factories for";
    return (
      <div class="dashbase-unknown" role="note">
        The element html.{view.node.type.slice(5)} is not rendered: {reason}.
      </div>
    );
  }
  const attributes = elementAttributes(view, tag);
  const key = view.idKey;
  if (key !== undefined) {
    attributes.onClick = () => {
      // read from the store, not the render: two quick clicks must count two
      const current = renderer.store.prop(key, "n_clicks");
      const clicks = typeof current === "number" ? current : 0;
      view.setProps({ n_clicks: clicks + 1, n_clicks_timestamp: Date.now() });
    };
  }
  // a form without an action would reload the page; dashbase apps submit through callbacks
  if (tag === "form" && attributes.action === undefined) attributes.onSubmit = (event: Event) => event.preventDefault();
  if (VOID_TAGS.has(tag)) return h(tag, attributes);
  return h(tag, attributes, renderChildren(view.props.children));
}
