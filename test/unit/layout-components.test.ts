import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { html, htmlTags, type HtmlFactory, type HtmlTag } from "../../src/components/html/html.js";
import { isRenderedHtmlTag, refusedHtmlTags, renderedHtmlTags } from "../../src/components/html/html-tags.js";
import { dcc } from "../../src/components/dcc.js";
import { DataTable, type DataTableActiveCell, type DataTableProps } from "../../src/layout/data-table.js";
import { createApp, Input, Output } from "dashbase";
import { declareTable } from "../../src/tables/declared-table.js";
import { columnLabel } from "../../src/tables/column-label.js";
import { rowCount } from "../../src/components/data-table/row-count.js";
import { idKey, isComponentNode } from "../../src/layout/component-node.js";
import { parseIdKey } from "../../src/protocol/ids.js";
import { rewriteLayout, summarizeLayout } from "../../src/layout/layout-walk.js";

const notes = pgTable("notes", { id: serial("id").primaryKey(), title: text("title").notNull(), stars: integer("stars") });

describe("layout nodes", () => {
  it("builds dcc.Tabs and dcc.Tab from children first, props second, as html.* does, or from props alone", () => {
    const first = dcc.Tabs(
      [
        dcc.Tab("Chart here", { label: "Chart", value: "chart" }),
        dcc.Tab([html.P("rows")], { label: "Table", value: "table", disabled: true }),
      ],
      { id: "tabs", value: "chart" },
    );
    const propsOnly = dcc.Tabs({
      id: "tabs",
      value: "chart",
      children: [
        dcc.Tab({ label: "Chart", value: "chart", children: "Chart here" }),
        dcc.Tab({ label: "Table", value: "table", disabled: true, children: [html.P("rows")] }),
      ],
    });
    assert.deepEqual(first, propsOnly);
    assert.deepEqual(dcc.Tabs([dcc.Tab("x", { label: "X", value: "x" })]).props, {
      children: [{ type: "dcc.Tab", props: { label: "X", value: "x", children: "x" } }],
    });
    // @ts-expect-error a tab needs its label and value after the children
    assert.throws(() => dcc.Tab("x"), /expected \{ label, value \}/);
  });

  it("builds html elements from children first, props second, or props alone", () => {
    assert.deepEqual(html.Div(["a", "b"], { id: "box" }), { type: "html.Div", props: { id: "box", children: ["a", "b"] } });
    assert.deepEqual(html.P("text"), { type: "html.P", props: { children: "text" } });
    assert.deepEqual(html.Span({ className: "c", children: "t" }), { type: "html.Span", props: { className: "c", children: "t" } });
    assert.deepEqual(html.Hr(), { type: "html.Hr", props: {} });
    const nested = html.Div(html.Span("inner"));
    assert.deepEqual(nested.props.children, { type: "html.Span", props: { children: "inner" } });
  });

  it("builds the text-level, grouping, table and gauge elements with their own props", () => {
    assert.deepEqual(html.P(["Saved ", html.Strong("3"), " ", html.Em("views")]).props.children, [
      "Saved ",
      { type: "html.Strong", props: { children: "3" } },
      " ",
      { type: "html.Em", props: { children: "views" } },
    ]);
    assert.deepEqual(html.Time("today", { dateTime: "2024-05-01" }), {
      type: "html.Time",
      props: { dateTime: "2024-05-01", children: "today" },
    });
    assert.deepEqual(html.Meter({ value: 0.6, min: 0, max: 1, low: 0.2, high: 0.8, optimum: 1 }).props, {
      value: 0.6,
      min: 0,
      max: 1,
      low: 0.2,
      high: 0.8,
      optimum: 1,
    });
    assert.deepEqual(html.Progress({ value: 3, max: 10 }), { type: "html.Progress", props: { value: 3, max: 10 } });
    assert.deepEqual(html.Details([html.Summary("More"), html.P("Hidden text")], { open: true }).props.open, true);
    assert.deepEqual(html.Blockquote("Quoted", { cite: "https://example.org/source" }).props.cite, "https://example.org/source");
    assert.deepEqual(html.Colgroup([html.Col({ span: 2 })]).props.children, [{ type: "html.Col", props: { span: 2 } }]);
    assert.deepEqual(html.Abbr("PG", { title: "PostgreSQL" }), { type: "html.Abbr", props: { title: "PostgreSQL", children: "PG" } });
    for (const tag of [
      "Small",
      "B",
      "I",
      "U",
      "S",
      "Sub",
      "Sup",
      "Mark",
      "Kbd",
      "Var",
      "Samp",
      "Q",
      "Cite",
      "Dl",
      "Dt",
      "Dd",
      "Figure",
      "Figcaption",
      "Article",
      "Aside",
      "Address",
      "Caption",
      "Tfoot",
      "Fieldset",
      "Legend",
    ] as const) {
      assert.deepEqual((html[tag] as HtmlFactory<HtmlTag>)("x", { id: tag }), { type: `html.${tag}`, props: { id: tag, children: "x" } });
    }
  });

  it("has a factory for exactly the elements the browser renderer draws, none of which runs code", () => {
    assert.deepEqual([...htmlTags].map((tag) => tag.toLowerCase()).sort(), [...renderedHtmlTags].sort());
    for (const tag of ["script", "style", "iframe", "object", "embed", "base", "link", "meta"]) {
      assert.equal(refusedHtmlTags.has(tag), true, tag);
      assert.equal(isRenderedHtmlTag(tag), false, tag);
    }
    assert.equal(isRenderedHtmlTag("marquee"), false, "an element with no factory is not drawn");
    assert.equal(Object.keys(html).length, htmlTags.length);
  });

  it("serializes to exactly the same JSON it is, with undefined props dropped", () => {
    const node = dcc.Dropdown({ id: "indicator", options: [{ label: "Population", value: "pop" }], value: "pop", placeholder: undefined });
    assert.equal("placeholder" in node.props, false);
    assert.deepEqual(JSON.parse(JSON.stringify(node)), node);
  });

  it("freezes nodes, their props and their children arrays", () => {
    const node = html.Div(["a"], { id: "x" });
    assert.equal(Object.isFrozen(node), true);
    assert.equal(Object.isFrozen(node.props), true);
    assert.equal(Object.isFrozen(node.props.children), true);
    assert.throws(() => {
      (node.props as Record<string, unknown>)["id"] = "y";
    }, TypeError);
  });

  it("builds every dcc component with its type name", () => {
    const nodes = [
      dcc.Input({ id: "a" }),
      dcc.Textarea({ id: "b" }),
      dcc.Checklist({ id: "c", options: ["x"] }),
      dcc.RadioItems({ id: "d", options: [1, 2] }),
      dcc.Slider({ id: "e", min: 0, max: 10 }),
      dcc.RangeSlider({ id: "f", min: 0, max: 10 }),
      dcc.DatePickerSingle({ id: "g" }),
      dcc.DatePickerRange({ id: "h" }),
      dcc.Tabs({ id: "i", children: [dcc.Tab({ label: "A", value: "a" })] }),
      dcc.Store({ id: "j", storage_type: "server" }),
      dcc.Interval({ id: "k" }),
      dcc.Location({ id: "l" }),
      dcc.Link("home", { href: "/" }),
      dcc.Markdown("# hi"),
      dcc.Graph({ id: "m" }),
      dcc.Loading([html.Div()]),
      dcc.ConfirmDialog({ id: "n", message: "sure?" }),
      dcc.Upload({ id: "o" }),
      dcc.Download({ id: "p" }),
    ];
    assert.deepEqual(
      nodes.map((node) => node.type),
      [
        "dcc.Input",
        "dcc.Textarea",
        "dcc.Checklist",
        "dcc.RadioItems",
        "dcc.Slider",
        "dcc.RangeSlider",
        "dcc.DatePickerSingle",
        "dcc.DatePickerRange",
        "dcc.Tabs",
        "dcc.Store",
        "dcc.Interval",
        "dcc.Location",
        "dcc.Link",
        "dcc.Markdown",
        "dcc.Graph",
        "dcc.Loading",
        "dcc.ConfirmDialog",
        "dcc.Upload",
        "dcc.Download",
      ],
    );
    assert.equal(nodes.every(isComponentNode), true);
    assert.deepEqual(dcc.Link("home", { href: "/" }).props, { href: "/", children: "home" });
    assert.deepEqual(dcc.Markdown("# hi").props, { children: "# hi" });
  });

  it("gives object ids a canonical key with sorted keys, and reads it back", () => {
    assert.equal(idKey({ type: "filter", index: 2 }), '{"index":2,"type":"filter"}');
    assert.equal(idKey("plain"), "plain");
    assert.deepEqual(parseIdKey('{"index":2,"type":"filter"}'), { index: 2, type: "filter" });
    assert.equal(parseIdKey("{not json"), "{not json");
  });
});

