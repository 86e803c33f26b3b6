/**
 * @module
 * The renderer's pure helpers without a browser: the Markdown reader (what it produces, and that
 * raw HTML stays text), DataTable's client-side filtering, sorting and paging, and option lists.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseInline, parseMarkdown } from "../../src/client/markdown-parse.js";
import { filterOptions, normalizeOptions, valuesOf } from "../../src/client/options.js";
import { filterRows, nextSort, pageAfterShrink, pageCount, pageRows, parseFilter, sortRows, tableRequestKey } from "../../src/client/table-logic.js";

describe("client Markdown reader", () => {
  it("reads headings, paragraphs, emphasis, code and links", () => {
    const blocks = parseMarkdown("# Title\n\nSome *soft* and **strong** `code` with [a link](/x \"tip\").");
    assert.deepEqual(blocks[0], { kind: "heading", level: 1, children: [{ kind: "text", text: "Title" }] });
    assert.deepEqual(blocks[1], {
      kind: "paragraph",
      children: [
        { kind: "text", text: "Some " },
        { kind: "em", children: [{ kind: "text", text: "soft" }] },
        { kind: "text", text: " and " },
        { kind: "strong", children: [{ kind: "text", text: "strong" }] },
        { kind: "text", text: " " },
        { kind: "code", text: "code" },
        { kind: "text", text: " with " },
        { kind: "link", href: "/x", title: "tip", children: [{ kind: "text", text: "a link" }] },
        { kind: "text", text: "." },
      ],
    });
  });

  it("keeps raw HTML as plain text", () => {
    assert.deepEqual(parseInline("<script>alert(1)</script>"), [{ kind: "text", text: "<script>alert(1)</script>" }]);
  });

  it("reads a link target with parentheses whole, so the view can refuse it whole", () => {
    const [link] = parseInline("[x](javascript:alert(1))");
    assert.equal(link?.kind, "link");
    assert.equal(link?.kind === "link" ? link.href : "", "javascript:alert(1)");
  });

  it("reads lists, nested lists, quotes, fenced code, rules and tables", () => {
    const blocks = parseMarkdown("- one\n- two\n  - deep\n\n1. first\n2. second\n\n> quoted\n\n```ts\nconst a = 1;\n```\n\n---\n\n| a | b |\n|:--|--:|\n| 1 | 2 |");
    assert.deepEqual(blocks.map((block) => block.kind), ["list", "list", "quote", "code", "rule", "table"]);
    const bullets = blocks[0];
    assert.equal(bullets?.kind === "list" ? bullets.items.length : 0, 2);
    assert.equal(bullets?.kind === "list" ? bullets.items[1]?.[1]?.kind : undefined, "list");
    const numbered = blocks[1];
    assert.equal(numbered?.kind === "list" && numbered.ordered, true);
    assert.deepEqual(blocks[3], { kind: "code", lang: "ts", text: "const a = 1;" });
    const table = blocks[5];
    assert.deepEqual(table?.kind === "table" ? table.align : [], ["left", "right"]);
    assert.equal(table?.kind === "table" ? table.rows.length : 0, 1);
  });

  it("leaves underscores inside words alone", () => {
    assert.deepEqual(parseInline("snake_case_name"), [{ kind: "text", text: "snake_case_name" }]);
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
    assert.deepEqual(filterRows(rows, { name: "LI" }).map((r) => r.name), ["lille"]);
    assert.deepEqual(filterRows(rows, { people: ">= 500" }).map((r) => r.name), ["Lyon", "Paris"]);
    assert.deepEqual(filterRows(rows, { people: "<500" }).map((r) => r.name), ["lille"]);
    assert.deepEqual(filterRows(rows, { region: "=idf" }).map((r) => r.name), ["Paris"]);
    assert.deepEqual(filterRows(rows, { name: "  " }).length, 4);
    assert.deepEqual(parseFilter("!= 3"), { kind: "compare", op: "!=", operand: "3" });
  });

  it("sorts numbers as numbers, text by locale, empty cells last in both directions", () => {
    assert.deepEqual(sortRows(rows, [{ column: "people", direction: "asc" }]).map((r) => r.name), ["lille", "Lyon", "Paris", "Nice"]);
    assert.deepEqual(sortRows(rows, [{ column: "people", direction: "desc" }]).map((r) => r.name), ["Paris", "Lyon", "lille", "Nice"]);
    assert.deepEqual(sortRows(rows, [{ column: "name", direction: "asc" }]).map((r) => r.name), ["lille", "Lyon", "Nice", "Paris"]);
  });

  it("pages rows and clamps the page to the pages there are", () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ i }));
    assert.equal(pageCount(23, 10), 3);
    assert.equal(pageCount(0, 10), 1);
    assert.deepEqual(pageRows(many, 2, 10).rows.map((r) => r.i), [20, 21, 22]);
    assert.equal(pageRows(many, 9, 10).page, 2);
  });

  it("cycles a header's sort through ascending, descending and none", () => {
    assert.deepEqual(nextSort([], "a"), [{ column: "a", direction: "asc" }]);
    assert.deepEqual(nextSort([{ column: "a", direction: "asc" }], "a"), [{ column: "a", direction: "desc" }]);
    assert.deepEqual(nextSort([{ column: "a", direction: "desc" }], "a"), []);
    assert.deepEqual(nextSort([{ column: "a", direction: "desc" }], "b"), [{ column: "b", direction: "asc" }]);
  });

  it("asks a query-bound table to fetch again when data_version changes, and not when nothing does", () => {
    const state = { page: 1, pageSize: 10, sortBy: [{ column: "name", direction: "asc" as const }], filter: { name: "ly" }, dataVersion: undefined };
    const key = tableRequestKey(state);
    assert.equal(tableRequestKey({ ...state, sortBy: [{ column: "name", direction: "asc" }], filter: { name: "ly", region: " " } }), key, "equal state, new objects, a blank filter");
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
    assert.equal(pageAfterShrink({ page: 2, pageSize: 10, total: 0, rowsOnPage: 0 }), undefined, "an empty table stays where it is (no rows anywhere)");
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
    const options = normalizeOptions([{ label: "Côte d'Ivoire", value: "ci" }, { label: "Chile", value: "cl" }]);
    assert.deepEqual(filterOptions(options, "cote").map((o) => o.value), ["ci"]);
    assert.deepEqual(filterOptions(options, "").length, 2);
  });

  it("reads one value, many, or none", () => {
    assert.deepEqual(valuesOf("a"), ["a"]);
    assert.deepEqual(valuesOf(["a", 2, null]), ["a", 2]);
    assert.deepEqual(valuesOf(null), []);
  });
});
