/**
 * @module
 * The dcc components the comparison with Dash (docs/comparison.md) counts, driven in Chromium
 * where no other browser test drives them: a Checklist, RadioItems, Slider, RangeSlider,
 * DatePickerSingle, DatePickerRange, Textarea and Tabs each fire their callback with the new
 * value; an Interval counts to its `max_intervals` and stops; a ConfirmDialog opened by a
 * callback reports OK; a Tooltip shows on hover; a Download saves what a callback sets; a click on
 * a Graph's bar reaches a callback as `clickData`; a local
 * Store and a local- and a session-persisted Input keep their values across a reload; the layout blocks draw.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { dcc, html } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeCallback, type FakeCallbackRequest, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

function inputValue(call: FakeCallbackRequest): unknown {
  const input = call.inputs[0];
  return Array.isArray(input) ? undefined : input?.value;
}

/** A callback writing `JSON.stringify` of `id.property` into `echo-<id>`. */
function echo(id: string, property: string, preventInitialCall = true): FakeCallback {
  return {
    id: `echo-${id}`,
    outputs: [{ id: `echo-${id}`, property: "children" }],
    inputs: [{ id, property }],
    preventInitialCall,
    handle: (call) => ({ body: { response: { [`echo-${id}`]: { children: JSON.stringify(inputValue(call) ?? null) } } } }),
  };
}

