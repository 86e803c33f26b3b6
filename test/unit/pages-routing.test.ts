import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compilePathTemplate } from "../../src/pages/path-template.js";
import { PageRegistry } from "../../src/pages/page-registry.js";
import { renderPage, splitUrl, staticLayouts } from "../../src/pages/page-render.js";
import { html } from "../../src/components/html/html.js";
import type { LayoutServices } from "../../src/pages/page-render.js";
import type { Database } from "dashbase";
import { createStore } from "dashbase/store";
import { DashbaseError } from "dashbase";

const services: LayoutServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("o"),
  session: { id: "s", userId: null, user: null, owner: "o", anonymousOwner: "o", csrfToken: "t", expiresAt: new Date(0) },
};

describe("path templates", () => {
  it("matches params, decodes them, and ignores a trailing slash", () => {
    const template = compilePathTemplate("/country/:code/year/:year");
    assert.deepEqual(template.match("/country/fr/year/2000"), { code: "fr", year: "2000" });
    assert.deepEqual(template.match("/country/c%C3%B4te/year/1/"), { code: "côte", year: "1" });
    assert.equal(template.match("/country/fr"), undefined);
    assert.equal(template.match("/country//year/1"), undefined);
    assert.deepEqual(compilePathTemplate("/files/*").match("/files/a/b.txt"), { "*": "a/b.txt" });
  });

  it("refuses templates that do not start with a slash or repeat a param", () => {
    assert.throws(() => compilePathTemplate("country"), /expected a path starting with "\/"/);
    assert.throws(() => compilePathTemplate("/a/:x/:x"), /param :x appears twice/);
  });
});

describe("page registry and rendering", () => {
  const pages = new PageRegistry();
  pages.add("/", { title: "Home", layout: html.H1("home") });
  pages.add("/country/:code", {
    title: ({ params }) => `Country ${params.code.toUpperCase()}`,
    layout: async ({ params, query, session }) => html.Div([params.code, query["year"] ?? "-", session.owner]),
  });
  pages.add("/country/new", { title: "New", layout: () => html.P("new") });

  it("prefers a static path over a template and passes params, query and session to the layout", async () => {
    assert.equal((await renderPage(pages, "/country/new", services, "App")).title, "New");
    const page = await renderPage(pages, "/country/fr?year=2000", services, "App");
    assert.deepEqual(page, { status: 200, title: "Country FR", path: "/country/fr", layout: html.Div(["fr", "2000", "o"]), meta: {} });
  });

  it("answers an unknown path with the not-found page and status 404", async () => {
    const page = await renderPage(pages, "/nowhere", services, "App");
    assert.equal(page.status, 404);
    assert.equal(page.title, "Not found");
    pages.setNotFound({ title: "Lost", layout: html.P("lost") });
    assert.deepEqual(await renderPage(pages, "/nowhere", services, "App"), {
      status: 404,
      title: "Lost",
      path: "/nowhere",
      layout: html.P("lost"),
      meta: {},
    });
  });

  it("wraps a layout function's error in DASHBASE_E_LAYOUT naming the page", async () => {
    const broken = new PageRegistry();
    broken.add("/x", {
      layout: () => {
        throw new Error("no data");
      },
    });
    await assert.rejects(
      renderPage(broken, "/x", services, "App"),
      (error: unknown) =>
        error instanceof DashbaseError && error.code === "DASHBASE_E_LAYOUT" && /page "\/x" failed: no data/.test(error.message),
    );
  });

  it("reads static layouts and says when some layout needs a request", async () => {
    const { layouts, complete } = await staticLayouts(pages);
    assert.equal(complete, false);
    assert.equal(layouts.length, 3);
    const simple = new PageRegistry();
    simple.add("/", { layout: () => html.P("a") });
    assert.equal((await staticLayouts(simple)).complete, true);
  });

  it("splits a URL into its path and query", () => {
    assert.deepEqual(splitUrl("/a%20b?x=1&x=2&y="), { path: "/a b", query: { x: "2", y: "" } });
  });
});
