/**
 * @module
 * Partial updates in Chromium (Dash's `Patch`): a callback answering a `Patch` appends to a list
 * the page already shows, each click adding one item to what is there, without the server sending
 * (or knowing) the whole list; a patch whose path does not fit shows a notice naming the path.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { html, Patch } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();
const wire = (patch: Patch): unknown => JSON.parse(JSON.stringify(patch));

describe("Patch partial updates in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await ensureClientBuilt();
    server = await startFakeServer({
      pages: {
        "/": {
          title: "Patch",
          layout: html.Div([
            html.Button("Add", { id: "add" }),
            html.Button("Break", { id: "break" }),
            html.Ul([html.Li("first")], { id: "items" }),
          ]),
        },
      },
      callbacks: [
        {
          id: "add",
          outputs: [{ id: "items", property: "children" }],
          inputs: [{ id: "add", property: "n_clicks" }],
          preventInitialCall: true,
          handle: (call) => {
            const clicks = Array.isArray(call.inputs[0]) ? 0 : Number(call.inputs[0]?.value);
            const items = new Patch().append(html.Li(`item ${clicks}`, { className: "added" }));
            if (clicks === 2) items.prepend(html.Li("top"));
            return { body: { response: { items: { children: wire(items) } } } };
          },
        },
        {
          id: "break",
          outputs: [{ id: "items", property: "children" }],
          inputs: [{ id: "break", property: "n_clicks" }],
          preventInitialCall: true,
          handle: () => ({ body: { response: { items: { children: wire(new Patch().at(9, "props").merge({ x: 1 })) } } } }),
        },
      ],
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("appends and prepends to the list the page shows, keeping what was there", async () => {
    await page.locator("#add").click();
    await page.locator("#items li.added").first().waitFor();
    assert.deepEqual(await page.locator("#items li").allTextContents(), ["first", "item 1"]);
    await page.locator("#add").click();
    await page.waitForFunction(() => document.querySelectorAll("#items li").length === 4);
    assert.deepEqual(await page.locator("#items li").allTextContents(), ["top", "first", "item 1", "item 2"]);
  });

  it("shows a notice naming the path when a patch does not fit the value, leaving the value alone", async () => {
    await page.locator("#break").click();
    const notice = page.locator('.dashbase-notice[role="alert"]');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? "", /Patch merge at 9\.props: the value has no item 9/);
    assert.equal(await page.locator("#items li").count(), 4);
  });
});
