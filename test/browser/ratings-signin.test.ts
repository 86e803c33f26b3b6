/**
 * The ratings-signin example in Chromium on both backends, as people use it: Ada signs in on the
 * prebuilt page (reached from the app's "Sign in" link, and back), rates a drink, and finds the
 * same rating when she signs in from a second browser; Bob sees his own; signing out shows the
 * anonymous page again. The sign-in page works with the keyboard and labels alone.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Database, RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createMigrator } from "dashbase/migrations";
import app from "../../examples/ratings-signin/app.js";
import { exampleAccounts } from "../../examples/ratings-signin/seed.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();
const [ada, bob] = exampleAccounts;

after(dropServerDatabases);

async function signIn(page: Page, url: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sign in to Ratings" }).waitFor();
  await page.getByLabel("E-mail address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#signed-in-as").waitFor();
}

function stars(page: Page, item: string) {
  return page.getByRole("radiogroup", { name: `Your rating of ${item}` });
}

async function checkedStars(page: Page, item: string): Promise<number> {
  const group = stars(page, item);
  await group.waitFor();
  for (let n = 5; n >= 1; n -= 1) {
    if ((await group.getByRole("radio", { name: `${n} of 5 stars` }).getAttribute("aria-checked")) === "true") return n;
  }
  return 0;
}

for (const backend of backends) {
  describe(`ratings per signed-in user in a browser (${backend.name})`, { skip }, () => {
    let db: Database;
    let running: RunningApp;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    before(async () => {
      await ensureClientBuilt();
      const settings = loadSettings({
        env: { DASHBASE_ENV: "test", SESSION_SECRET: "r".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
      });
      db = await backend.open();
      const report = await createMigrator(db, {
        dir: path.join(import.meta.dirname, "..", "..", "examples", "ratings-signin", "migrations"),
      }).upgrade();
      assert.equal(report.ok, true);
      await app.seed!(db);
      running = await app.listen({ db, settings, port: 0, host: "127.0.0.1" });
      browser = await launchBrowser();
    });
    after(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await running?.close();
      await db?.close();
    });

    async function newPage(): Promise<{ page: Page; console: ReturnType<typeof watchConsole> }> {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      return { page, console: watchConsole(page) };
    }

    it("shows the sign-in page with its error, and signs in back to the page", async () => {
      const { page, console } = await newPage();
      await page.goto(running.url);
      await page.getByText("Not signed in").waitFor();
      assert.equal(await stars(page, "Espresso").getAttribute("aria-readonly"), "true");
      await page.getByRole("link", { name: "Sign in" }).click();
      await page.getByLabel("E-mail address").fill(ada.email);
      await page.getByLabel("Password").fill("not her password at all");
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.innerText(), /The e-mail address or the password is wrong/);
      assert.equal(await page.getByLabel("E-mail address").inputValue(), ada.email, "the address is kept");
      assert.equal(await page.getByLabel("Password").inputValue(), "", "the password is not sent back");
      if (backend.name === "pglite") await saveScreenshot(page, "sign-in-page-error");
      await page.getByLabel("Password").fill(ada.password);
      await page.getByLabel("Password").press("Enter");
      await page.locator("#signed-in-as", { hasText: "Signed in as Ada" }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/");
      assert.deepEqual(console.unexpected(/401/), []);
    });

    it("keeps Ada's rating in a second browser, and Bob's apart", async () => {
      const first = await newPage();
      await signIn(first.page, running.url, ada);
      await stars(first.page, "Espresso").getByRole("radio", { name: "4 of 5 stars" }).click();
      await first.page.getByText("saved: 4 stars").waitFor();

      const second = await newPage();
      await signIn(second.page, running.url, ada);
      assert.equal(await checkedStars(second.page, "Espresso"), 4, "the same rating in Ada's second browser");

      const bobs = await newPage();
      await signIn(bobs.page, running.url, bob);
      assert.equal(await checkedStars(bobs.page, "Espresso"), 0, "Bob has not rated it");
      await stars(bobs.page, "Espresso").getByRole("radio", { name: "2 of 5 stars" }).click();
      await bobs.page.getByText("saved: 2 stars").waitFor();

      await second.page.reload();
      assert.equal(await checkedStars(second.page, "Espresso"), 4, "Bob's rating is his own");
      const { rows } = await db.query<{ n: number }>("select count(*)::int as n from ratings");
      assert.equal(rows[0]?.n, 2);

      await second.page.getByRole("button", { name: "Sign out" }).click();
      await second.page.getByText("Not signed in").waitFor();
      await first.page.reload();
      await first.page.locator("#signed-in-as").waitFor();
      for (const visit of [first, second, bobs]) assert.deepEqual(visit.console.unexpected(), []);
    });
  });
}