describe("core dcc components in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  const echoed = (id: string) => page.locator(`#echo-${id}`);

  before(async () => {
    await ensureClientBuilt();
    const echoes = ["cl", "ri", "sl", "rs", "dp", "dr", "ta", "tabs", "iv", "cd", "st", "chart"].map((id) => html.P({ id: `echo-${id}` }));
    const layout = html.Div([
      dcc.Checklist({ id: "cl", options: ["a", "b"], value: ["a"] }),
      dcc.RadioItems({ id: "ri", options: ["a", "b"], value: "a" }),
      dcc.Slider({ id: "sl", min: 0, max: 10, step: 1, value: 2 }),
      dcc.RangeSlider({ id: "rs", min: 0, max: 10, step: 1, value: [2, 8] }),
      dcc.DatePickerSingle({ id: "dp" }),
      dcc.DatePickerRange({ id: "dr" }),
      dcc.Textarea({ id: "ta", value: "" }),
      dcc.Tabs(
        [
          dcc.Tab([html.P("first panel")], { label: "One", value: "one" }),
          dcc.Tab([html.P("second panel")], { label: "Two", value: "two" }),
        ],
        { id: "tabs", value: "one" },
      ),
      dcc.Interval({ id: "iv", interval: 30, max_intervals: 3 }),
      html.Button("Ask", { id: "ask" }),
      dcc.ConfirmDialog({ id: "cd", message: "Really?" }),
      dcc.Tooltip([html.Span("hover me", { id: "tip-target" })], { label: "A helpful tip" }),
      html.Button("Get file", { id: "get-file" }),
      dcc.Download({ id: "dl" }),
      html.Button("Keep", { id: "keep" }),
      dcc.Store({ id: "st", storage_type: "local" }),
      dcc.Input({ id: "kept", persistence: "local" }),
      dcc.Input({ id: "kept-in-tab", persistence: "session" }),
      dcc.Grid([dcc.Card([html.P("card body")], { title: "A card" }), dcc.Alert("Heads up", { color: "warning" })], { columns: 2 }),
      dcc.Badge({ children: "new" }),
      dcc.Graph({ id: "chart", figure: { data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { width: 400, height: 300 } } }),
      dcc.Progress({ value: 40, max: 100, label: "40%" }),
      ...echoes,
    ]);
    server = await startFakeServer({
      pages: { "/": { title: "Core", layout } },
      callbacks: [
        echo("cl", "value"),
        echo("ri", "value"),
        echo("sl", "value"),
        echo("rs", "value"),
        echo("dp", "date"),
        echo("dr", "start_date"),
        echo("ta", "value"),
        echo("tabs", "value"),
        echo("iv", "n_intervals"),
        echo("cd", "submit_n_clicks"),
        echo("st", "data", false),
        {
          id: "echo-chart",
          outputs: [{ id: "echo-chart", property: "children" }],
          inputs: [{ id: "chart", property: "clickData" }],
          preventInitialCall: true,
          handle: (call) => {
            const data = inputValue(call) as { points?: Array<{ x?: unknown }> } | null;
            return { body: { response: { "echo-chart": { children: `clicked ${String(data?.points?.[0]?.x)}` } } } };
          },
        },
        {
          id: "ask",
          outputs: [{ id: "cd", property: "displayed" }],
          inputs: [{ id: "ask", property: "n_clicks" }],
          preventInitialCall: true,
          handle: () => ({ body: { response: { cd: { displayed: true } } } }),
        },
        {
          id: "get-file",
          outputs: [{ id: "dl", property: "data" }],
          inputs: [{ id: "get-file", property: "n_clicks" }],
          preventInitialCall: true,
          handle: () => ({
            body: { response: { dl: { data: { content: "a,b\r\n1,2\r\n", filename: "numbers.csv", type: "text/csv" } } } },
          }),
        },
        {
          id: "keep",
          outputs: [{ id: "st", property: "data" }],
          inputs: [{ id: "keep", property: "n_clicks" }],
          preventInitialCall: true,
          handle: () => ({ body: { response: { st: { data: { kept: 42 } } } } }),
        },
      ],
    });
    browser = await launchBrowser();
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("fires each input's callback with the value the user chose", async () => {
    await page.getByRole("checkbox", { name: "b" }).check();
    await echoed("cl").filter({ hasText: '["a","b"]' }).waitFor();
    await page.getByRole("radio", { name: "b" }).check();
    await echoed("ri").filter({ hasText: '"b"' }).waitFor();
    await page.locator("#sl input[type=range]").fill("7");
    await echoed("sl").filter({ hasText: "7" }).waitFor();
    await page.locator("#rs input[type=range]").first().fill("4");
    await echoed("rs").filter({ hasText: "[4,8]" }).waitFor();
    await page.locator("#dp input[type=date]").fill("2024-03-05");
    await echoed("dp").filter({ hasText: '"2024-03-05"' }).waitFor();
    await page.locator("#dr input[type=date]").first().fill("2024-01-02");
    await echoed("dr").filter({ hasText: '"2024-01-02"' }).waitFor();
    await page.locator("#ta").fill("two\nlines");
    await echoed("ta").filter({ hasText: '"two\\nlines"' }).waitFor();
  });

  it("switches tabs, showing the chosen panel and reporting its value", async () => {
    assert.equal(await page.getByText("first panel").isVisible(), true);
    await page.getByRole("tab", { name: "Two" }).click();
    await echoed("tabs").filter({ hasText: '"two"' }).waitFor();
    await page.getByText("second panel").waitFor();
    assert.equal(await page.getByRole("tab", { name: "Two" }).getAttribute("aria-selected"), "true");
  });

  it("counts intervals up to max_intervals and stops there", async () => {
    await echoed("iv").filter({ hasText: /^3$/ }).waitFor();
    await page.waitForTimeout(200); // several intervals' worth: the count must not move past the max
    assert.equal(await echoed("iv").innerText(), "3");
  });

  it("asks through a ConfirmDialog a callback opened, and reports OK", async () => {
    await page.getByRole("button", { name: "Ask" }).click();
    const dialog = page.getByRole("dialog", { name: "Really?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "OK" }).click();
    await echoed("cd").filter({ hasText: "1" }).waitFor();
  });

  it("shows a tooltip while the pointer is over its children", async () => {
    const tip = page.getByRole("tooltip");
    assert.equal(await tip.isVisible(), false);
    await page.locator("#tip-target").hover();
    await tip.filter({ hasText: "A helpful tip" }).waitFor();
  });

  it("saves what a callback puts in a Download as a file", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Get file" }).click()]);
    assert.equal(download.suggestedFilename(), "numbers.csv");
  });

  it("passes a click on a graph's bar to a callback as clickData", async () => {
    await page.locator("#chart .point path").nth(1).waitFor();
    await page.locator("#chart .point path").nth(1).click({ force: true });
    await echoed("chart").filter({ hasText: "clicked b" }).waitFor();
  });

  it("draws the layout blocks", async () => {
    await page.getByText("A card").waitFor();
    await page.getByText("card body").waitFor();
    await page.getByText("Heads up").waitFor();
    await page.getByText("new", { exact: true }).waitFor();
    assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "40");
  });

  it("keeps a local Store's data and local- and session-persisted Inputs' values across a reload", async () => {
    await page.getByRole("button", { name: "Keep" }).click();
    await echoed("st").filter({ hasText: '{"kept":42}' }).waitFor();
    await page.locator("#kept").fill("still here");
    await page.locator("#kept-in-tab").fill("this tab only");
    await page.waitForFunction(() => Object.values(localStorage).some((value) => value.includes("still here")));
    await page.waitForFunction(() => Object.values(sessionStorage).some((value) => value.includes("this tab only")));
    await page.reload();
    await echoed("st").filter({ hasText: '{"kept":42}' }).waitFor();
    assert.equal(await page.locator("#kept").inputValue(), "still here");
    assert.equal(await page.locator("#kept-in-tab").inputValue(), "this tab only");
    assert.deepEqual(consoleWatch.unexpected(), []);
  });
});
