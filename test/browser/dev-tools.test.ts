/**
 * The dev tools panel and page meta on client-side navigation, in Chromium, against real servers.
 * In development the corner toggle opens a panel listing the page's callbacks with each call's
 * status and duration, the last errors with their request id and stack, and the problems (a
 * callback whose output is not on the page). In production the page names no dev tools file,
 * requests none, and the server refuses the file and the dev endpoints. Navigating between pages
 * without a full load replaces the title, description and Open Graph tags, never duplicating them.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createApp, dcc, html, Input, Output, type RunningApp } from "dashbase";
import { loadSettings, type Settings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

function devApp() {
  const app = createApp({ title: "Dev tools", callbacks: { allowDynamicIds: true }, server: { logger: false } });
  const nav = html.Nav([dcc.Link("Home", { href: "/", id: "to-home" }), " ", dcc.Link("About", { href: "/about", id: "to-about" })]);
  app.page("/", {
    title: "Home",
    layout: html.Div([
      nav,
      html.Button("Add", { id: "add" }),
      html.P({ id: "out" }),
      html.Button("Fail", { id: "fail" }),
      html.P({ id: "failed" }),
    ]),
  });
  app.page("/about", {
    title: "About",
    description: "Who we are",
    image: "/assets/card.png",
    layout: html.Div([nav, html.H1("About us")]),
  });
  app.page("/team", { title: "Team", description: "The team", layout: html.Div([nav, html.H1("Team")]) });
  app.callback([Output("out", "children")], [Input<number | undefined>("add", "n_clicks")], ([clicks]) => [`added ${clicks ?? 0}`]);
  app.callback([Output("failed", "children")], [Input<number | undefined>("fail", "n_clicks")], ([clicks]) => {
    if (clicks) throw new Error("the quota service is down");
    return ["not yet"];
  });
  // its output is on no page: the dev tools say it cannot run here
  app.callback([Output("ghost", "children")], [Input<number | undefined>("add", "n_clicks")], () => ["boo"]);
  return app;
}

function settingsFor(profile: "development" | "production"): Settings {
  return loadSettings({
    env: { DASHBASE_ENV: profile, SESSION_SECRET: "d".repeat(48), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
  });
}

async function serve(profile: "development" | "production"): Promise<{ running: RunningApp; db: Database }> {
  const settings = settingsFor(profile);
  const db = await createDatabase({ settings: settings.database });
  const running = await devApp().listen({ db, settings, port: 0, host: "127.0.0.1" });
  return { running, db };
}

function devToolsFile(): string {
  const manifest = JSON.parse(fs.readFileSync(path.resolve("dist/client/manifest.json"), "utf8")) as Record<string, string>;
  const file = manifest["dev-tools.js"];
  assert.ok(file, "the build writes the dev tools entry");
  return file;
}

describe("dev tools in development", { skip }, () => {
  let served: { running: RunningApp; db: Database };
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    served = await serve("development");
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(`${served.running.url}/`);
    await page.locator("#failed", { hasText: "not yet" }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await served?.running.close();
    await served?.db.close();
  });

  it("opens from the corner toggle and lists the callbacks, with a fired one's status and duration", async () => {
    await page.getByRole("button", { name: "Add" }).click();
    await page.locator("#out", { hasText: "added 1" }).waitFor();
    const toggle = page.locator(".dashbase-devtools-toggle");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    const panel = page.getByRole("region", { name: "Dev tools" });
    await panel.waitFor();
    const table = panel.getByRole("table", { name: "Callbacks" });
    for (const id of ["out.children", "failed.children", "ghost.children"]) await table.locator(`tr[data-callback="${id}"]`).waitFor();
    const addRow = table.locator('tr[data-callback="out.children"]');
    assert.match((await addRow.textContent()) ?? "", /add\.n_clicks/);
    assert.match((await addRow.textContent()) ?? "", /out\.children/);
    const clicked = panel.locator('ol[aria-label="Recent calls"] li[data-callback="out.children"][data-status="updated"]', {
      hasText: "fired by add.n_clicks",
    });
    await clicked.first().waitFor();
    assert.match((await clicked.first().locator(".dashbase-devtools-duration").textContent()) ?? "", /^\d+(\.\d)? ms$/);
    assert.match(
      (await panel.locator('ol[aria-label="Recent calls"] li[data-callback="failed.children"]').first().textContent()) ?? "",
      /on load/,
    );
  });

  it("lists a failed callback's error with the request id the page's notice shows and the stack", async () => {
    await page.getByRole("button", { name: "Fail" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "the quota service is down" });
    await notice.waitFor();
    const requestId = /Request id: (\S+)/.exec((await notice.locator(".dashbase-notice-meta").textContent()) ?? "")?.[1];
    assert.ok(requestId, "the notice names the request");
    const panel = page.getByRole("region", { name: "Dev tools" });
    await panel.getByRole("tab", { name: /^Errors \(1\)$/ }).click();
    const error = panel.locator(".dashbase-devtools-error", { hasText: "the quota service is down" });
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", /DASHBASE_E_CALLBACK_FAILED/);
    assert.equal(await error.locator(".dashbase-devtools-request").textContent(), `Request id: ${requestId}`);
    await error.getByText("Stack").click();
    const stack = (await error.locator("pre").textContent()) ?? "";
    assert.match(stack, /Caused by: Error: the quota service is down\n\s+at /);
    assert.match((await page.locator(".dashbase-devtools-toggle").textContent()) ?? "", /1 error/);
  });

  it("shows the problems: a callback whose output is on no page, from the server and for this page", async () => {
    const panel = page.getByRole("region", { name: "Dev tools" });
    await panel.getByRole("tab", { name: /^Problems/ }).click();
    await panel
      .getByText(/callback "ghost.children": output "ghost.children" is not on this page, so the callback does not run here/)
      .waitFor();
    await panel.getByText("Warnings: ids no layout readable at start-up contains").waitFor();
    const warnings = (await panel.locator("h4 + ul").textContent()) ?? "";
    assert.match(warnings, /ghost/);
    assert.deepEqual(consoleWatch.unexpected(/status of 500/), []);
  });
});

describe("no dev tools in production; page meta on client-side navigation", { skip }, () => {
  let served: { running: RunningApp; db: Database };
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  before(async () => {
    await ensureClientBuilt();
    served = await serve("production");
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("request", (request) => requested.push(request.url()));
  });
  after(async () => {
    await browser?.close();
    await served?.running.close();
    await served?.db.close();
  });

  it("names no dev tools file, requests none, and refuses the file and the dev endpoints", async () => {
    const file = devToolsFile();
    await page.goto(`${served.running.url}/`);
    await page.locator("#failed", { hasText: "not yet" }).waitFor();
    await page.getByRole("button", { name: "Add" }).click();
    await page.locator("#out", { hasText: "added 1" }).waitFor();
    const shell = await (await fetch(`${served.running.url}/`)).text();
    assert.doesNotMatch(shell, /dev-tools|"dev":|\/_dashbase\/dev\//);
    assert.equal(await page.locator(".dashbase-devtools-toggle").count(), 0);
    assert.deepEqual(
      requested.filter((url) => /dev-tools|\/_dashbase\/dev\//.test(url)),
      [],
    );
    for (const url of [`/_dashbase/static/${file}`, `/_dashbase/static/${file}.gz`, "/_dashbase/dev/problems", "/_dashbase/dev/events"]) {
      assert.equal((await fetch(`${served.running.url}${url}`)).status, 404, url);
    }
  });

  it("replaces the title, description and Open Graph tags on navigation without a full load, never doubling them", async () => {
    const meta = () =>
      page.evaluate(() =>
        [...document.head.querySelectorAll('meta[name="description"], meta[property^="og:"]')].map(
          (element) => `${element.getAttribute("name") ?? element.getAttribute("property")}=${element.getAttribute("content")}`,
        ),
      );
    await page.goto(`${served.running.url}/`);
    await page.locator("#failed", { hasText: "not yet" }).waitFor();
    assert.deepEqual(await meta(), []);
    await page.evaluate(() => ((window as unknown as { fullLoads: number }).fullLoads = 1));
    await page.getByRole("link", { name: "About" }).click();
    await page.getByRole("heading", { name: "About us" }).waitFor();
    const origin = new URL(served.running.url).origin;
    const about = ["description=Who we are", "og:title=About", "og:description=Who we are", `og:image=${origin}/assets/card.png`];
    await page.waitForFunction(() => document.head.querySelector('meta[name="description"]') !== null);
    assert.equal(await page.title(), "About");
    assert.deepEqual((await meta()).sort(), [...about].sort());
    await page.getByRole("link", { name: "Home" }).click();
    await page.waitForFunction(() => document.title === "Home" && document.head.querySelector('meta[name="description"]') === null);
    assert.deepEqual(await meta(), []);
    await page.getByRole("link", { name: "About" }).click();
    await page.waitForFunction(() => document.head.querySelector('meta[name="description"]') !== null);
    await page.goBack();
    await page.goForward();
    await page.waitForFunction(() => document.title === "About" && document.head.querySelector('meta[property="og:image"]') !== null);
    assert.deepEqual((await meta()).sort(), [...about].sort(), "each tag once");
    assert.equal(await page.evaluate(() => (window as unknown as { fullLoads?: number }).fullLoads), 1, "no full page load");
  });
});
