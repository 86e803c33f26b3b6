/**
 * @module
 * The renderer's pure helpers without a browser: Markdown (markdown-it tokens drawn as Preact
 * elements, raw HTML kept as text, script URLs refused, the size and nesting limits), DataTable's
 * client-side filtering, sorting and paging, and option lists.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import MarkdownIt from "markdown-it";
import { isValidElement, type ComponentChild, type VNode } from "preact";
import { MARKDOWN_MAX_DEPTH, MARKDOWN_MAX_LENGTH, nestingDepth, readMarkdown } from "../../src/client/markdown-parse.js";
import { filterOptions, normalizeOptions, valuesOf } from "../../src/client/options.js";
import {
  filterRows,
  nextSort,
  pageAfterShrink,
  pageCount,
  pageRows,
  parseFilter,
  sortRows,
  tableRequestKey,
} from "../../src/client/table-logic.js";
import { altText, markdownElements, type MarkdownElementOptions } from "../../src/components/markdown/markdown-elements.js";

/** Elements as HTML-like text: tag, then the attributes set (sorted), then children; text as is. */
function show(children: ComponentChild | ComponentChild[]): string {
  if (Array.isArray(children)) return children.map((child) => show(child)).join("");
  if (children === null || children === undefined || typeof children === "boolean") return "";
  if (!isValidElement(children)) return String(children as string | number);
  const { children: inner, ...props } = (children as VNode<Record<string, unknown>>).props;
  const attributes = Object.entries(props)
    .filter(([, value]) => value !== undefined && value !== null)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ` ${name}=${typeof value === "object" ? JSON.stringify(value) : String(value as string | number)}`)
    .join("");
  return `<${String(children.type)}${attributes}>${show(inner as ComponentChild[])}</${String(children.type)}>`;
}

/** Markdown drawn as elements, shown as text. */
function draw(text: string, options: MarkdownElementOptions = {}): string {
  const reading = readMarkdown(text);
  assert.equal(reading.kind, "tokens", `${text.slice(0, 40)} is read as Markdown`);
  return reading.kind === "tokens" ? show(markdownElements(reading.tokens, options)) : "";
}

/** Every URL the elements would load or navigate to. */
function urlsOf(children: ComponentChild | ComponentChild[]): string[] {
  if (Array.isArray(children)) return children.flatMap((child) => urlsOf(child));
  if (!isValidElement(children)) return [];
  const props = (children as VNode<Record<string, unknown>>).props;
  const own = ["href", "src"].flatMap((name) => (typeof props[name] === "string" ? [props[name]] : []));
  return [...own, ...urlsOf(props.children as ComponentChild[])];
}

