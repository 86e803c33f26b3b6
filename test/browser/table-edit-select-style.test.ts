/**
 * In Chromium: a query-bound DataTable's editable cell shows the model's message for a bad value
 * (nothing written) and the stored value for a good one; a table over `data` edits its `data`
 * (firing a callback on it), selects rows and sets the active cell, both firing callbacks; and
 * conditional styles follow values, edits and selection, while a rule a callback sends with
 * `url()` or an unlisted property is applied without them (and the browser asks for no URL).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { integer, pgTable, serial, varchar } from "drizzle-orm/pg-core";
import type { Browser, Page } from "playwright-core";
import { createApp, DataTable, html, Input, Output, type DataTableActiveCell, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

const books = pgTable("edit_books", {
  id: serial("id").primaryKey(),
  title: varchar("title", { length: 40 }).notNull(),
  stars: integer("stars").notNull(),
});

/** Where an unsafe style would send the browser; nothing may ask for it. */
const leakUrl = "http://127.0.0.1:9/leak.png";

function booksApp() {
  const app = createApp({ title: "Edits", models: { books } });
  const table = app.table("books", {
    from: books,
    columns: ["title", "stars"],
    editable: ["stars"],
    defaultSort: [{ column: "title", direction: "asc" }],
  });
  app.page("/", {
    layout: html.Div([
      DataTable({
        table,
        row_selectable: "multi",
        style_data_conditional: [{ if: { column_id: "stars", filter: { stars: ">= 4" } }, tone: "success" }],
      }),
      DataTable({
        id: "local",
        editable: true,
        row_selectable: "multi",
        columns: [
          { id: "who", name: "Who", editable: false },
          { id: "n", name: "N", type: "numeric" },
        ],
        data: [
          { who: "Ann", n: 2 },
          { who: "Bo", n: 7 },
          { who: "Cy", n: 1 },
        ],
        style_data_conditional: [
          { if: { filter: { n: "> 5" } }, style: { fontWeight: 700 } },
          { if: { state: "selected" }, className: "picked" },
        ],
      }),
      html.P({ id: "picked" }),
      html.P({ id: "cell" }),
      html.P({ id: "total" }),
      html.P({ id: "book-ids" }),
      html.Button("Restyle", { id: "restyle" }),
    ]),
  });
  app.callback([Output<string>("picked", "children")], [Input<readonly number[]>("local", "selected_rows")], ([rows]) => [
    `selected: ${(rows ?? []).join(",")}`,
  ]);
  app.callback([Output<string>("cell", "children")], [Input<DataTableActiveCell | null>("local", "active_cell")], ([cell]) => [
    cell ? `active: ${cell.column_id} row ${cell.row}` : "active: none",
  ]);
  app.callback([Output<string>("total", "children")], [Input<ReadonlyArray<{ n: number }>>("local", "data")], ([rows]) => [
    `total: ${(rows ?? []).reduce((sum, row) => sum + row.n, 0)}`,
  ]);
  // A rule from a callback is not checked by the factory: the view applies only its safe part.
  app.callback(
    [Output("local", "style_data_conditional")],
    [Input<number>("restyle", "n_clicks")],
    () => [[{ style: { color: "rgb(255, 0, 0)", backgroundColor: `url(${leakUrl})`, backgroundImage: `url(${leakUrl})` } }]],
    { preventInitialCall: true },
  );
  app.callback([Output<string>("book-ids", "children")], [Input<readonly (string | number)[]>("books", "selected_row_ids")], ([ids]) => [
    `book ids: ${(ids ?? []).join(",")}`,
  ]);
  return app;
}

