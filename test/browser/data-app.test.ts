/**
 * @module
 * A real dashbase app (createApp, the embedded database in memory, listen on a free port) driven
 * in Chromium: navigation between pages without a full reload, a chain of callbacks, a graph that
 * renders and follows a dropdown, a DataTable bound to a query paging and sorting on the server
 * and fetching again when a callback that deleted a row changes its data_version,
 * a server-persisted value (set by the user, or by a callback) surviving a reload and a fresh
 * browser carrying the same cookie, a
 * handler error shown as a notice while the app keeps working, and a quiet console.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { desc, eq } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { createApp, DataTable, dcc, html, Input, Output, State, type RunningApp } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";
import { pgliteTemplate } from "../support/template.js";

const skip = browserSkipReason();

const cities = pgTable("cities", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  population: integer("population").notNull(),
});

const cityRows = Array.from({ length: 45 }, (_, i) => ({
  name: `City ${String(i + 1).padStart(2, "0")}`,
  population: ((i * 7919) % 1000) * 1000 + i,
}));

function figureFor(kind: string) {
  const data =
    kind === "pie"
      ? [{ type: "pie", labels: ["a", "b", "c"], values: [3, 2, 1] }]
      : [{ type: kind === "line" ? "scatter" : "bar", x: ["a", "b", "c"], y: [3, 2, 1] }];
  return { data, layout: { title: { text: `Kind: ${kind}` }, height: 320 } };
}

function buildApp(settings: ReturnType<typeof loadSettings>, db: Database) {
  const app = createApp({
    title: "Browser test app",
    models: { cities },
    settings,
    db: { handle: db },
    server: { clientDir: path.resolve("dist/client"), logger: false, handleSignals: false },
  });
  const nav = html.Nav([
    dcc.Link("Explore", { href: "/" }),
    dcc.Link("Cities", { href: "/cities", id: "to-cities" }),
    dcc.Link("Settings", { href: "/settings", id: "to-settings" }),
  ]);
  app.page("/", {
    title: "Explore",
    layout: html.Div([
      nav,
      html.H1("Explore"),
      html.Label("Chart kind", { htmlFor: "kind" }),
      dcc.Dropdown({
        id: "kind",
        options: [
          { label: "Bars", value: "bar" },
          { label: "Line", value: "line" },
          { label: "Pie", value: "pie" },
        ],
        value: "bar",
        clearable: false,
        "aria-label": "Chart kind",
      }),
      dcc.Loading([dcc.Graph({ id: "chart" })]),
      dcc.Input({ id: "word", value: "dash", "aria-label": "Word" }),
      html.Div({ id: "upper" }),
      html.Div({ id: "length" }),
      html.Button("Break it", { id: "break" }),
      html.Div({ id: "broken" }),
    ]),
  });
  app.page("/cities", {
    title: "Cities",
    layout: html.Div([
      nav,
      html.H1("Cities"),
      DataTable({
        table: app.table("cities", {
          from: cities,
          columns: [
            { id: "name", name: "Name" },
            { id: "population", name: "Population" },
          ],
          pageSize: 10,
        }),
      }),
      html.Button("Delete the largest city", { id: "delete-largest" }),
      html.Div({ id: "deleted" }),
    ]),
  });
  app.page("/settings", {
    title: "Settings",
    layout: html.Div([
      nav,
      html.H1("Settings"),
      dcc.Input({ id: "nickname", value: "", persistence: "server", "aria-label": "Nickname" }),
      html.Button("Forget my name", { id: "forget-nickname" }),
    ]),
  });
  app.callback([Output("chart", "figure")], [Input("kind", "value")], ([kind]) => [figureFor(String(kind ?? "bar"))]);
  app.callback([Output("upper", "children")], [Input("word", "value")], ([word]) => [String(word ?? "").toUpperCase()]);
  app.callback([Output("length", "children")], [Input("upper", "children")], [State("word", "value")], ([upper], [word]) => [
    `${String(upper)} has ${String(word ?? "").length} letters`,
  ]);
  app.callback([Output<string>("nickname", "value")], [Input<number | undefined>("forget-nickname", "n_clicks")], () => ["Anonymous"], {
    preventInitialCall: true,
  });
  // Writes to the table, then hands it a new data_version so it fetches its page again.
  app.callback(
    [Output<number>("cities", "data_version"), Output<string>("deleted", "children")],
    [Input<number | undefined>("delete-largest", "n_clicks")],
    async ([clicks], { db: handle }) => {
      const [largest] = await handle.select().from(cities).orderBy(desc(cities.population)).limit(1);
      if (largest === undefined) return [clicks ?? 0, "Nothing left to delete"];
      await handle.delete(cities).where(eq(cities.id, largest.id));
      return [clicks ?? 0, `Deleted ${largest.name}`];
    },
    { preventInitialCall: true },
  );
  app.callback(
    [Output("broken", "children")],
    [Input("break", "n_clicks")],
    () => {
      throw new Error("the handler exploded on purpose");
    },
    { preventInitialCall: true },
  );
  return app;
}

describe("a dashbase app in the browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "s".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database, template: await pgliteTemplate() });
    await db.exec("create table cities (id serial primary key, name text not null, population integer not null)");
    await db.insert(cities).values(cityRows);
    running = await buildApp(settings, db).listen({ port: 0, host: "127.0.0.1", settings });
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    consoleWatch = watchConsole(page);
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("runs the initial callbacks and a chain of callbacks in order", async () => {
    await page.goto(running.url);
    await page.locator("#length", { hasText: "DASH has 4 letters" }).waitFor();
    await page.getByLabel("Word").fill("plotly");
    await page.locator("#length", { hasText: "PLOTLY has 6 letters" }).waitFor();
    assert.equal(await page.textContent("#upper"), "PLOTLY");
  });

  it("draws a graph with the basic plotly bundle and redraws it when the dropdown changes", async () => {
    await page.locator("#chart .main-svg").first().waitFor();
    await page.locator("#chart .gtitle", { hasText: "Kind: bar" }).waitFor();
    const scripts = await page.locator("script[src*='plotly-']").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("src")));
    assert.equal(scripts.length, 1);
    assert.match(scripts[0] ?? "", /plotly-basic-/);
    await saveScreenshot(page, "app-explore-bar");
    await page.getByRole("combobox", { name: "Chart kind" }).click();
    await page.getByRole("option", { name: "Pie" }).click();
    await page.locator("#chart .gtitle", { hasText: "Kind: pie" }).waitFor();
    await page.locator("#chart .slice").first().waitFor();
    await saveScreenshot(page, "app-explore-pie");
  });

  it("shows a handler error as a notice with a request id and keeps working", async () => {
    await page.click("#break");
    const notice = page.locator('.dashbase-notice[role="alert"]');
    await notice.waitFor();
    const text = (await notice.textContent()) ?? "";
    assert.match(text, /exploded on purpose/);
    assert.match(text, /Request id: \S+/);
    await saveScreenshot(page, "app-notice");
    await page.getByLabel("Word").fill("still");
    await page.locator("#length", { hasText: "STILL has 5 letters" }).waitFor();
  });

  it("navigates between pages without a full reload and sets the title", async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "same document";
    });
    await page.click("#to-cities");
    await page.locator("h1", { hasText: "Cities" }).waitFor();
    assert.equal(await page.title(), "Cities");
    assert.equal(new URL(page.url()).pathname, "/cities");
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "same document");
  });

  it("pages and sorts a DataTable bound to a query on the server", async () => {
    const table = page.locator("#cities");
    await table.locator("tbody tr td", { hasText: "City 01" }).waitFor();
    assert.equal(await table.locator("tbody tr").count(), 10);
    assert.match((await table.locator(".dashbase-pager-status").textContent()) ?? "", /Page 1 of 5 · 45 rows/);
    const tableRequests: unknown[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/_dashbase/table/")) tableRequests.push(request.postDataJSON());
    });
    await table.getByRole("button", { name: "Next" }).click();
    await table.locator("tbody tr td", { hasText: "City 11" }).waitFor();
    assert.deepEqual(tableRequests.at(-1), { page: 1, pageSize: 10, sortBy: [], filter: {}, path: "/cities" });
    await table.getByRole("button", { name: /Population/ }).click();
    await table.getByRole("button", { name: /Population/ }).click();
    const largest = [...cityRows].sort((a, b) => b.population - a.population)[0];
    await table
      .locator("tbody tr")
      .first()
      .locator("td", { hasText: largest?.name ?? "?" })
      .waitFor();
    assert.deepEqual(tableRequests.at(-1), {
      page: 0,
      pageSize: 10,
      sortBy: [{ column: "population", direction: "desc" }],
      filter: {},
      path: "/cities",
    });
    assert.equal(await table.locator("th").nth(1).getAttribute("aria-sort"), "descending");
    await saveScreenshot(page, "app-cities");
  });

  it("fetches a query-bound table's page again, without a navigation, when a callback that deleted a row changes data_version", async () => {
    const table = page.locator("#cities");
    const byPopulation = [...cityRows].sort((a, b) => b.population - a.population);
    await table
      .locator("tbody tr")
      .first()
      .locator("td", { hasText: byPopulation[0]?.name ?? "?" })
      .waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "before the delete";
    });
    const refetched = page.waitForRequest((request) => request.url().includes("/_dashbase/table/cities"));
    await page.click("#delete-largest");
    await page.locator("#deleted", { hasText: `Deleted ${byPopulation[0]?.name ?? "?"}` }).waitFor();
    assert.deepEqual(
      (await refetched).postDataJSON(),
      { page: 0, pageSize: 10, sortBy: [{ column: "population", direction: "desc" }], filter: {}, path: "/cities" },
      "the same page, sort and filter",
    );
    await table
      .locator("tbody tr")
      .first()
      .locator("td", { hasText: byPopulation[1]?.name ?? "?" })
      .waitFor();
    await table.locator(".dashbase-pager-status", { hasText: "44 rows" }).waitFor();
    assert.equal(await table.locator("tbody tr td", { hasText: byPopulation[0]?.name ?? "?" }).count(), 0);
    assert.equal(
      await page.evaluate(() => (window as unknown as { marker?: string }).marker),
      "before the delete",
      "no navigation or reload",
    );
  });

  it("keeps a server-persisted value across a reload and in a new browser with the same cookie", async () => {
    await page.click("#to-settings");
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    const saved = page.waitForResponse((response) => response.url().endsWith("/_dashbase/persist") && response.status() === 204);
    await page.getByLabel("Nickname").fill("Zed");
    await saved;
    await page.reload();
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    assert.equal(await page.getByLabel("Nickname").inputValue(), "Zed");
    await saveScreenshot(page, "app-settings");

    const fresh = await browser.newContext();
    try {
      await fresh.addCookies(await context.cookies());
      const other = await fresh.newPage();
      await other.goto(`${running.url}/settings`);
      await other.locator("h1", { hasText: "Settings" }).waitFor();
      assert.equal(await other.getByLabel("Nickname").inputValue(), "Zed");
    } finally {
      await fresh.close();
    }
    const stranger = await browser.newContext();
    try {
      const other = await stranger.newPage();
      await other.goto(`${running.url}/settings`);
      await other.locator("h1", { hasText: "Settings" }).waitFor();
      assert.equal(await other.getByLabel("Nickname").inputValue(), "", "another session does not see the value");
    } finally {
      await stranger.close();
    }
  });

  it("keeps a value a callback set on a server-persisted input across a reload, like a user's edit", async () => {
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    assert.equal(await page.getByLabel("Nickname").inputValue(), "Zed");
    const call = page.waitForRequest((request) => request.url().endsWith("/_dashbase/callback"));
    await page.click("#forget-nickname");
    assert.deepEqual((await call).postDataJSON().persist, ["nickname.value"], "the renderer names the persisted output");
    await page.waitForFunction(() => (document.querySelector("#nickname") as HTMLInputElement | null)?.value === "Anonymous");
    await page.reload();
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    assert.equal(await page.getByLabel("Nickname").inputValue(), "Anonymous");
  });

  it("logs no errors to the browser console besides the failure the test provoked", () => {
    assert.deepEqual(consoleWatch.unexpected(/status of 500/), []);
  });
});