describe("client Markdown: markdown-it tokens drawn as Preact elements", () => {
  it("draws headings, paragraphs, emphasis, code and links", () => {
    assert.equal(
      draw('# Title\n\nSome *soft* and **strong** `code` with [a link](/x "tip") and ~~gone~~.'),
      "<h1>Title</h1><p>Some <em>soft</em> and <strong>strong</strong> <code>code</code> with <a href=/x title=tip>a link</a> and <del>gone</del>.</p>",
    );
  });

  it("keeps raw HTML as plain text, inline and as a block", () => {
    assert.equal(draw("<script>alert(1)</script>"), "<p><script>alert(1)</script></p>", "the text of a paragraph, not an element");
    const reading = readMarkdown('<div onclick="x()">hi</div>\n\ntext <img src=x onerror=alert(1)>');
    assert.equal(reading.kind, "tokens");
    const drawn = reading.kind === "tokens" ? markdownElements(reading.tokens, {}) : [];
    const tags: string[] = [];
    const walk = (child: ComponentChild | ComponentChild[]): void => {
      if (Array.isArray(child)) child.forEach(walk);
      else if (isValidElement(child)) {
        tags.push(String(child.type));
        walk((child.props as { children?: ComponentChild[] }).children ?? []);
      }
    };
    walk(drawn);
    assert.deepEqual(tags, ["p", "p"], "two paragraphs of text, no div or img");
    assert.match(show(drawn), /<p><div onclick="x\(\)">hi<\/div><\/p>/);
  });

  it("draws lists (tight items without paragraphs), nested lists, numbered lists from their start, quotes, code, rules and tables", () => {
    assert.equal(draw("- one\n- two\n  - deep"), "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>");
    assert.equal(draw("3. third\n4. fourth"), "<ol start=3><li>third</li><li>fourth</li></ol>");
    assert.equal(draw("- loose\n\n- items"), "<ul><li><p>loose</p></li><li><p>items</p></li></ul>");
    assert.equal(draw("> quoted *text*"), "<blockquote><p>quoted <em>text</em></p></blockquote>");
    assert.equal(draw("```ts extra\nconst a = 1 < 2;\n```"), "<pre><code class=language-ts>const a = 1 < 2;</code></pre>");
    assert.equal(draw("    indented\n    code"), "<pre><code>indented\ncode</code></pre>");
    assert.equal(draw("---"), "<hr></hr>");
    assert.equal(
      draw("| a | b | c |\n|:--|--:|---|\n| 1 | **2** | 3 |"),
      '<table><thead><tr><th scope=col style={"textAlign":"left"}>a</th><th scope=col style={"textAlign":"right"}>b</th><th scope=col>c</th></tr></thead>' +
        '<tbody><tr><td style={"textAlign":"left"}>1</td><td style={"textAlign":"right"}><strong>2</strong></td><td>3</td></tr></tbody></table>',
    );
    assert.equal(draw("line one  \nline two\nline three"), "<p>line one<br></br>line two\nline three</p>");
  });

  it("leaves underscores inside words alone and decodes entities to text", () => {
    assert.equal(draw("snake_case_name &amp; &lt;b&gt;"), "<p>snake_case_name & <b></p>");
  });

  it("opens links with a scheme in a new tab with rel=noopener noreferrer, relative ones in place, or as link_target says", () => {
    assert.equal(
      draw("[out](https://example.org/a) [in](/b)"),
      "<p><a href=https://example.org/a rel=noopener noreferrer target=_blank>out</a> <a href=/b>in</a></p>",
    );
    assert.equal(
      draw("[in](/b) <https://example.org>", { linkTarget: "_self" }),
      "<p><a href=/b target=_self>in</a> <a href=https://example.org target=_self>https://example.org</a></p>",
    );
    assert.equal(draw("[in](/b)", { linkTarget: "_blank" }), "<p><a href=/b rel=noopener noreferrer target=_blank>in</a></p>");
  });

  it("draws images with their alt text as plain text, lazily loaded", () => {
    assert.equal(draw('![a *b* `c`](/i.png "t")'), "<p><img alt=a b c loading=lazy src=/i.png title=t></img></p>");
    assert.equal(draw("![a ![b](/x.png)](/y.png)").includes("alt=a b"), true, "an image inside an image's text gives its alt text");
  });

  it("refuses javascript:, vbscript: and data: URLs (but raster data: images) in links and images, however written", () => {
    const hostile = [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](java\tscript:alert(1))",
      "[x](&#106;avascript:alert(1))",
      "[x](java&#x09;script:alert(1))",
      "[x](vbscript:msgbox(1))",
      "[x](data:text/html,<script>alert(1)</script>)",
      "[x](<javascript:alert(1)>)",
      "<javascript:alert(1)>",
      "[x][r]\n\n[r]: javascript:alert(1)",
      "![i](javascript:alert(1))",
      "![i](data:image/svg+xml,<svg onload=alert(1)>)",
      "![i](data:text/html;base64,PHNjcmlwdD4=)",
      "[![i](javascript:alert(1))](vbscript:x)",
    ];
    for (const text of hostile) {
      const reading = readMarkdown(text);
      const urls = reading.kind === "tokens" ? urlsOf(markdownElements(reading.tokens, {})) : [];
      // eslint-disable-next-line no-control-regex
      const risky = urls.filter((url) => /^(javascript|vbscript|data):/i.test(url.replace(/[\u0000-\u0020]/g, "")));
      assert.deepEqual(risky, [], text);
    }
    const raster = readMarkdown("![p](data:image/png;base64,iVBORw0KGgo=)");
    assert.deepEqual(raster.kind === "tokens" ? urlsOf(markdownElements(raster.tokens, {})) : [], ["data:image/png;base64,iVBORw0KGgo="]);
  });

  it("refuses a script URL in a token even when the parser lets one through (links become text, images their alt text)", () => {
    const md = new MarkdownIt();
    const tokens = md.parse("[x](/ok) ![alt](/ok.png)", {});
    for (const child of tokens[1]?.children ?? []) {
      if (child.type === "link_open") child.attrSet("href", " javascript:alert(1)");
      if (child.type === "image") child.attrSet("src", "vbscript:x");
    }
    assert.equal(show(markdownElements(tokens, {})), "<p><span>x</span> alt</p>");
  });

  it("shows text over the size limit or the nesting limit as plain text, and reads what is within", () => {
    assert.equal(readMarkdown("a".repeat(MARKDOWN_MAX_LENGTH + 1)).kind, "too-long");
    assert.equal(readMarkdown("a".repeat(MARKDOWN_MAX_LENGTH)).kind, "tokens");
    // n quotes hold a paragraph: n + 1 levels
    assert.equal(readMarkdown(`${"> ".repeat(MARKDOWN_MAX_DEPTH - 1)}deep`).kind, "tokens");
    assert.equal(readMarkdown(`${"> ".repeat(MARKDOWN_MAX_DEPTH)}deep`).kind, "too-deep");
    assert.equal(readMarkdown(`${"> ".repeat(5000)}deep`).kind, "too-deep", "markdown-it cuts it short; we still say so");
    assert.equal(readMarkdown(`${"- ".repeat(5000)}deep`).kind, "too-deep");
    assert.equal(readMarkdown(`${"*".repeat(5000)}a${"*".repeat(5000)}`).kind, "too-deep", "emphasis, which markdown-it does not limit");
  });

  it("reads hostile link text in linear time: 25 KB of nested links, and 100 KB of `[a](`", () => {
    /** The best of three timings of reading and drawing the text, in milliseconds. */
    const bestTime = (text: string): number => {
      let best = Infinity;
      for (let round = 0; round < 3; round += 1) {
        const started = performance.now();
        const reading = readMarkdown(text);
        const drawn = reading.kind === "tokens" ? markdownElements(reading.tokens, {}) : [];
        best = Math.min(best, performance.now() - started);
        assert.equal(reading.kind, "tokens");
        assert.ok(drawn.length > 0);
      }
      return best;
    };
    // Sixteen times the text takes about sixteen times as long when linear, about 256 times when
    // quadratic; a ratio, so a slow or busy machine cannot fail it.
    const texts: Array<[shape: (n: number) => string, whole: number]> = [
      [(n) => `${"[".repeat(n)}a${"](/x)".repeat(n)}`, 4166],
      [(n) => "[a](".repeat(n), 24_999],
    ];
    for (const [shape, whole] of texts) {
      const small = bestTime(shape(Math.floor(whole / 16)));
      const large = bestTime(shape(whole));
      assert.ok(large < 64 * Math.max(small, 0.05), `${shape(1)}: ${large.toFixed(1)} ms against ${small.toFixed(1)} ms for a sixteenth`);
    }
  });

  it("counts nesting in one pass, inline children below their block", () => {
    // blockquote, list, item, paragraph (hidden in a tight list, still a level), em, strong
    assert.equal(nestingDepth(new MarkdownIt().parse("> - *a **b***", {})), 6);
  });

  it("draws any depth of tokens without recursion", () => {
    const md = new MarkdownIt();
    const [open, inline, close] = md.parse("para", {});
    const depth = 200_000;
    const children = [
      ...Array.from({ length: depth }, () => new MarkdownIt.Token("em_open", "em", 1)),
      Object.assign(new MarkdownIt.Token("text", "", 0), { content: "deep" }),
      ...Array.from({ length: depth }, () => new MarkdownIt.Token("em_close", "em", -1)),
    ];
    if (open === undefined || inline === undefined || close === undefined) throw new Error("no paragraph");
    inline.children = children;
    assert.equal(markdownElements([open, inline, close], {}).length, 1);
    const image = Object.assign(new MarkdownIt.Token("image", "img", 0), { children: [] as InstanceType<typeof MarkdownIt.Token>[] });
    let inner = image;
    for (let i = 0; i < depth; i++) {
      const next = Object.assign(new MarkdownIt.Token("image", "img", 0), { children: [] as InstanceType<typeof MarkdownIt.Token>[] });
      inner.children = [next];
      inner = next;
    }
    inner.children = [Object.assign(new MarkdownIt.Token("text", "", 0), { content: "alt" })];
    assert.equal(altText([image]), "alt");
  });
});

