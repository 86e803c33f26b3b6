/**
 * The components added for apps that would otherwise pull in a component kit: their factories,
 * definitions and theme plumbing (the browser behaviour is in test/browser/ui-components.test.ts).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { dcc, html } from "dashbase";
import { builtInCatalog } from "../../src/components/component-catalog.js";
import { persistedPropsFor } from "../../src/component-api.js";
import { THEME_STORAGE_KEY } from "../../src/client/theme-choice.js";
import { THEME_STORAGE_KEY as WATCHED_THEME_KEY } from "../../src/client/theme-watch.js";

const added = ["Rating", "Button", "Tooltip", "Stack", "Grid", "Card", "Navbar", "Modal", "Alert", "Badge", "Progress", "ThemeSwitch"];

describe("ui components", () => {
  it("registers each in the dcc namespace and the built-in catalog, with a view fetched only where used", () => {
    for (const name of added) {
      const definition = builtInCatalog.definitionOf(`dcc.${name}`);
      assert.ok(definition, name);
      assert.equal(definition.view, "lazy", `${name} loads as a chunk`);
      assert.equal(typeof (dcc as Record<string, unknown>)[name], "function", name);
    }
  });

  it("builds wrapping components from children first, or from props alone", () => {
    const chart = html.Div({ id: "chart" });
    assert.deepEqual(dcc.Card([chart], { title: "Sales" }), { type: "dcc.Card", props: { title: "Sales", children: [chart] } });
    assert.deepEqual(dcc.Card({ title: "Sales", children: "text" }), { type: "dcc.Card", props: { title: "Sales", children: "text" } });
    assert.deepEqual(dcc.Button("Delete", { id: "delete", variant: "danger" }), {
      type: "dcc.Button",
      props: { id: "delete", variant: "danger", children: "Delete" },
    });
    assert.deepEqual(dcc.Tooltip(dcc.Button("Export"), { label: "As CSV" }).props, {
      label: "As CSV",
      children: { type: "dcc.Button", props: { children: "Export" } },
    });
    assert.equal(dcc.Modal([html.P("Sure?")], { id: "ask", is_open: true }).props.is_open, true);
    assert.deepEqual(dcc.Stack([chart], { gap: 2, direction: "horizontal" }).props, { gap: 2, direction: "horizontal", children: [chart] });
    assert.equal(dcc.Grid([chart, chart], { columns: 3 }).type, "dcc.Grid");
    assert.equal(dcc.Alert("Saved", { color: "success", dismissable: true }).props.children, "Saved");
  });

  it("keeps plain-props components as plain props", () => {
    assert.deepEqual(dcc.Rating({ id: "stars", value: 3, max: 5 }), { type: "dcc.Rating", props: { id: "stars", value: 3, max: 5 } });
    assert.deepEqual(dcc.Navbar({ brand: "Shop", links: [{ label: "Orders", href: "/orders" }] }).props.links, [
      { label: "Orders", href: "/orders" },
    ]);
    assert.equal(dcc.Badge({ children: 12, pill: true }).props.children, 12);
    assert.equal(dcc.Progress({ value: 40, label: "40%" }).props.value, 40);
    assert.deepEqual(dcc.ThemeSwitch({ id: "theme" }), { type: "dcc.ThemeSwitch", props: { id: "theme" } });
  });

  it("persists a rating's value, and only when asked", () => {
    const rating = builtInCatalog.definitionOf("dcc.Rating")!;
    assert.deepEqual(persistedPropsFor(rating, { persistence: "server" }), ["value"]);
    assert.deepEqual(rating.defaults, { value: 0, max: 5 });
    assert.equal(builtInCatalog.definitionOf("dcc.Modal")!.defaults?.is_open, false);
    assert.equal(builtInCatalog.definitionOf("dcc.Alert")!.defaults?.is_open, true);
    assert.equal(builtInCatalog.definitionOf("dcc.Button")!.defaults?.n_clicks, 0);
  });

  it("reads and writes the theme choice under one localStorage key", () => {
    assert.equal(WATCHED_THEME_KEY, THEME_STORAGE_KEY);
  });

  it("defines every colour variable in both themes", () => {
    const css = fs.readFileSync(path.resolve("src/client/styles.css"), "utf8");
    const block = (selector: string): Set<string> => {
      const start = css.indexOf(`${selector} {`);
      assert.ok(start >= 0, selector);
      return new Set(css.slice(start, css.indexOf("}", start)).match(/--dashbase-[a-z-]+/g));
    };
    const light = block(":root");
    const dark = block(':root[data-theme="dark"]');
    const system = block(':root:not([data-theme="light"])');
    for (const name of dark) assert.ok(light.has(name), `${name} has a light value`);
    assert.deepEqual([...system].sort(), [...dark].sort());
    for (const name of ["--dashbase-success", "--dashbase-warning", "--dashbase-star"]) assert.ok(light.has(name), name);
  });
});
