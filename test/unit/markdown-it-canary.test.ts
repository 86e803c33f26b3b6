/**
 * @module
 * A canary for the markdown-it version dcc.Markdown is pinned to: the drawing of its tokens
 * (src/components/markdown/markdown-elements.tsx) relies on their types, tags and attributes, and
 * the limits (src/client/markdown-parse.ts) on how `maxNesting` cuts nesting short. When an
 * upgrade changes any of these, this fails before a page draws something else.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import MarkdownIt, { type Token } from "markdown-it";

const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
const summary = (tokens: readonly Token[]) => tokens.map((token) => `${token.type}:${token.tag}:${token.nesting}`);

describe("markdown-it, as dcc.Markdown relies on it", () => {
  it("is the version package.json pins exactly", () => {
    // Bundled into the renderer at build time, so a dev dependency.
    const pinned = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { devDependencies: Record<string, string> }).devDependencies[
      "markdown-it"
    ];
    const require = createRequire(import.meta.url);
    const installed = (JSON.parse(fs.readFileSync(require.resolve("markdown-it/package.json"), "utf8")) as { version: string }).version;
    assert.equal(pinned, "15.0.3");
    assert.equal(installed, pinned);
  });

  it("gives the block and inline token types the drawing knows", () => {
    const tokens = md.parse(
      '# H\n\n> q\n\n- a\n\n3. b\n\n```js\nx\n```\n\n    code\n\n---\n\n*e* **s** ~~d~~ `c` [l](/u "t") ![i](/p.png)  \nx',
      {},
    );
    assert.deepEqual(summary(tokens).slice(0, 22), [
      "heading_open:h1:1",
      "inline::0",
      "heading_close:h1:-1",
      "blockquote_open:blockquote:1",
      "paragraph_open:p:1",
      "inline::0",
      "paragraph_close:p:-1",
      "blockquote_close:blockquote:-1",
      "bullet_list_open:ul:1",
      "list_item_open:li:1",
      "paragraph_open:p:1",
      "inline::0",
      "paragraph_close:p:-1",
      "list_item_close:li:-1",
      "bullet_list_close:ul:-1",
      "ordered_list_open:ol:1",
      "list_item_open:li:1",
      "paragraph_open:p:1",
      "inline::0",
      "paragraph_close:p:-1",
      "list_item_close:li:-1",
      "ordered_list_close:ol:-1",
    ]);
    assert.equal(tokens[10]?.hidden, true, "a tight list's paragraph is hidden");
    assert.equal(tokens[15]?.attrGet("start"), 3);
    assert.deepEqual(summary(tokens.slice(22, 25)), ["fence:code:0", "code_block:code:0", "hr:hr:0"]);
    assert.equal(tokens[22]?.info, "js");
    const inline = tokens.find((token, index) => index > 24 && token.type === "inline")?.children ?? [];
    assert.deepEqual(
      inline.map((token) => token.type),
      [
        "em_open",
        "text",
        "em_close",
        "text",
        "strong_open",
        "text",
        "strong_close",
        "text",
        "s_open",
        "text",
        "s_close",
        "text",
        "code_inline",
        "text",
        "link_open",
        "text",
        "link_close",
        "text",
        "image",
        "hardbreak",
        "text",
      ],
    );
    const link = inline.find((token) => token.type === "link_open");
    assert.deepEqual([link?.attrGet("href"), link?.attrGet("title")], ["/u", "t"]);
    const image = inline.find((token) => token.type === "image");
    assert.deepEqual([image?.attrGet("src"), image?.children?.map((token) => token.content)], ["/p.png", ["i"]]);
  });

  it("aligns table cells with a style attribute, and keeps raw HTML as text", () => {
    const tokens = md.parse("| a | b | c |\n|:-|-:|:-:|\n| 1 | 2 | 3 |", {});
    assert.deepEqual(
      tokens.filter((token) => token.type === "th_open").map((token) => token.attrGet("style")),
      ["text-align:left", "text-align:right", "text-align:center"],
    );
    const html = md.parse("<b onclick=x>hi</b>\n\n<div>block</div>", {});
    assert.deepEqual(
      html.filter((token) => token.type.startsWith("html")),
      [],
      "no html_block or html_inline tokens",
    );
  });

  it("refuses script links itself and cuts block nesting at maxNesting", () => {
    const [, inline] = md.parse("[x](javascript:alert(1))", {});
    assert.deepEqual(
      inline?.children?.map((token) => token.type),
      ["text"],
    );
    const limited = new MarkdownIt("default", { maxNesting: 3 }).parse("> > > > > deep", {});
    assert.equal(Math.max(...limited.map((token) => token.level)), 2, "nothing opens at or past maxNesting");
    assert.equal(
      limited.some((token) => token.content.includes("deep")),
      false,
      "the rest is dropped, which is why the limit is checked after",
    );
  });
});
