/**
 * @module
 * A circular callback in Chromium: one callback keeps two inputs in sync (each is an Input and an
 * Output of it). A change in either updates the other once; the callback's own answer does not
 * fire it again, so the page asks the server once per user change (as Dash does).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { dcc, html } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

describe("circular callbacks in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  const syncCalls = () =>
    server.requests.filter((request) => (request.body as { callbackId?: string } | undefined)?.callbackId === "sync").length;

  before(async () => {
    await ensureClientBuilt();
    server = await startFakeServer({
      pages: {
        "/": { title: "Sync", layout: html.Div([dcc.Input({ id: "celsius", value: "" }), dcc.Input({ id: "kelvin", value: "" })]) },
      },
      callbacks: [
        {
          id: "sync",
          outputs: [
            { id: "celsius", property: "value" },
            { id: "kelvin", property: "value" },
          ],
          inputs: [
            { id: "celsius", property: "value" },
            { id: "kelvin", property: "value" },
          ],
          preventInitialCall: true,
          handle: (call) => {
            const [celsius, kelvin] = call.inputs.map((input) => (Array.isArray(input) ? undefined : input.value));
            const fromCelsius = call.changedPropIds.includes("celsius.value");
            const c = fromCelsius ? Number(celsius) : Number(kelvin) - 273;
            return { body: { response: { celsius: { value: String(c) }, kelvin: { value: String(c + 273) } } } };
          },
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

  it("updates the other input once per change and asks the server once per change", async () => {
    await page.locator("#celsius").fill("20");
    await page.waitForFunction(() => (document.querySelector("#kelvin") as HTMLInputElement | null)?.value === "293");
    await page.locator("#kelvin").fill("300");
    await page.waitForFunction(() => (document.querySelector("#celsius") as HTMLInputElement | null)?.value === "27");
    // a runaway loop would have asked again on each answer by the time the second change settled
    assert.equal(syncCalls(), 2);
    assert.equal(await page.locator("#kelvin").inputValue(), "300");
  });
});
