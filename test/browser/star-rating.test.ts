/**
 * @module
 * A component package used as an outside app would use it: `@dashbase/star-rating` (the npm
 * workspace packages/star-rating, built to dist/) declared with `createApp({ components })`, in a
 * real app under the default Content-Security-Policy, driven in Chromium. The star rating renders,
 * clicks and arrow keys change its value, a callback receives it, a server-persisted value
 * survives a reload; its browser module is fetched only on a page that shows it (a page without
 * it, and the way there, request nothing); and the renderer and the module share one Preact
 * (one preact module loaded, hooks working in the outside view).
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { StarRating, starRating } from "@dashbase/star-rating";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { loadSettings } from "../../src/config/load-settings.js";
import { createDatabase } from "../../src/db/create-database.js";
import type { Database } from "../../src/db/database.js";
import { createApp, dcc, html, Input, Output, type RunningApp } from "../../src/index.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";
import { pgliteTemplate } from "../support/template.js";

const skip = browserSkipReason();

function buildApp(settings: ReturnType<typeof loadSettings>, db: Database) {
  const app = createApp({
    title: "Stars",
    settings,
    db: { handle: db },
    components: [starRating],
    server: { clientDir: path.resolve("dist/client"), logger: false, handleSignals: false },
  });
  app.page("/", {
    title: "Rate",
    layout: html.Div([
      html.H1("Rate"),
      StarRating({ id: "stars", value: 2, persistence: "server", "aria-label": "Your rating" }),
      html.P({ id: "said" }),
      StarRating({ id: "mirror", readOnly: true, max: 5, "aria-label": "Shown rating" }),
      dcc.Link("Plain page", { href: "/plain", id: "to-plain" }),
    ]),
  });
  app.page("/plain", {
    title: "Plain",
    layout: html.Div([html.H1("Plain"), dcc.Link("Rate", { href: "/", id: "to-rate" })]),
  });
  app.callback([Output("said", "children"), Output("mirror", "value")], [Input<number | undefined>("stars", "value")], ([value]) => [
    `You gave ${value ?? 0} stars`,
    value ?? 0,
  ]);
  return app;
}

describe("a component package in the browser", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  const requested: string[] = [];

  const rating = () => page.getByRole("radiogroup", { name: "Your rating" });
  const star = (n: number) => rating().getByRole("radio", { name: `${n} of 5 stars` });
  const checkedStar = async (): Promise<string | null> => (await rating().getAttribute("data-value")) ?? null;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "s".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database, template: await pgliteTemplate() });
    running = await buildApp(settings, db).listen({ port: 0, host: "127.0.0.1", settings });
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    consoleWatch = watchConsole(page);
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("lists the package in the boot data and fetches nothing of it on a page without it", async () => {
    const answer = await page.goto(`${running.url}/plain`);
    assert.match(
      answer?.headers()["content-security-policy"] ?? "",
      /script-src 'self' 'sha256-/,
      "the default policy, with the import map's hash",
    );
    await page.getByRole("heading", { name: "Plain" }).waitFor();
    const boot = JSON.parse((await page.textContent("#dashbase-boot")) ?? "{}") as {
      components?: Record<string, { module: string; persisted?: string[] }>;
    };
    const entry = boot.components?.["star-rating.StarRating"];
    assert.match(entry?.module ?? "", /^\/_dashbase\/components\/[0-9a-f]{16}\/star-rating-view\.js$/);
    assert.deepEqual(entry?.persisted, ["value"]);
    assert.deepEqual(
      requested.filter((url) => url.startsWith("/_dashbase/components/")),
      [],
      "no component module on a page without one",
    );
  });

  it("loads the module when a client-side navigation reaches a page that shows the component", async () => {
    await page.click("#to-rate");
    await rating().waitFor();
    assert.equal(await checkedStar(), "2");
    await page.locator("#said", { hasText: "You gave 2 stars" }).waitFor();
    const modules = requested.filter((url) => url.startsWith("/_dashbase/components/"));
    assert.equal(modules.length, 1, modules.join(", "));
    const served = await page.request.get(`${running.url}${modules[0]}`);
    assert.equal(served.status(), 200);
    assert.match(served.headers()["content-type"] ?? "", /javascript/);
    assert.equal(served.headers()["cache-control"], "public, max-age=31536000, immutable");
  });

  it("changes the value on a click and with the keyboard, as a radio group, and a callback receives it", async () => {
    await star(4).click();
    await page.locator("#said", { hasText: "You gave 4 stars" }).waitFor();
    assert.equal(await star(4).getAttribute("aria-checked"), "true");
    assert.equal(await star(2).getAttribute("aria-checked"), "false");
    assert.equal(await star(4).getAttribute("tabindex"), "0", "the chosen star is the group's one tab stop");
    await page.keyboard.press("ArrowLeft");
    await page.locator("#said", { hasText: "You gave 3 stars" }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "3 of 5 stars", "focus follows the value");
    await page.keyboard.press("End");
    await page.locator("#said", { hasText: "You gave 5 stars" }).waitFor();
    await page.keyboard.press("Home");
    await page.locator("#said", { hasText: "You gave 0 stars" }).waitFor();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.locator("#said", { hasText: "You gave 2 stars" }).waitFor();
    assert.equal(await checkedStar(), "2");
  });

  it("shows a read-only rating that follows its callback and ignores the user", async () => {
    const mirror = page.getByRole("radiogroup", { name: "Shown rating" });
    assert.equal(await mirror.getAttribute("aria-readonly"), "true");
    assert.equal(await mirror.getAttribute("data-value"), "2", "set by the callback");
    await mirror.getByRole("radio", { name: "5 of 5 stars" }).click();
    await page.waitForTimeout(100);
    assert.equal(await mirror.getAttribute("data-value"), "2");
  });

  it("runs the outside view's hooks on the renderer's own Preact: one preact module on the page", async () => {
    // the hover preview is a useState in the outside view; a second Preact would break its hooks
    await star(5).hover();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[aria-label="Your rating"] [role="radio"]')].every((element) => element.textContent === "★"),
    );
    await page.mouse.move(0, 0);
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Your rating"] [role="radio"]')[2]?.textContent === "☆");
    const preactFiles = requested.filter((url) => /\/preact-[A-Z0-9]+\.js$/.test(url));
    assert.equal(preactFiles.length, 1, `one preact module: ${preactFiles.join(", ")}`);
    assert.equal(requested.filter((url) => /\/preact-compat-/.test(url)).length, 0, "preact/compat only when something imports it");
    // React components from npm get Preact's compat layer through the same map: the same Preact
    const sameComponent = await page.evaluate(
      async (specifiers) => {
        const [react, preact, compat] = (await Promise.all(specifiers.map((specifier) => import(specifier)))) as Array<{
          Component: unknown;
          useState?: unknown;
        }>;
        return react!.Component === preact!.Component && react === compat && typeof react!.useState === "function";
      },
      ["react", "preact", "preact/compat"],
    );
    assert.equal(sameComponent, true);
  });

  it("replays a server-persisted rating after a reload", async () => {
    await star(4).click();
    await page.locator("#said", { hasText: "You gave 4 stars" }).waitFor();
    await saveScreenshot(page, "star-rating");
    await page.reload();
    await rating().waitFor();
    assert.equal(await checkedStar(), "4");
    await page.locator("#said", { hasText: "You gave 4 stars" }).waitFor();
  });

  it("logs nothing to the console", () => {
    assert.deepEqual(consoleWatch.unexpected(), []);
  });
});