describe("DataTable", () => {
  it("derives columns from client-side data", () => {
    const table = DataTable({ id: "t", data: [{ code: "fr", name: "France" }] });
    assert.deepEqual(table.props.columns, [
      { id: "code", name: "code" },
      { id: "name", name: "name" },
    ]);
    assert.equal(table.props.server_side, undefined);
  });

  it("shows a declared table by its id, with the columns checked against the model, and nothing but plain data on the node", () => {
    const declared = declareTable("notes", { from: notes, columns: ["title", { id: "stars", name: "Stars" }], pageSize: 5 });
    const table = DataTable({ table: declared.ref });
    assert.deepEqual(JSON.parse(JSON.stringify(table)), {
      type: "DataTable",
      props: {
        id: "notes",
        sort_action: "native",
        filter_action: "native",
        columns: [
          { id: "title", name: "Title", type: "text" },
          { id: "stars", name: "Stars", type: "numeric" },
        ],
        page_size: 5,
        server_side: true,
      },
    });
    assert.deepEqual(Object.getOwnPropertySymbols(table), [], "no query rides on the node");
    assert.equal(isComponentNode(table), true);
  });

  it("carries data_version on the wire, so a callback can make the table fetch again", () => {
    const declared = declareTable("notes", { from: notes, pageSize: 5 });
    const wire = JSON.parse(JSON.stringify(DataTable({ table: declared.ref, data_version: 3 }))) as { props: Record<string, unknown> };
    assert.equal(wire.props["data_version"], 3);
    assert.equal(wire.props["server_side"], true);
    assert.equal("data_version" in DataTable({ table: declared.ref }).props, false, "absent unless given");
  });

  it("heads a declared table's columns with the model's key made readable when no name is given", () => {
    assert.deepEqual(["createdAt", "user_name", "id", "bookId", "gdpURLPath", "title"].map(columnLabel), [
      "Created at",
      "User name",
      "ID",
      "Book ID",
      "Gdp URL path",
      "Title",
    ]);
    const people = pgTable("people", { id: serial("id").primaryKey(), createdAt: text("created_at") });
    assert.deepEqual(
      declareTable("people", { from: people }).ref.columns.map((column) => column.name),
      ["ID", "Created at"],
    );
  });

  it("counts rows in the pager in the singular for one", () => {
    assert.deepEqual([0, 1, 2].map(rowCount), ["0 rows", "1 row", "2 rows"]);
  });

  it("types row selection and the active cell as the view implements them, usable as Input and Output props", () => {
    const table = DataTable({
      id: "t",
      data: [{ id: 7, code: "fr" }],
      row_selectable: "multi",
      selected_rows: [0],
      active_cell: null,
      caption: "Countries",
    });
    assert.deepEqual(
      [table.props.row_selectable, table.props.selected_rows, table.props.active_cell, table.props.caption],
      ["multi", [0], null, "Countries"],
    );
    const cell: DataTableActiveCell = { row: 0, column: 1, column_id: "code", row_id: 7 };
    DataTable({ id: "t", row_selectable: false, active_cell: cell });
    // @ts-expect-error the view knows "single" and "multi" only
    DataTable({ id: "t", row_selectable: "many" });
    // @ts-expect-error selected_rows are row indexes
    DataTable({ id: "t", selected_rows: ["fr"] });
    const app = createApp({});
    app.callback(
      [Output<DataTableProps["selected_rows"]>("t", "selected_rows")],
      [Input<DataTableActiveCell | null>("t", "active_cell")],
      ([active]) => [active ? [active.row] : []],
    );
  });

  it("refuses a column the table does not have, naming the ones it has, and an id other than the declared one", () => {
    assert.throws(
      () => declareTable("notes", { from: notes, columns: ["nope" as "title"] }),
      /column "nope" is not in the table; expected one of id, title, stars/,
    );
    assert.throws(() => declareTable("no spaces", { from: notes }), /expected an id of letters/);
    assert.throws(() => DataTable({ id: "other", table: declareTable("notes", { from: notes }).ref }), /takes the table's id "notes"/);
  });

  it("answers yesterday's DataTable({ query }) with a coded error that says what to write instead", () => {
    const legacy = { id: "notes", query: { table: notes } } as unknown as Parameters<typeof DataTable>[0];
    assert.throws(
      () => DataTable(legacy),
      (error: unknown) => {
        assert.equal((error as { code?: unknown }).code, "DASHBASE_E_API_CHANGED");
        assert.match((error as Error).message, /app\.table\("notes"/);
        return true;
      },
    );
  });
});

describe("layout walking", () => {
  const layout = html.Div([
    dcc.Input({ id: "name", persistence: "server" }),
    dcc.DatePickerRange({ id: { type: "range", index: 1 }, persistence: "server" }),
    dcc.Store({ id: "prefs", storage_type: "server" }),
    dcc.Tabs({
      id: "tabs",
      children: [dcc.Tab({ label: "T", value: "t", children: DataTable({ table: declareTable("notes", { from: notes }).ref }) })],
    }),
  ]);

  it("finds ids and server-persisted props anywhere in the tree", () => {
    const summary = summarizeLayout(layout);
    assert.deepEqual([...summary.ids.keys()], ["name", '{"index":1,"type":"range"}', "prefs", "tabs", "notes"]);
    assert.deepEqual(
      summary.persisted.map((entry) => `${entry.key}.${entry.property}`),
      ["name.value", '{"index":1,"type":"range"}.start_date', '{"index":1,"type":"range"}.end_date', "prefs.data"],
    );
  });

  it("rewrites props without touching the original", () => {
    const next = rewriteLayout(layout, (node) => ((node.props as { id?: unknown }).id === "name" ? { value: "Ada" } : undefined));
    assert.notEqual(next, layout);
    assert.equal(summarizeLayout(layout).ids.size, 5);
    const children = next.props.children as readonly { props: Record<string, unknown> }[];
    assert.equal(children[0]!.props["value"], "Ada");
    assert.equal((layout.props.children as readonly { props: Record<string, unknown> }[])[0]!.props["value"], undefined);
    assert.equal(children[3], (layout.props.children as readonly unknown[])[3], "an unchanged subtree is shared");
  });
});
