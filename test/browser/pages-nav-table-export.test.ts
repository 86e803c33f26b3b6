/**
 * In Chromium: the generated page navigation marks the page shown and follows client-side
 * navigation (and a layout's redirect), shift-click adds a second sort key to a query-bound
 * DataTable, and its Export CSV button downloads every filtered, sorted row (not only the page).
 */
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import type { Browser, Page } from "playwright-core";
import { createApp, DataTable, dcc, html, PageNav, redirect, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

const players = pgTable("nav_players", {
  id: serial("id").primaryKey(),
  team: text("team").notNull(),
  name: text("name").notNull(),
  score: integer("score").notNull(),
});

function navApp() {
  const app = createApp({ title: "Nav", models: { players } });
  const table = app.table("players", { from: players, columns: ["team", "name", "score"], pageSize: 5 });
  const frame = (path: string, content: ReturnType<typeof html.Div>) => html.Div([PageNav(app.pages.list(), { current: path }), content]);
  app.page("/", {
    title: "Players",
    order: 0,
    layout: ({ path }) =>
      frame(
        path,
        html.Div([dcc.Link("Old about page", { href: "/old-about" }), DataTable({ id: "players", table, export_format: "csv" })]),
      ),
  });
  app.page("/about", {
    title: "About",
    order: 1,
    layout: ({ path }) =>
      frame(
        path,
        html.Div([
          html.H1("About us"),
          DataTable({
            id: "local",
            export_format: "csv",
            columns: [
              { id: "who", name: "Who" },
              { id: "n", name: "N", type: "numeric" },
            ],
            data: [
              { who: "=2+3", n: 2 },
              { who: "Ann, B", n: 10 },
              { who: "Cy", n: 1 },
            ],
          }),
        ]),
      ),
  });
  app.page("/old-about", { nav: false, layout: () => redirect("/about") });
  return app;
}

describe("page navigation, multi-column sort and CSV export in a browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let console: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "n".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database });
    await db.exec("CREATE TABLE nav_players (id serial primary key, team text not null, name text not null, score integer not null)");
    const rows = Array.from({ length: 12 }, (_, index) => ({
      team: index % 2 === 0 ? "Blue" : "Red",
      name: `${index % 3 === 0 ? "=" : ""}Player ${String(index).padStart(2, "0")}`,
      score: index % 4,
    }));
    await db.insert(players).values(rows);
    running = await navApp().listen({ db, settings, port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    page = await browser.newPage({ acceptDownloads: true });
    console = watchConsole(page);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("marks the page shown in the generated navigation, and follows navigation and a layout's redirect", async () => {
    await page.goto(`${running.url}/`);
    const nav = page.getByRole("navigation", { name: "Pages" });
    await nav.getByRole("link", { name: "Players" }).waitFor();
    assert.equal(await nav.getByRole("link", { name: "Players" }).getAttribute("aria-current"), "page");
    assert.equal(await nav.getByRole("link", { name: "About" }).getAttribute("aria-current"), null);
    await nav.getByRole("link", { name: "About" }).click();
    await page.getByRole("heading", { name: "About us" }).waitFor();
    assert.equal(await nav.getByRole("link", { name: "About" }).getAttribute("aria-current"), "page");
    assert.equal(await nav.getByRole("link", { name: "Players" }).getAttribute("aria-current"), null);
    assert.equal(await page.title(), "About");
    await nav.getByRole("link", { name: "Players" }).click();
    await page.getByRole("link", { name: "Old about page" }).click();
    await page.getByRole("heading", { name: "About us" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/about", "a client-side navigation follows the layout's redirect");
    assert.equal(await nav.getByRole("link", { name: "About" }).getAttribute("aria-current"), "page");
    await page.goto(`${running.url}/old-about`);
    await page.getByRole("heading", { name: "About us" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/about");
  });

  it("sorts by a second column on shift-click and exports every filtered row in that order", async () => {
    await page.goto(`${running.url}/`);
    const table = page.locator("#players");
    await table.locator("tbody tr").first().waitFor();
    await table.getByRole("button", { name: /^Team/ }).click();
    await table.locator("th[aria-sort=ascending]", { hasText: "Team" }).waitFor();
    await table.getByRole("button", { name: /^Score/ }).click({ modifiers: ["Shift"] });
    await table.locator("th[aria-sort=ascending]", { hasText: "Score" }).waitFor();
    await table.getByRole("button", { name: /^Score/ }).click({ modifiers: ["Shift"] });
    await table.locator("th[aria-sort=descending]", { hasText: "Score" }).waitFor();
    assert.equal(await table.locator("th[aria-sort=ascending]", { hasText: "Team" }).count(), 1, "the first key stays");
    await table.getByRole("searchbox", { name: "Filter Score" }).fill(">= 1 AND < 3");
    await table.locator(".dashbase-pager-status", { hasText: "6 rows" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), table.getByRole("button", { name: "Export CSV" }).click()]);
    assert.equal(download.suggestedFilename(), "players.csv");
    const csv = await fs.readFile((await download.path())!, "utf8");
    const expected = Array.from({ length: 12 }, (_, index) => ({
      team: index % 2 === 0 ? "Blue" : "Red",
      name: `${index % 3 === 0 ? "'=" : ""}Player ${String(index).padStart(2, "0")}`,
      score: index % 4,
    }))
      .filter((row) => row.score >= 1 && row.score < 3)
      .sort((a, b) => a.team.localeCompare(b.team) || b.score - a.score || 0);
    assert.equal(csv, ["Team,Name,Score", ...expected.map((row) => `${row.team},${row.name},${row.score}`), ""].join("\r\n"));
    assert.deepEqual(console.unexpected(), []);
  });

  it("exports a table over data from the browser, filtered and sorted as shown", async () => {
    await page.goto(`${running.url}/about`);
    const table = page.locator("#local");
    await table.getByRole("button", { name: "N", exact: true }).click();
    await table.getByRole("button", { name: "N", exact: true }).click();
    await table.locator("th[aria-sort=descending]", { hasText: "N" }).waitFor();
    await table.getByRole("searchbox", { name: "Filter N" }).fill(">= 2 OR = 1");
    await table.getByRole("searchbox", { name: "Filter Who" }).fill("!= Cy");
    await table.locator(".dashbase-pager-status", { hasText: "2 rows" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), table.getByRole("button", { name: "Export CSV" }).click()]);
    assert.equal(download.suggestedFilename(), "local.csv");
    assert.equal(await fs.readFile((await download.path())!, "utf8"), 'Who,N\r\n"Ann, B",10\r\n\'=2+3,2\r\n');
    assert.deepEqual(console.unexpected(), []);
  });
});
