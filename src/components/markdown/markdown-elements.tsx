/**
 * @module
 * markdown-it tokens to Preact elements, for `dcc.Markdown`. Only the elements named here are ever
 * created, each with only the attributes set here (no token attribute is copied as is), and no
 * HTML string reaches the DOM. Link and image URLs go through the renderer's scheme check. The
 * tokens are walked with an explicit stack, so no text, however nested, recurses here.
 */
import { h, type ComponentChild } from "preact";
import type { Token } from "markdown-it";
import { safeUrl } from "../../client/safe-url.js";

/** How the elements are drawn. */
export interface MarkdownElementOptions {
  /** Where links open (`link_target`); by default a link with a scheme opens in a new tab, a relative one in place. */
  readonly linkTarget?: string | undefined;
}

/** An element being filled: its children so far, and how it is made once closed (null: its children go to its parent). */
interface Open {
  readonly closes: string;
  readonly make: ((children: ComponentChild[]) => ComponentChild) | null;
  readonly children: ComponentChild[];
}

type Maker = (children: ComponentChild[]) => ComponentChild;

/** A cell's alignment, from the `style="text-align:..."` markdown-it gives table cells. */
function alignOf(token: Token): { textAlign: string } | undefined {
  const style = token.attrGet("style");
  const match = typeof style === "string" ? /^text-align:(left|center|right)$/.exec(style) : null;
  return match?.[1] === undefined ? undefined : { textAlign: match[1] };
}

function stringAttr(token: Token, name: string): string | undefined {
  const value = token.attrGet(name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function linkMaker(token: Token, options: MarkdownElementOptions): Maker {
  const href = safeUrl(stringAttr(token, "href"));
  const title = stringAttr(token, "title");
  // a refused URL keeps its text, as a span
  if (href === undefined) return (children) => h("span", null, children);
  const external = /^[a-z][a-z0-9+.-]*:/i.test(href);
  const target = options.linkTarget ?? (external ? "_blank" : undefined);
  const rel = target === "_blank" ? "noopener noreferrer" : undefined;
  return (children) => h("a", { href, title, target, rel }, children);
}

/** How the element an opening token starts is made; null for a token drawn as its children alone. */
function makerFor(token: Token, options: MarkdownElementOptions): Maker | null {
  const element =
    (tag: string, props: Record<string, unknown> | null = null): Maker =>
    (children) =>
      h(tag, props, children);
  switch (token.type) {
    case "paragraph_open":
      // a tight list's paragraphs are hidden: the item shows the text itself
      return token.hidden ? null : element("p");
    case "heading_open":
      return /^h[1-6]$/.test(token.tag) ? element(token.tag) : element("p");
    case "blockquote_open":
      return element("blockquote");
    case "bullet_list_open":
      return element("ul");
    case "ordered_list_open": {
      const start = Number(token.attrGet("start") ?? 1);
      return element("ol", Number.isSafeInteger(start) && start !== 1 ? { start } : null);
    }
    case "list_item_open":
      return element("li");
    case "table_open":
      return element("table");
    case "thead_open":
      return element("thead");
    case "tbody_open":
      return element("tbody");
    case "tr_open":
      return element("tr");
    case "th_open":
      return element("th", { scope: "col", style: alignOf(token) });
    case "td_open":
      return element("td", { style: alignOf(token) });
    case "em_open":
      return element("em");
    case "strong_open":
      return element("strong");
    case "s_open":
      return element("del");
    case "link_open":
      return linkMaker(token, options);
    default:
      return null;
  }
}

/** An image's alt text: the plain text of its children (images inside included), without recursion. */
export function altText(children: readonly Token[]): string {
  let text = "";
  const pending: Array<readonly Token[]> = [children];
  const positions: number[] = [0];
  while (pending.length > 0) {
    const list = pending[pending.length - 1] ?? [];
    const position = positions[positions.length - 1] ?? 0;
    if (position >= list.length) {
      pending.pop();
      positions.pop();
      continue;
    }
    positions[positions.length - 1] = position + 1;
    const token = list[position];
    if (token === undefined) continue;
    if (token.type === "image" && token.children !== null) {
      pending.push(token.children);
      positions.push(0);
    } else if (token.type === "softbreak" || token.type === "hardbreak") text += " ";
    else if (token.nesting === 0) text += token.content;
  }
  return text;
}

/** The element a token that neither opens nor closes stands for (text, code, a break, an image, a rule). */
function leaf(token: Token): ComponentChild {
  switch (token.type) {
    case "text":
    case "text_special":
      return token.content;
    case "softbreak":
      return "\n";
    case "hardbreak":
      return h("br", null);
    case "code_inline":
      return h("code", null, token.content);
    case "code_block":
    case "fence": {
      const lang = token.type === "fence" ? (/^[\w+-]+/.exec(token.info.trim())?.[0] ?? "") : "";
      return h("pre", null, h("code", { class: lang === "" ? undefined : `language-${lang}` }, token.content.replace(/\n$/, "")));
    }
    case "hr":
      return h("hr", null);
    case "image": {
      const alt = altText(token.children ?? []);
      const src = safeUrl(stringAttr(token, "src"), true);
      // a refused image keeps its alt text
      return src === undefined ? alt : h("img", { src, alt, title: stringAttr(token, "title"), loading: "lazy" });
    }
    default:
      // anything else (raw HTML if it were ever on) is shown as its text
      return token.content === "" ? null : token.content;
  }
}

/**
 * Draws markdown-it tokens as Preact elements.
 *
 * @example
 * markdownElements(md.parse("Some *text*", {}), {}); // [<p>Some <em>text</em></p>]
 */
export function markdownElements(tokens: readonly Token[], options: MarkdownElementOptions): ComponentChild[] {
  const top: ComponentChild[] = [];
  const open: Open[] = [];
  const here = (): ComponentChild[] => open[open.length - 1]?.children ?? top;
  const close = (): void => {
    const done = open.pop();
    if (done === undefined) return;
    const parent = here();
    if (done.make !== null) parent.push(done.make(done.children));
    // one by one: spreading a very long list into push() would overflow the stack
    else for (const child of done.children) parent.push(child);
  };
  const visit = (token: Token, floor: number): void => {
    if (token.nesting === 1) {
      open.push({ closes: token.type.replace(/_open$/, "_close"), make: makerFor(token, options), children: [] });
    } else if (token.nesting === -1) {
      // a closing token closes its own element only; a stray one is ignored
      if (open.length > floor && open[open.length - 1]?.closes === token.type) close();
    } else if (token.type === "inline") {
      const base = open.length;
      for (const child of token.children ?? []) visit(child, base);
      // inline elements never outlive their block
      while (open.length > base) close();
    } else {
      const drawn = leaf(token);
      if (drawn !== null) here().push(drawn);
    }
  };
  for (const token of tokens) visit(token, 0);
  while (open.length > 0) close();
  return top;
}
