/**
 * @module
 * `html.*` under the import path it had before it got its own folder in src/components (kept so
 * existing imports work).
 */
export {
  html,
  htmlTags,
  htmlDefinitions,
  type HtmlProps,
  type HtmlExtraProps,
  type HtmlTag,
  type HtmlElementProps,
  type HtmlNode,
  type HtmlFactory,
} from "../components/html/html.js";