describe("DataTable cell edits, row selection and conditional styles in a browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let console: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "e".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database });
    await db.exec("CREATE TABLE edit_books (id serial primary key, title varchar(40) not null, stars integer not null)");
    await db.insert(books).values([
      { title: "Dune", stars: 3 },
      { title: "Emma", stars: 5 },
    ]);
    running = await booksApp().listen({ db, settings, port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    page = await browser.newPage();
    console = watchConsole(page);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  const starsOf = async (title: string): Promise<number | undefined> =>
    (await db.select({ stars: books.stars }).from(books).where(eq(books.title, title)))[0]?.stars;

  it("shows the model's message on a bad value, writes nothing, and shows the stored value of a good one", async () => {
    await page.goto(`${running.url}/`);
    const table = page.locator("#books");
    const dune = table.locator("tbody tr", { hasText: "Dune" });
    await dune.waitFor();
    const emmaStars = table.locator("tbody tr", { hasText: "Emma" }).locator("td.is-numeric");
    assert.match((await emmaStars.getAttribute("class")) ?? "", /is-tone-success/, "a value >= 4 gets the success tone");
    const duneStars = dune.locator("td.is-numeric");
    assert.doesNotMatch((await duneStars.getAttribute("class")) ?? "", /is-tone-success/);

    await dune.locator("td").nth(1).dblclick();
    assert.equal(await table.locator("input.dashbase-table-edit-input").count(), 0, "title is not editable");

    await duneStars.dblclick();
    const editor = table.getByRole("textbox", { name: /^Edit Stars/ });
    await editor.fill("abc");
    await editor.press("Enter");
    await table.getByRole("alert").filter({ hasText: 'expected an integer, found "abc"' }).waitFor();
    assert.equal(await editor.getAttribute("aria-invalid"), "true");
    assert.equal(await starsOf("Dune"), 3, "nothing was written");

    await editor.fill("4");
    await editor.press("Enter");
    await duneStars.locator("input").waitFor({ state: "detached" });
    await page.waitForFunction(() => document.querySelector("#books tbody tr td:nth-child(3)")?.textContent === "4");
    assert.equal(await starsOf("Dune"), 4, "the good value was written");
    assert.match((await duneStars.getAttribute("class")) ?? "", /is-tone-success/, "the style follows the stored value");
    const background = await duneStars.evaluate((cell) => getComputedStyle(cell).backgroundColor);
    assert.notEqual(background, "rgba(0, 0, 0, 0)", "the tone's themed background applies");
  });

  it("selects a query-bound table's rows by their primary key, so the selection follows the row when the sort moves it", async () => {
    await page.goto(`${running.url}/`);
    const table = page.locator("#books");
    const emma = table.locator("tbody tr", { hasText: "Emma" });
    await emma.waitFor();
    const emmaId = (await db.select({ id: books.id }).from(books).where(eq(books.title, "Emma")))[0]!.id;
    await emma.getByRole("checkbox").check();
    await page.locator("#book-ids", { hasText: `book ids: ${emmaId}` }).waitFor();
    // sorted by stars, descending: Emma moves from the second row to the first
    await table.getByRole("button", { name: /^Stars/ }).click();
    await table.locator("th[aria-sort=ascending]", { hasText: "Stars" }).waitFor();
    await table.getByRole("button", { name: /^Stars/ }).click();
    await table.locator("th[aria-sort=descending]", { hasText: "Stars" }).waitFor();
    await page.waitForFunction(() => document.querySelector("#books tbody tr td:nth-child(2)")?.textContent === "Emma");
    assert.equal(await table.locator("tbody tr").first().getByRole("checkbox").isChecked(), true, "Emma stays selected");
    assert.equal(await table.locator("tbody tr").nth(1).getByRole("checkbox").isChecked(), false, "Dune does not become selected");
  });

  it("selects rows and sets the active cell, each firing its callback, and edits data", async () => {
    await page.goto(`${running.url}/`);
    const local = page.locator("#local");
    await local.locator("tbody tr").first().waitFor();
    await local.getByRole("checkbox", { name: "Select row 1" }).check();
    await local.getByRole("checkbox", { name: "Select row 3" }).check();
    await page.locator("#picked", { hasText: "selected: 0,2" }).waitFor();
    assert.match((await local.locator("tbody tr").nth(2).locator("td").nth(1).getAttribute("class")) ?? "", /picked/);
    assert.doesNotMatch((await local.locator("tbody tr").nth(1).locator("td").nth(1).getAttribute("class")) ?? "", /picked/);

    const boN = local.locator("tbody tr").nth(1).locator("td").nth(2);
    assert.equal(await boN.evaluate((cell) => getComputedStyle(cell).fontWeight), "700", "n > 5 is bold");
    await local.locator("tbody tr").nth(0).locator("td").nth(2).click();
    await page.locator("#cell", { hasText: "active: n row 0" }).waitFor();

    const annN = local.locator("tbody tr").nth(0).locator("td").nth(2);
    await annN.dblclick();
    const editor = local.getByRole("textbox", { name: /^Edit N/ });
    await editor.fill("lots");
    await editor.press("Enter");
    await local.getByRole("alert").filter({ hasText: 'expected a number, found "lots"' }).waitFor();
    await editor.fill("9");
    await editor.press("Enter");
    await page.locator("#total", { hasText: "total: 17" }).waitFor();
    assert.equal(await annN.textContent(), "9");
    assert.equal(await annN.evaluate((cell) => getComputedStyle(cell).fontWeight), "700", "the edited value is now > 5");
    await local.locator("tbody tr").nth(0).locator("td").nth(1).dblclick();
    assert.equal(await local.locator("input.dashbase-table-edit-input").count(), 0, "a column with editable: false stays read-only");
    await saveScreenshot(page, "table-edit-select-style");

    const leaks: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("leak")) leaks.push(request.url());
    });
    await page.getByRole("button", { name: "Restyle" }).click();
    await page.waitForFunction(() => getComputedStyle(document.querySelector("#local tbody td:nth-child(2)")!).color === "rgb(255, 0, 0)");
    const look = await local
      .locator("tbody td")
      .nth(1)
      .evaluate((cell) => [cell.getAttribute("style"), getComputedStyle(cell).backgroundImage]);
    assert.deepEqual(look, ["color: rgb(255, 0, 0);", "none"], "only the safe property is applied");
    assert.deepEqual(leaks, []);
    assert.deepEqual(console.unexpected(/status of 400/), []);
  });
});
