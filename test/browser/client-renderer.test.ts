/**
 * @module
 * The browser renderer on its own, against a fake server that speaks the wire protocol:
 * callback chains in order, loading state, notices, CSRF, server persistence, pattern-matching
 * ids, safe rendering of untrusted text and URLs, every html element with a factory (and the
 * refused ones), the client-side DataTable, and navigation.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { html, htmlTags, type HtmlFactory, type HtmlTag } from "../../src/components/html/html.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();
const node = (type: string, props: Record<string, unknown>) => ({ type, props });

function releasable(): { wait: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { wait, release };
}

const rows = Array.from({ length: 25 }, (_, i) => ({ id: i + 1, city: `City ${String(i + 1).padStart(2, "0")}`, people: (i * 37) % 100 }));

const home = node("html.Div", {
  children: [
    node("html.H1", { children: "Renderer" }),
    node("dcc.Link", { id: "to-second", href: "/second", children: "Go to second" }),
    node("dcc.Input", { id: "name", value: "", placeholder: "Name", persistence: "server" }),
    node("html.Div", { id: "greeting" }),
    node("html.Div", { id: "shout" }),
    node("html.Button", { id: "boom", children: "Boom" }),
    node("html.Div", { id: "boom-out" }),
    node("dcc.Input", { id: { type: "f", index: 1 }, value: "1", "aria-label": "first number" }),
    node("dcc.Input", { id: { type: "f", index: 2 }, value: "2", "aria-label": "second number" }),
    node("html.Div", { id: "sum" }),
    node("html.A", { id: "bad-link", href: "javascript:alert(1)", children: "bad link", onclick: "window.pwned = 2" }),
    node("html.Script", { id: "bad-script", children: "window.pwned = 3" }),
    node("html.Style", { id: "bad-style", children: "body { display: none }" }),
    node("html.Iframe", { id: "bad-frame", src: "/second" }),
    // every element dashbase has a factory for, each with an id naming its tag
    html.Div(
      htmlTags.map((tag) => (html[tag] as HtmlFactory<HtmlTag>)({ id: `el-${tag.toLowerCase()}`, children: `${tag} text` })),
      { id: "every-element", hidden: true },
    ),
    html.P([
      html.Time("today", { id: "when", dateTime: "2024-05-01" }),
      html.Meter({ id: "gauge", value: 0.6, low: 0.2, high: 0.8, optimum: 1 }),
    ]),
    node("dcc.Markdown", {
      id: "md",
      children: "## Notes\n\n<script>window.pwned = 1</script> [click](javascript:alert(1)) and **bold** [ok](/second)",
    }),
    node("html.Button", { id: "slow-button", children: "Slow" }),
    node("dcc.Loading", { id: "loading", children: [node("html.Div", { id: "slow" })] }),
    node("DataTable", {
      id: "cities",
      columns: [
        { id: "city", name: "City" },
        { id: "people", name: "People", type: "numeric" },
      ],
      data: rows,
      page_size: 10,
      sort_action: "native",
      filter_action: "native",
    }),
  ],
});

const second = node("html.Div", {
  children: [node("html.H1", { children: "Second page" }), node("dcc.Link", { href: "/", children: "Back home" })],
});

describe("browser renderer against the wire protocol", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  const calls: Record<string, number> = {};
  const slowGate = { current: releasable() };
  let boomCount = 0;

  before(async () => {
    await ensureClientBuilt();
    const count = (id: string): void => {
      calls[id] = (calls[id] ?? 0) + 1;
    };
    server = await startFakeServer({
      pages: { "/": { title: "Renderer", layout: home }, "/second": { title: "Second", layout: second } },
      callbacks: [
        {
          id: "greet",
          outputs: [{ id: "greeting", property: "children" }],
          inputs: [{ id: "name", property: "value" }],
          handle(request) {
            count("greet");
            const input = request.inputs[0] as { value: unknown };
            const name = typeof input.value === "string" && input.value !== "" ? input.value : "stranger";
            return { body: { response: { greeting: { children: `Hello, ${name}` } } } };
          },
        },
        {
          id: "shout",
          outputs: [{ id: "shout", property: "children" }],
          inputs: [{ id: "greeting", property: "children" }],
          handle(request) {
            count("shout");
            const input = request.inputs[0] as { value: unknown };
            return { body: { response: { shout: { children: String(input.value ?? "").toUpperCase() } } } };
          },
        },
        {
          id: "boom",
          outputs: [{ id: "boom-out", property: "children" }],
          inputs: [{ id: "boom", property: "n_clicks" }],
          preventInitialCall: true,
          handle() {
            boomCount += 1;
            if (boomCount === 1)
              return { status: 500, body: { error: { code: "DASHBASE_E_CALLBACK_FAILED", message: "The callback boom failed: kaput" } } };
            return { body: { response: { "boom-out": { children: "recovered" } } } };
          },
        },
        {
          id: "sum",
          outputs: [{ id: "sum", property: "children" }],
          inputs: [{ id: { type: "f", index: ["ALL"] }, property: "value" }],
          handle(request) {
            const values = request.inputs[0] as Array<{ value: unknown }>;
            return { body: { response: { sum: { children: String(values.reduce((total, entry) => total + Number(entry.value), 0)) } } } };
          },
        },
        {
          id: "slow",
          outputs: [{ id: "slow", property: "children" }],
          inputs: [{ id: "slow-button", property: "n_clicks" }],
          preventInitialCall: true,
          async handle() {
            await slowGate.current.wait;
            return { body: { response: { slow: { children: "slow work done" } } } };
          },
        },
      ],
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(server.url);
  });

  after(async () => {
    slowGate.current.release();
    await browser?.close();
    await server?.close();
  });

  it("fires the initial callbacks in dependency order, a chain included", async () => {
    await page.locator("#shout", { hasText: "HELLO, STRANGER" }).waitFor();
    assert.equal(await page.textContent("#greeting"), "Hello, stranger");
    assert.equal(await page.textContent("#sum"), "3");
    assert.equal(calls.greet, 1);
    assert.equal(calls.shout, 1, "the downstream callback ran once, after its upstream answered");
    await saveScreenshot(page, "renderer-initial");
  });

  it("runs a chain once per change, with the CSRF header, and persists a server-persisted input", async () => {
    const before = { greet: calls.greet ?? 0, shout: calls.shout ?? 0 };
    await page.fill("#name", "Ada");
    await page.locator("#shout", { hasText: "HELLO, ADA" }).waitFor();
    assert.equal((calls.greet ?? 0) - before.greet, 1);
    assert.equal((calls.shout ?? 0) - before.shout, 1);
    const lastShout = server.requests
      .filter((r) => r.url === "/_dashbase/callback" && (r.body as { callbackId: string }).callbackId === "shout")
      .at(-1);
    assert.deepEqual((lastShout?.body as { changedPropIds: string[] }).changedPropIds, ["greeting.children"]);
    for (const request of server.requests.filter((r) => r.method === "POST"))
      assert.equal(request.headers["x-dashbase-csrf"], server.csrfToken);
    const deadline = Date.now() + 5000;
    let persisted = server.requests.find((r) => r.url === "/_dashbase/persist");
    while (persisted === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      persisted = server.requests.find((r) => r.url === "/_dashbase/persist");
    }
    assert.deepEqual(persisted?.body, { id: "name", property: "value", value: "Ada" });
  });

  it("marks outputs in flight as loading and shows the Loading spinner", async () => {
    await page.click("#slow-button");
    await page.locator('#slow[data-dashbase-loading="true"]').waitFor({ state: "attached" });
    await page.locator("#loading .dashbase-spinner").waitFor();
    slowGate.current.release();
    await page.locator("#slow", { hasText: "slow work done" }).waitFor();
    assert.equal(await page.getAttribute("#slow", "data-dashbase-loading"), null);
    assert.equal(await page.locator("#loading .dashbase-spinner").count(), 0);
  });

  it("shows a failed callback as a notice with its request id, and keeps working", async () => {
    await page.click("#boom");
    const notice = page.locator('.dashbase-notice[role="alert"]');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text ?? "", /kaput/);
    assert.match(text ?? "", /Request id: req-\d+/);
    await saveScreenshot(page, "renderer-notice");
    await page.fill("#name", "Grace");
    await page.locator("#shout", { hasText: "HELLO, GRACE" }).waitFor();
    await page.click("#boom");
    await page.locator("#boom-out", { hasText: "recovered" }).waitFor();
    await page.click('.dashbase-notice button[aria-label="Dismiss"]');
    assert.equal(await notice.count(), 0);
  });

  it("addresses pattern-matching ids by canonical key and sends ALL inputs as a list", async () => {
    await page.fill(`[id='{"index":2,"type":"f"}']`, "5");
    await page.locator("#sum", { hasText: "6" }).waitFor();
  });

  it("never renders script URLs or raw HTML from layout text", async () => {
    assert.equal(await page.getAttribute("#bad-link", "href"), null);
    assert.equal(await page.getAttribute("#bad-link", "onclick"), null);
    assert.equal(await page.locator("script#bad-script").count(), 0);
    await page.locator(".dashbase-unknown", { hasText: "html.Script is not rendered" }).waitFor();
    await page.locator("#md h2", { hasText: "Notes" }).waitFor();
    assert.match((await page.textContent("#md")) ?? "", /<script>window.pwned = 1<\/script>/);
    assert.equal(await page.locator("#md script").count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.deepEqual(await page.locator("#md a").evaluateAll((links) => links.map((a) => a.getAttribute("href"))), ["/second"]);
    assert.equal(await page.locator("#md strong").textContent(), "bold");
  });

  it("draws every html factory's element as its own tag, and refuses html.Style and html.Iframe", async () => {
    const drawn = await page
      .locator("#every-element > *")
      .evaluateAll((elements) => elements.map((element) => `${element.id}=${element.tagName.toLowerCase()}`));
    assert.deepEqual(
      drawn,
      htmlTags.map((tag) => `el-${tag.toLowerCase()}=${tag.toLowerCase()}`),
    );
    assert.equal(await page.locator("#el-strong").textContent(), "Strong text");
    assert.equal(await page.locator("#el-br").textContent(), "", "void elements take no children");
    assert.equal(await page.getAttribute("#when", "datetime"), "2024-05-01");
    assert.deepEqual(
      await page.locator("#gauge").evaluate((meter) => ["value", "low", "high", "optimum"].map((name) => meter.getAttribute(name))),
      ["0.6", "0.2", "0.8", "1"],
    );
    await page.locator(".dashbase-unknown", { hasText: "html.Style is not rendered" }).waitFor();
    await page.locator(".dashbase-unknown", { hasText: "html.Iframe is not rendered" }).waitFor();
    assert.equal(await page.locator("style#bad-style, iframe").count(), 0);
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).display), "none");
  });

  it("sorts, filters and pages a client-side DataTable", async () => {
    const table = page.locator("#cities");
    await table.locator("tbody tr").first().waitFor();
    assert.equal(await table.locator("tbody tr").count(), 10);
    assert.match((await table.locator(".dashbase-pager-status").textContent()) ?? "", /Page 1 of 3/);
    await table.getByRole("button", { name: "Next" }).click();
    assert.equal(await table.locator("tbody tr td").first().textContent(), "City 11");
    await table.getByRole("button", { name: /People/ }).click();
    await table.getByRole("button", { name: /People/ }).click();
    assert.equal(await table.locator("th").nth(1).getAttribute("aria-sort"), "descending");
    assert.equal(await table.locator("tbody tr td").nth(1).textContent(), String(Math.max(...rows.map((row) => row.people))));
    await table.getByLabel("Filter City").fill("City 2");
    await table.locator(".dashbase-pager-status", { hasText: "6 rows" }).waitFor();
  });

  it("navigates with dcc.Link without a full page load, and follows the back button", async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "still here";
    });
    await page.click("#to-second");
    await page.locator("h1", { hasText: "Second page" }).waitFor();
    assert.equal(await page.title(), "Second");
    assert.equal(new URL(page.url()).pathname, "/second");
    await page.goBack();
    await page.locator("h1", { hasText: "Renderer" }).waitFor();
    assert.equal(await page.title(), "Renderer");
    await page.locator("#shout", { hasText: "HELLO, STRANGER" }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "still here");
  });

  it("logs nothing to the console but the failure the test provoked", () => {
    assert.deepEqual(consoleWatch.unexpected(/status of 500/), []);
  });
});