const rows = [
  { name: "Lyon", people: 500, region: "ARA" },
  { name: "Paris", people: 2100, region: "IDF" },
  { name: "Nice", people: null, region: "PACA" },
  { name: "lille", people: 230, region: "HDF" },
];

describe("client DataTable logic", () => {
  it("filters by substring, ignoring case, and by comparisons on numbers", () => {
    assert.deepEqual(
      filterRows(rows, { name: "LI" }).map((r) => r.name),
      ["lille"],
    );
    assert.deepEqual(
      filterRows(rows, { people: ">= 500" }).map((r) => r.name),
      ["Lyon", "Paris"],
    );
    assert.deepEqual(
      filterRows(rows, { people: "<500" }).map((r) => r.name),
      ["lille"],
    );
    assert.deepEqual(
      filterRows(rows, { region: "=idf" }).map((r) => r.name),
      ["Paris"],
    );
    assert.deepEqual(filterRows(rows, { name: "  " }).length, 4);
    assert.deepEqual(parseFilter("!= 3"), { kind: "compare", op: "!=", operand: "3" });
  });

  it("sorts numbers as numbers, text by locale, empty cells last in both directions", () => {
    assert.deepEqual(
      sortRows(rows, [{ column: "people", direction: "asc" }]).map((r) => r.name),
      ["lille", "Lyon", "Paris", "Nice"],
    );
    assert.deepEqual(
      sortRows(rows, [{ column: "people", direction: "desc" }]).map((r) => r.name),
      ["Paris", "Lyon", "lille", "Nice"],
    );
    assert.deepEqual(
      sortRows(rows, [{ column: "name", direction: "asc" }]).map((r) => r.name),
      ["lille", "Lyon", "Nice", "Paris"],
    );
  });

  it("pages rows and clamps the page to the pages there are", () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ i }));
    assert.equal(pageCount(23, 10), 3);
    assert.equal(pageCount(0, 10), 1);
    assert.deepEqual(
      pageRows(many, 2, 10).rows.map((r) => r.i),
      [20, 21, 22],
    );
    assert.equal(pageRows(many, 9, 10).page, 2);
  });

  it("cycles a header's sort through ascending, descending and none", () => {
    assert.deepEqual(nextSort([], "a"), [{ column: "a", direction: "asc" }]);
    assert.deepEqual(nextSort([{ column: "a", direction: "asc" }], "a"), [{ column: "a", direction: "desc" }]);
    assert.deepEqual(nextSort([{ column: "a", direction: "desc" }], "a"), []);
    assert.deepEqual(nextSort([{ column: "a", direction: "desc" }], "b"), [{ column: "b", direction: "asc" }]);
  });

  it("asks a query-bound table to fetch again when data_version changes, and not when nothing does", () => {
    const state = {
      page: 1,
      pageSize: 10,
      sortBy: [{ column: "name", direction: "asc" as const }],
      filter: { name: "ly" },
      dataVersion: undefined,
    };
    const key = tableRequestKey(state);
    assert.equal(
      tableRequestKey({ ...state, sortBy: [{ column: "name", direction: "asc" }], filter: { name: "ly", region: " " } }),
      key,
      "equal state, new objects, a blank filter",
    );
    assert.notEqual(tableRequestKey({ ...state, dataVersion: 1 }), key);
    assert.notEqual(tableRequestKey({ ...state, dataVersion: 2 }), tableRequestKey({ ...state, dataVersion: 1 }));
    assert.notEqual(tableRequestKey({ ...state, dataVersion: "1" }), tableRequestKey({ ...state, dataVersion: 1 }));
    assert.notEqual(tableRequestKey({ ...state, page: 2 }), key);
    assert.notEqual(tableRequestKey({ ...state, filter: { name: "lyo" } }), key);
  });

  it("moves to the last page with rows when a fetch after a delete finds the shown page empty", () => {
    assert.equal(pageAfterShrink({ page: 4, pageSize: 10, total: 38, rowsOnPage: 0 }), 3);
    assert.equal(pageAfterShrink({ page: 3, pageSize: 10, total: 38, rowsOnPage: 8 }), undefined);
    assert.equal(pageAfterShrink({ page: 0, pageSize: 10, total: 0, rowsOnPage: 0 }), undefined);
    assert.equal(
      pageAfterShrink({ page: 2, pageSize: 10, total: 0, rowsOnPage: 0 }),
      undefined,
      "an empty table stays where it is (no rows anywhere)",
    );
  });
});

describe("client option lists", () => {
  it("accepts bare values, label/value objects and a value-to-label map", () => {
    assert.deepEqual(normalizeOptions(["EU", 3, { label: "United States", value: "US", disabled: true }, { nope: 1 }]), [
      { label: "EU", value: "EU", disabled: false },
      { label: "3", value: 3, disabled: false },
      { label: "United States", value: "US", disabled: true },
    ]);
    assert.deepEqual(normalizeOptions({ fr: "France" }), [{ label: "France", value: "fr", disabled: false }]);
  });

  it("searches labels without regard to case or accents", () => {
    const options = normalizeOptions([
      { label: "Côte d'Ivoire", value: "ci" },
      { label: "Chile", value: "cl" },
    ]);
    assert.deepEqual(
      filterOptions(options, "cote").map((o) => o.value),
      ["ci"],
    );
    assert.deepEqual(filterOptions(options, "").length, 2);
  });

  it("reads one value, many, or none", () => {
    assert.deepEqual(valuesOf("a"), ["a"]);
    assert.deepEqual(valuesOf(["a", 2, null]), ["a", 2]);
    assert.deepEqual(valuesOf(null), []);
  });
});
