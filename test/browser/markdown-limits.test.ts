/**
 * @module
 * `dcc.Markdown` fed hostile text from a callback, in Chromium: 25 KB of nested links (which
 * overflowed the old hand-written reader's stack) render, 200 KB of `[a](` (quadratic there: tens of
 * seconds) is shown as plain text, and the callback's other output keeps updating afterwards. Text
 * just under the size limit still goes through the parser, in linear time: checked as the ratio to
 * a sixteenth of it in the same page, so a slow or busy machine cannot fail the test.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();
const node = (type: string, props: Record<string, unknown>) => ({ type, props });

/** What the callback answers for each choice typed into the input. */
const hostile: Record<string, string> = {
  // 25 KB: 4,166 link openers, one text, 4,166 link closers
  "nested-links": `${"[".repeat(4166)}a${"](/x)".repeat(4166)}`,
  // 200 KB: over the size limit, shown as plain text
  "link-openers": "[a](".repeat(50_000),
  // 99,996 characters: under the size limit, so parsed
  "link-openers-under-limit": "[a](".repeat(24_999),
  // a sixteenth of it, the yardstick for linear time
  "link-openers-sixteenth": "[a](".repeat(1_562),
  // nesting deeper than the limit (block quotes and emphasis)
  "deep-quotes": `${"> ".repeat(5000)}deep`,
  "deep-emphasis": `${"*".repeat(5000)}a${"*".repeat(5000)}`,
};

const layout = node("html.Div", {
  children: [
    node("dcc.Input", { id: "choice", value: "", "aria-label": "Choice" }),
    node("dcc.Markdown", { id: "md", children: "" }),
    node("html.Div", { id: "stamp" }),
  ],
});

describe("dcc.Markdown under hostile text", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  let answers = 0;

  /** Types a choice and waits until both outputs of the callback show it; returns the milliseconds taken. */
  async function show(choice: string, drawn: string): Promise<number> {
    const started = Date.now();
    await page.getByLabel("Choice").fill(choice);
    await page.locator("#stamp", { hasText: `shown: ${choice} (` }).waitFor({ timeout: 60_000 });
    await page.locator(drawn).first().waitFor({ timeout: 60_000 });
    return Date.now() - started;
  }

  before(async () => {
    await ensureClientBuilt();
    server = await startFakeServer({
      pages: { "/": { title: "Markdown limits", layout } },
      callbacks: [
        {
          id: "show",
          outputs: [
            { id: "md", property: "children" },
            { id: "stamp", property: "children" },
          ],
          inputs: [{ id: "choice", property: "value" }],
          handle(request) {
            const choice = String((request.inputs[0] as { value: unknown }).value ?? "");
            answers += 1;
            return {
              body: { response: { md: { children: hostile[choice] ?? choice }, stamp: { children: `shown: ${choice} (${answers})` } } },
            };
          },
        },
      ],
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(server.url);
    await page.locator("#stamp", { hasText: "shown:" }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("renders 25 KB of nested links, and the callback's other output keeps updating", async () => {
    const took = await show("nested-links", "#md a");
    console.log(`25 KB of nested links: ${took} ms`);
    assert.equal(await page.getAttribute("#md a", "href"), "/x");
    await show("**after**", "#md strong");
    assert.equal(await page.textContent("#md strong"), "after");
  });

  it("shows 200 KB of `[a](` as plain text with a notice, and keeps updating", async () => {
    const took = await show("link-openers", "#md .dashbase-markdown-limit");
    console.log(`200 KB of [a](: ${took} ms`);
    assert.match((await page.textContent("#md .dashbase-markdown-limit")) ?? "", /too long/);
    assert.equal((await page.textContent("#md pre"))?.length, 200_000, "the text is all there, as text");
    await saveScreenshot(page, "markdown-too-long");
    await show("*again*", "#md em");
    assert.equal(await page.textContent("#md em"), "again");
  });

  it("parses text just under the size limit in linear time", async () => {
    // Sixteen times the text: linear parsing takes at most sixteen times as long, less with the
    // round trip's fixed cost; quadratic parsing would take about 256 times as long.
    const sixteenth = await show("link-openers-sixteenth", "#md p");
    await show("*reset*", "#md em");
    const whole = await show("link-openers-under-limit", "#md p");
    console.log(`[a]( parsed: 6,248 characters ${sixteenth} ms, 99,996 characters ${whole} ms`);
    assert.ok(whole < 24 * Math.max(sixteenth, 1), `${whole} ms against ${sixteenth} ms for a sixteenth`);
    assert.equal(await page.locator("#md .dashbase-markdown-limit").count(), 0);
    assert.equal((await page.textContent("#md p"))?.length, 99_996);
  });

  it("shows nesting deeper than the limit as plain text with a notice", async () => {
    for (const choice of ["deep-quotes", "deep-emphasis"]) {
      await show(choice, "#md .dashbase-markdown-limit");
      assert.match((await page.textContent("#md .dashbase-markdown-limit")) ?? "", /nested too deeply/);
      assert.equal(await page.textContent("#md pre"), hostile[choice]);
      await show(`## ${choice} done`, "#md h2");
    }
  });

  it("logs no error to the console", () => {
    assert.deepEqual(consoleWatch.unexpected(), []);
  });
});
