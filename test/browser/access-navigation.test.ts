/**
 * In Chromium: a client-side navigation to a protected page takes an anonymous visitor to the
 * sign-in page (a full load, with `next`), as a full load of the protected page does.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createApp, dcc, html, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";

const skip = browserSkipReason();

function accessApp() {
  const app = createApp({ title: "Access", auth: {} });
  app.page("/", { layout: html.Div([html.H1("Welcome"), dcc.Link("Members", { href: "/members?tab=2" })]) });
  app.page("/members", { access: "user", layout: html.H1("Members only") });
  return app;
}

describe("protected pages in a browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "a".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database });
    running = await accessApp().listen({ db, settings, port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("loads the sign-in page in full, with next, when a link leads an anonymous visitor to a protected page", async () => {
    await page.goto(`${running.url}/`);
    await page.getByRole("heading", { name: "Welcome" }).waitFor();
    const navigated = page.waitForURL((url) => url.pathname === "/_dashbase/auth/sign-in");
    await page.getByRole("link", { name: "Members" }).click();
    await navigated;
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("next"), "/members?tab=2");
    assert.equal(await page.getByRole("heading", { name: "Members only" }).count(), 0);
    await page.goto(`${running.url}/members`);
    assert.equal(new URL(page.url()).pathname, "/_dashbase/auth/sign-in", "a full load is redirected too");
  });
});
