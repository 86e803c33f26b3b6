/**
 * @module
 * `persistence: "memory"` in Chromium (Dash's `persistence_type="memory"`): a user's edit comes
 * back when the user navigates away and back within the page (client-side navigation), and is
 * gone after a reload; nothing of it is written to the browser's storage.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { dcc, html } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

describe("memory persistence in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await ensureClientBuilt();
    server = await startFakeServer({
      pages: {
        "/": {
          title: "Note",
          layout: html.Div([
            dcc.Input({ id: "note", value: "", persistence: "memory" }),
            dcc.Link("Elsewhere", { href: "/elsewhere", id: "away" }),
          ]),
        },
        "/elsewhere": {
          title: "Elsewhere",
          layout: html.Div([html.P("elsewhere", { id: "there" }), dcc.Link("Back", { href: "/", id: "back" })]),
        },
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("keeps the user's edit across client-side navigation, not across a reload", async () => {
    await page.locator("#note").fill("remember me");
    await page.locator("#away").click();
    await page.locator("#there").waitFor();
    await page.locator("#back").click();
    await page.locator("#note").waitFor();
    assert.equal(await page.locator("#note").inputValue(), "remember me");
    assert.equal(
      await page.evaluate(() => localStorage.length + sessionStorage.length - (sessionStorage.getItem("dashbase:tab") === null ? 0 : 1)),
      0,
    );
    await page.reload();
    await page.locator("#note").waitFor();
    assert.equal(await page.locator("#note").inputValue(), "");
  });
});
