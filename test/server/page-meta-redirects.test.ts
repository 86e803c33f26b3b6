/**
 * Page meta in the shell's head, `redirectFrom` (301, query kept), a layout's `redirect()` (302 on
 * a full load, `{ redirect }` on the layout endpoint), only to paths of the app, and the page
 * registry's navigation list with `PageNav`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp, html, PageNav, redirect, type DashbaseApp } from "dashbase";
import Fastify from "fastify";
import { loadSettings } from "dashbase/config";
import type { Database } from "dashbase/db";
import { dashbase } from "dashbase/server";
import { openTestApp, type TestApp } from "dashbase/testing";
import { backends } from "../support/backends.js";
import { fakeClientDir } from "./support/app-harness.js";

function pagesApp(): DashbaseApp {
  const app = createApp({ title: "Meta", server: { clientDir: fakeClientDir() } });
  app.page("/", { title: "Home", name: "Start", order: 0, layout: ({ path }) => html.Div([PageNav(app.pages.list(), { current: path })]) });
  app.page("/about", {
    title: "About",
    order: 2,
    description: 'Who we are & "why" <script>',
    image: "/assets/card.png",
    layout: html.P("about"),
  });
  app.page("/country/:code", {
    title: ({ params }) => params.code.toUpperCase(),
    description: ({ params }) => `Figures for ${params.code}`,
    image: "https://cdn.example.org/card.png",
    redirectFrom: ["/c/:code", "/old-countries/:code/*"],
    layout: ({ params }) => html.H1(params.code),
  });
  app.page("/news", { title: "News", order: 1, redirectFrom: ["/blog"], layout: html.P("news") });
  app.page("/hidden", { title: "Hidden", nav: false, layout: html.P("hidden") });
  app.page("/admin", {
    title: "Admin",
    order: 3,
    layout: ({ query }) => {
      if (query["key"] !== "yes") throw redirect("/login?next=%2Fadmin");
      return html.P("admin");
    },
  });
  app.page("/returns", { nav: false, layout: () => redirect("/news") });
  app.page("/login", { title: "Log in", nav: false, layout: html.P("login") });
  return app;
}

describe("page meta, redirects and navigation", () => {
  let test: TestApp;
  const app = pagesApp();
  before(async () => {
    test = await openTestApp(app);
  });
  after(async () => {
    await test?.close();
  });

  it("writes description and Open Graph tags escaped, with the image made absolute from the request", async () => {
    const visitor = await test.visitor();
    const about = await visitor.get("/about", { host: "example.org" });
    assert.equal(about.status, 200);
    assert.match(about.text, /<meta name="description" content="Who we are &amp; &quot;why&quot; &lt;script&gt;">/);
    assert.match(about.text, /<meta property="og:title" content="About">/);
    assert.match(about.text, /<meta property="og:image" content="http:\/\/example.org\/assets\/card.png">/);
    const country = await visitor.get("/country/fr");
    assert.match(country.text, /<title>FR<\/title>/);
    assert.match(country.text, /<meta name="description" content="Figures for fr">/);
    assert.match(country.text, /<meta property="og:image" content="https:\/\/cdn.example.org\/card.png">/);
    const home = await visitor.get("/");
    assert.doesNotMatch(home.text, /og:|name="description"/, "no meta the page did not declare");
  });

  it("answers an old path with 301 to the page, params carried and the query kept", async () => {
    const visitor = await test.visitor();
    const moved = await visitor.get("/c/de?year=2000&x=%2F%2Fevil");
    assert.equal(moved.status, 301);
    assert.equal(moved.headers["location"], "/country/de?year=2000&x=%2F%2Fevil");
    const blog = await visitor.get("/blog");
    assert.equal(blog.status, 301);
    assert.equal(blog.headers["location"], "/news");
    const encoded = await visitor.get("/c/%2F%2Fevil.example");
    assert.equal(encoded.status, 301);
    assert.equal(encoded.headers["location"], "/country/%2F%2Fevil.example", "a param never becomes a host");
    const layout = await visitor.layout("/c/it");
    assert.equal(layout.status, 200);
    assert.equal((layout.body as { redirect: string }).redirect, "/country/it");
  });

  it("sends the page's meta with its layout for a client-side navigation, the image absolute as in the shell", async () => {
    const visitor = await test.visitor();
    const about = await visitor.get(`/_dashbase/layout?path=${encodeURIComponent("/about")}`, { host: "example.org" });
    assert.deepEqual((about.body as { meta: unknown }).meta, {
      description: 'Who we are & "why" <script>',
      image: "http://example.org/assets/card.png",
    });
    const home = await visitor.layout("/");
    assert.equal((home.body as { meta?: unknown }).meta, undefined, "no meta the page did not declare");
  });

  it("answers a layout's redirect() with 302 on a full load and { redirect } on the layout endpoint", async () => {
    const visitor = await test.visitor();
    const full = await visitor.get("/admin");
    assert.equal(full.status, 302);
    assert.equal(full.headers["location"], "/login?next=%2Fadmin");
    assert.equal((await visitor.get("/admin?key=yes")).status, 200);
    const returned = await visitor.get("/returns");
    assert.equal(returned.status, 302);
    assert.equal(returned.headers["location"], "/news");
    const layout = await visitor.layout("/admin");
    assert.equal((layout.body as { redirect: string }).redirect, "/login?next=%2Fadmin");
  });

  it("refuses redirect() to anything but a path of the app", () => {
    for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "login"]) {
      assert.throws(() => redirect(target), TypeError, target);
    }
  });

  it("lists pages for navigation by order, leaving out nav: false and pages with params, and renders them as links", async () => {
    assert.deepEqual(app.pages.list(), [
      { path: "/", name: "Start", order: 0 },
      { path: "/news", name: "News", order: 1 },
      { path: "/about", name: "About", order: 2 },
      { path: "/admin", name: "Admin", order: 3 },
    ]);
    const visitor = await test.visitor();
    const { boot } = await visitor.open("/");
    const nav = JSON.stringify(boot["layout"]);
    assert.match(nav, /"aria-label":"Pages"/);
    assert.match(nav, /"href":"\/","className":"is-current"/);
    assert.doesNotMatch(nav, /hidden|login/);
  });

  it("refuses a redirectFrom that lacks a param of the page, or reuses a path", () => {
    const app = createApp({ title: "x", server: { clientDir: fakeClientDir() } });
    assert.throws(() => app.page("/p/:id", { redirectFrom: ["/old"], layout: null }), /lacks the param\(s\) id/);
    app.page("/a", { layout: null });
    assert.throws(() => app.page("/b", { redirectFrom: ["/a"], layout: null }), /already a page or a redirect/);
  });
});

describe("redirects and meta of an app mounted under a prefix", () => {
  const host = Fastify();
  let db: Database;
  before(async () => {
    db = await backends[0]!.open();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "p".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    await host.register(dashbase, { app: pagesApp(), db, settings, prefix: "/dash" });
    await host.ready();
  });
  after(async () => {
    await host.close();
    await db?.close();
  });

  it("sends redirects and the og:image under the mount point", async () => {
    const moved = await host.inject({ url: "/dash/c/fr?y=1" });
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers["location"], "/dash/country/fr?y=1");
    const admin = await host.inject({ url: "/dash/admin" });
    assert.equal(admin.statusCode, 302);
    assert.equal(admin.headers["location"], "/dash/login?next=%2Fadmin");
    const about = await host.inject({ url: "/dash/about", headers: { host: "apps.example" } });
    assert.match(about.body, /<meta property="og:image" content="http:\/\/apps.example\/dash\/assets\/card.png">/);
  });
});
