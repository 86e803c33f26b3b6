/**
 * @module
 * The ui components in Chromium: a `dcc.Rating` set by click and by keyboard fires its callback,
 * a `dcc.Modal` opened by a callback closes on Escape and reports `is_open: false`, a
 * `dcc.ThemeSwitch` applies the dark theme and keeps it across a reload, and a `dcc.Graph`
 * without a template of its own is drawn in the theme's colours.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { dcc, html } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeCallbackRequest, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

function inputValue(call: FakeCallbackRequest): unknown {
  const input = call.inputs[0];
  return Array.isArray(input) ? undefined : input?.value;
}

describe("ui components in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const layout = html.Div([
      dcc.Navbar({ brand: "Shop", links: [{ label: "Home", href: "/" }], children: dcc.ThemeSwitch({ id: "theme" }) }),
      dcc.Rating({ id: "stars", value: 2, "aria-label": "Your rating" }),
      html.P({ id: "rated" }),
      dcc.Button("Open", { id: "open" }),
      dcc.Modal([html.P("Delete 3 rows?")], { id: "ask", title: "Delete" }),
      html.P({ id: "modal-state" }),
      dcc.Graph({ id: "chart", figure: { data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: {} } }),
    ]);
    server = await startFakeServer({
      pages: { "/": { title: "UI", layout } },
      callbacks: [
        {
          id: "rated",
          outputs: [{ id: "rated", property: "children" }],
          inputs: [{ id: "stars", property: "value" }],
          preventInitialCall: true,
          handle: (call) => ({ body: { response: { rated: { children: `rated ${String(inputValue(call))}` } } } }),
        },
        {
          id: "open",
          outputs: [{ id: "ask", property: "is_open" }],
          inputs: [{ id: "open", property: "n_clicks" }],
          preventInitialCall: true,
          handle: () => ({ body: { response: { ask: { is_open: true } } } }),
        },
        {
          id: "modal-state",
          outputs: [{ id: "modal-state", property: "children" }],
          inputs: [{ id: "ask", property: "is_open" }],
          preventInitialCall: true,
          handle: (call) => ({ body: { response: { "modal-state": { children: inputValue(call) === true ? "open" : "closed" } } } }),
        },
      ],
    });
    browser = await launchBrowser();
    context = await browser.newContext({ colorScheme: "light" });
    page = await context.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("sets a rating by click and by keyboard, and fires its callback each time", async () => {
    const stars = page.getByRole("radiogroup", { name: "Your rating" });
    await stars.getByRole("radio", { name: "4 of 5 stars" }).click();
    await page.locator("#rated", { hasText: "rated 4" }).waitFor();
    assert.equal(await stars.getByRole("radio", { name: "4 of 5 stars" }).getAttribute("aria-checked"), "true");
    await page.keyboard.press("ArrowRight");
    await page.locator("#rated", { hasText: "rated 5" }).waitFor();
    await page.keyboard.press("Home");
    await page.locator("#rated", { hasText: "rated 0" }).waitFor();
  });

  it("opens a modal from a callback and closes it on Escape, setting is_open false through a callback", async () => {
    await page.getByRole("button", { name: "Open" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete" });
    await dialog.waitFor();
    await page.locator("#modal-state", { hasText: "open" }).waitFor();
    await dialog.getByText("Delete 3 rows?").waitFor();
    await page.keyboard.press("Escape");
    await page.locator("#modal-state", { hasText: "closed" }).waitFor();
    await dialog.waitFor({ state: "hidden" });
  });

  it("switches to the dark theme, keeps it across a reload, and draws the graph in its colours", async () => {
    const plotBackground = () =>
      page.evaluate(() => {
        const plot = document.querySelector("#chart .dashbase-graph-plot") as
          (Element & { _fullLayout?: { paper_bgcolor?: string } }) | null;
        return plot?._fullLayout?.paper_bgcolor;
      });
    await page.waitForFunction(() => document.querySelector("#chart .main-svg") !== null);
    const lightBackground = await plotBackground();
    const themeSwitch = page.getByRole("button", { name: "Dark theme" });
    assert.equal(await themeSwitch.getAttribute("aria-pressed"), "false");
    await themeSwitch.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    const darkBackground = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--dashbase-bg").trim());
    assert.notEqual(darkBackground, lightBackground);
    await page.waitForFunction(
      (expected) =>
        (document.querySelector("#chart .dashbase-graph-plot") as (Element & { _fullLayout?: { paper_bgcolor?: string } }) | null)
          ?._fullLayout?.paper_bgcolor === expected,
      darkBackground,
    );

    await page.reload();
    await page.getByRole("button", { name: "Dark theme", pressed: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await page.waitForFunction(
      (expected) =>
        (document.querySelector("#chart .dashbase-graph-plot") as (Element & { _fullLayout?: { paper_bgcolor?: string } }) | null)
          ?._fullLayout?.paper_bgcolor === expected,
      darkBackground,
    );
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(20, 23, 31)");
    assert.deepEqual(consoleWatch.unexpected(), []);
  });
});
