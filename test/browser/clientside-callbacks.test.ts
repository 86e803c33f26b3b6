/**
 * @module
 * Clientside callbacks in Chromium (examples/clientside): a chain browser -> server -> browser
 * ends in the right value with one request (the server step's), noUpdate leaves an output alone,
 * PreventUpdate leaves every output alone, ctx.triggered names the button pressed, State is
 * passed, a failing function shows a notice naming the callback (and logs to the console), and
 * the browser module is fetched once, with an immutable cache.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import Fastify, { type FastifyInstance } from "fastify";
import { clientside, createApp, dcc, html, Input, Output, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { dashbase, serverOptions } from "dashbase/server";
import app from "../../examples/clientside/app.js";
import { evenOnly } from "../../examples/clientside/clientside.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

describe("clientside callbacks in a browser", { skip }, () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  const callbackPosts: string[] = [];
  const clientsideFetches: { url: string; cache: string | undefined }[] = [];

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "c".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    running = await app.listen({ settings, port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/_dashbase/callback"))
        callbackPosts.push((JSON.parse(request.postData() ?? "{}") as { callbackId: string }).callbackId);
    });
    page.on("response", (response) => {
      if (response.url().includes("/_dashbase/clientside/"))
        clientsideFetches.push({ url: response.url(), cache: response.headers()["cache-control"] });
    });
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  it("runs a browser -> server -> browser chain on load and on change, asking the server only for its own step", async () => {
    await page.goto(running.url);
    await page.locator("#result", { hasText: "Result: 3" }).waitFor();
    assert.equal(await page.locator("#fired-by").textContent(), 'fired by "total"');
    assert.deepEqual(callbackPosts, ["total.data"], "only the server callback made a request");
    await page.getByRole("spinbutton", { name: "Number" }).fill("5");
    await page.locator("#result", { hasText: "Result: 11" }).waitFor();
    assert.deepEqual(callbackPosts, ["total.data", "total.data"]);
    assert.equal(clientsideFetches.length, 1, "the clientside module is fetched once");
    assert.match(clientsideFetches[0]!.url, /\/_dashbase\/clientside\/[0-9a-f]{16}\.js$/);
    assert.equal(clientsideFetches[0]!.cache, "public, max-age=31536000, immutable");
  });

  it("leaves an output alone on noUpdate", async () => {
    await page.getByRole("spinbutton", { name: "Number" }).fill("4");
    await page.locator("#even", { hasText: "Last even: 4" }).waitFor();
    await page.getByRole("spinbutton", { name: "Number" }).fill("7");
    await page.locator("#result", { hasText: "Result: 15" }).waitFor();
    assert.equal(await page.locator("#even").textContent(), "Last even: 4");
  });

  it("leaves every output alone on PreventUpdate, and passes State", async () => {
    assert.equal(await page.locator("#echo").textContent(), "", "the initial call with an empty box prevented the update");
    await page.getByRole("textbox", { name: "Text" }).fill("hello");
    await page.locator("#echo", { hasText: "> hello" }).waitFor();
    await page.getByRole("textbox", { name: "Text" }).fill("");
    await page.getByRole("textbox", { name: "Prefix" }).fill("# ");
    await page.getByRole("textbox", { name: "Text" }).fill("again");
    await page.locator("#echo", { hasText: "# again" }).waitFor();
  });

  it("names the input that fired it in ctx.triggered", async () => {
    await page.locator("#which", { hasText: "none yet" }).waitFor();
    await page.getByRole("button", { name: "B" }).click();
    await page.locator("#which", { hasText: "pressed b.n_clicks" }).waitFor();
    await page.getByRole("button", { name: "A" }).click();
    await page.locator("#which", { hasText: "pressed a.n_clicks" }).waitFor();
  });

  it("shows a failing function as a notice naming the callback, logs it, and keeps working", async () => {
    await page.getByRole("button", { name: "Explode" }).click();
    const notice = page.locator('.dashbase-notice[role="alert"]', { hasText: "exploded.children" });
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? "", /clientside callback "exploded\.children" failed: boom after 1 click\(s\)/);
    assert.equal(await page.locator("#exploded").textContent(), "not yet");
    assert.ok(consoleWatch.errors.some((line) => line.includes('clientside callback "exploded.children" failed')));
    await page.getByRole("spinbutton", { name: "Number" }).fill("10");
    await page.locator("#result", { hasText: "Result: 21" }).waitFor();
    assert.deepEqual(consoleWatch.unexpected(/clientside callback "exploded\.children" failed|boom after/), []);
  });
});

describe("clientside callbacks of an app mounted under /dash", { skip }, () => {
  let host: FastifyInstance;
  let browser: Browser;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "d".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    const mounted = createApp({ title: "Mounted clientside" });
    mounted.page("/", {
      layout: html.Div([dcc.Input({ id: "n", type: "number", value: 4, "aria-label": "Number" }), html.P({ id: "even" })]),
    });
    mounted.clientCallback(
      [Output<string>("even", "children")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(new URL("../../examples/clientside/clientside.ts", import.meta.url), evenOnly),
    );
    host = Fastify(serverOptions());
    await host.register(dashbase, { app: mounted, settings, prefix: "/dash" });
    await host.listen({ port: 0, host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it("loads the clientside module from under the mount point", async () => {
    const address = host.server.address();
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/_dashbase/clientside/")) fetched.push(new URL(request.url()).pathname);
    });
    await page.goto(`http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/dash/`);
    await page.locator("#even", { hasText: "Last even: 4" }).waitFor();
    assert.equal(fetched.length, 1);
    assert.match(fetched[0]!, /^\/dash\/_dashbase\/clientside\/[0-9a-f]{16}\.js$/);
  });
});
