/**
 * @module
 * `dcc.Markdown`: reads the text with markdown-it and draws its tokens as Preact elements. No
 * HTML string is ever handed to the DOM, raw HTML in the text shows as text, and link and image
 * URLs go through the same scheme check as every other URL. Text too long or nested too deeply
 * is shown as plain text with a short note instead, so no text can freeze or crash the page.
 * Loaded as its own chunk.
 */
import type { ComponentChild } from "preact";
import { useMemo } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { MARKDOWN_MAX_DEPTH, MARKDOWN_MAX_LENGTH, readMarkdown } from "../../client/markdown-parse.js";
import { markdownElements } from "./markdown-elements.js";
import type { MarkdownProps } from "./markdown.js";

const limitNotes = {
  "too-long": `This text is too long to show as Markdown (over ${MARKDOWN_MAX_LENGTH.toLocaleString("en")} characters), so it is shown as plain text.`,
  "too-deep": `This text is nested too deeply to show as Markdown (over ${MARKDOWN_MAX_DEPTH} levels), so it is shown as plain text.`,
  unreadable: "This text could not be read as Markdown, so it is shown as plain text.",
} as const;

/** The elements of the text, or the reason it is shown as plain text. */
function draw(text: string, linkTarget: string | undefined): ComponentChild[] | keyof typeof limitNotes {
  try {
    const reading = readMarkdown(text);
    return reading.kind === "tokens" ? markdownElements(reading.tokens, { linkTarget }) : reading.kind;
  } catch {
    // the renderer has no error boundary: a view that throws would stop the whole page updating
    return "unreadable";
  }
}

/** `dcc.Markdown`. */
export default function MarkdownView(view: ViewProps<MarkdownProps>): ComponentChild {
  const children = view.props.children;
  const text = Array.isArray(children)
    ? children.filter((part) => typeof part === "string").join("\n")
    : typeof children === "string"
      ? children
      : "";
  const linkTarget = stringProp(view.props, "link_target");
  // the view also re-renders when its loading state flips: read the text once
  const drawn = useMemo(() => draw(text, linkTarget), [text, linkTarget]);
  if (typeof drawn !== "string") return <div {...rootAttributes(view, "dashbase-markdown")}>{drawn}</div>;
  return (
    <div {...rootAttributes(view, "dashbase-markdown")}>
      <p class="dashbase-markdown-limit" role="note">
        {limitNotes[drawn]}
      </p>
      {/* it scrolls past its height: focusable, so a keyboard can scroll it too */}
      <pre class="dashbase-markdown-plain" tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}
