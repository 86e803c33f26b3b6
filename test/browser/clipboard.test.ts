/**
 * @module
 * `dcc.Clipboard`, added as a built-in component by its definition, its view and this test only
 * (plus its line in the `dcc` namespace): the factory builds it, the renderer's registry finds its
 * view without being told, a click copies the text to the clipboard and counts `n_clicks`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { dcc, html } from "../../src/index.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

describe("dcc.Clipboard", () => {
  it("builds a node of its type, with its label as children", () => {
    assert.deepEqual(dcc.Clipboard({ id: "copy", content: "SELECT 1", children: "Copy SQL" }), {
      type: "dcc.Clipboard",
      props: { id: "copy", content: "SELECT 1", children: "Copy SQL" },
    });
  });

  describe("in the browser", { skip }, () => {
    let server: FakeServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let consoleWatch: ReturnType<typeof watchConsole>;

    before(async () => {
      await ensureClientBuilt();
      const layout = html.Div([
        html.Pre("SELECT name FROM cities", { id: "query" }),
        dcc.Clipboard({ id: "copy-query", target_id: "query", title: "Copy the query" }),
        dcc.Clipboard({ id: "copy-text", content: "plain text", children: "Copy text" }),
        html.Div({ id: "copies" }),
      ]);
      server = await startFakeServer({
        pages: { "/": { title: "Clipboard", layout } },
        callbacks: [
          {
            id: "count",
            outputs: [{ id: "copies", property: "children" }],
            inputs: [{ id: "copy-query", property: "n_clicks" }],
            preventInitialCall: true,
            handle: (call) => {
              const clicks = call.inputs[0];
              return { body: { response: { copies: { children: `copied ${String(Array.isArray(clicks) ? "" : clicks?.value)} times` } } } };
            },
          },
        ],
      });
      browser = await launchBrowser();
      context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
      page = await context.newPage();
      consoleWatch = watchConsole(page);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    it("copies the target's text or its content, says so, and counts the copies", async () => {
      await page.goto(server.url);
      await page.getByRole("button", { name: "Copy", exact: true }).click();
      await page.getByRole("button", { name: "Copied" }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "SELECT name FROM cities");
      await page.locator("#copies", { hasText: "copied 1 times" }).waitFor();
      await page.getByRole("button", { name: "Copy text" }).click();
      await page.waitForFunction(() => navigator.clipboard.readText().then((text) => text === "plain text"));
      assert.deepEqual(consoleWatch.unexpected(), []);
    });
  });
});
