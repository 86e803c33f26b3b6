/**
 * The book-reviews example in Chromium, as a reader uses it: pick stars with the mouse, write a
 * summary, submit, and find the review in the book's table and its average on the shelf. The
 * star-rating package's browser module is fetched on the pages that show stars.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { createMigrator } from "dashbase/migrations";
import app from "../../examples/book-reviews/app.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

describe("book reviews in a browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let console: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "b".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database });
    const report = await createMigrator(db, {
      dir: path.join(import.meta.dirname, "..", "..", "examples", "book-reviews", "migrations"),
    }).upgrade();
    assert.equal(report.ok, true);
    await app.seed!(db);
    running = await app.listen({ db, settings, port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    page = await browser.newPage();
    console = watchConsole(page);
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("rates a book with the mouse, saves the review with the form, and shows it in the table and on the shelf", async () => {
    await page.goto(`${running.url}/books/3`);
    const stars = page.getByRole("radiogroup", { name: "Your rating" });
    await stars.getByRole("radio", { name: "4 of 5 stars" }).click();
    await page.getByRole("textbox", { name: "Summary" }).fill("A whale of a book");
    await page.getByRole("button", { name: "Submit review" }).click();
    await page.locator("#result", { hasText: /review #\d+ is saved/ }).waitFor();
    await page.locator("#book-reviews tbody tr", { hasText: "A whale of a book" }).waitFor();
    assert.match(await page.locator("#book-reviews tbody tr").first().innerText(), /^4\b/);
    assert.equal(await stars.getByRole("radio", { name: "4 of 5 stars" }).getAttribute("aria-checked"), "false", "the form is cleared");
    await page.getByRole("link", { name: "All books" }).click();
    const average = page.getByRole("radiogroup", { name: "Average rating of Moby-Dick" });
    await average.waitFor();
    assert.equal(await average.getByRole("radio", { name: "4 of 5 stars" }).getAttribute("aria-checked"), "true");
    assert.deepEqual(console.unexpected(), []);
  });
});
