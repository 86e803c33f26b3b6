/**
 * @module
 * A query-bound DataTable whose page request fails, in Chromium: the failure shows as the coded
 * notice a failed callback shows, the table keeps the rows it had (a failed fetch is not
 * "No rows"), and the next page, sort or filter change or data_version asks again. The failures
 * are a 503 with a coded body (Playwright answers in the server's place) and the fake server's
 * 404 for a table it does not know.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page, Route } from "playwright-core";
import { browserSkipReason, ensureClientBuilt, launchBrowser, saveScreenshot, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();
const node = (type: string, props: Record<string, unknown>) => ({ type, props });

const cities = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, city: `City ${String(i + 1).padStart(2, "0")}` }));
const columns = [{ id: "city", name: "City" }];

const layout = node("html.Div", {
  children: [
    node("DataTable", { id: "cities", server_side: true, columns, page_size: 5 }),
    node("DataTable", { id: "down", server_side: true, columns, page_size: 5 }),
    node("DataTable", { id: "unknown", server_side: true, columns, page_size: 5 }),
    node("html.Button", { id: "bump", children: "Bump" }),
  ],
});

/** The answer of a process that cannot serve the table right now, as dashbase codes it. */
function unavailable(route: Route): Promise<void> {
  const table = new URL(route.request().url()).pathname.split("/").pop() ?? "";
  return route.fulfill({
    status: 503,
    contentType: "application/json",
    body: JSON.stringify({
      error: { code: "DASHBASE_E_UNAVAILABLE", message: `The table ${table} is not available right now.`, requestId: "req-503" },
    }),
  });
}

describe("a query-bound DataTable whose page request fails", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;
  const notice = (text: string) => page.locator('.dashbase-notice[role="alert"]', { hasText: text });
  const sent: string[] = [];
  /** Page requests the browser sent for a table (answered by the server or by Playwright). */
  const tableRequests = (id: string) => sent.filter((path) => path === `/_dashbase/table/${id}`).length;

  before(async () => {
    await ensureClientBuilt();
    server = await startFakeServer({
      pages: { "/": { title: "Tables", layout } },
      callbacks: [
        {
          id: "bump",
          outputs: [{ id: "down", property: "data_version" }],
          inputs: [{ id: "bump", property: "n_clicks" }],
          preventInitialCall: true,
          handle: (request) => ({ body: { response: { down: { data_version: (request.inputs[0] as { value: unknown }).value } } } }),
        },
      ],
      table(id, body) {
        if (id !== "cities" && id !== "down")
          return { status: 404, body: { error: { code: "DASHBASE_E_NOT_FOUND", message: `No table ${id} here.`, requestId: "req-404" } } };
        const { page: index, pageSize, sortBy } = body as { page: number; pageSize: number; sortBy: Array<{ direction: string }> };
        const sorted = sortBy[0]?.direction === "desc" ? [...cities].reverse() : cities;
        return { body: { rows: sorted.slice(index * pageSize, (index + 1) * pageSize), total: sorted.length } };
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith("/_dashbase/table/")) sent.push(pathname);
    });
    // "down" answers 503 from the start, until the test lets it through
    await page.route("**/_dashbase/table/down", unavailable);
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows a 404 for a table the process does not know as a notice, not as an empty table", async () => {
    await notice("No table unknown here.").waitFor();
    await page.locator("#unknown .dashbase-table-empty", { hasText: "could not be loaded" }).waitFor();
  });

  it("shows the notice and keeps its rows when the next page fails, and asks again on the next click", async () => {
    const table = page.locator("#cities");
    await table.locator("tbody td", { hasText: "City 01" }).waitFor();
    await page.route("**/_dashbase/table/cities", unavailable);
    await table.getByRole("button", { name: "Next" }).click();
    await notice("The table cities is not available right now.").waitFor();
    assert.match((await notice("The table cities").textContent()) ?? "", /Request id: req-503/);
    await page.locator("#cities:not(.is-fetching)").waitFor();
    assert.deepEqual(
      await table.locator("tbody td").allTextContents(),
      ["City 01", "City 02", "City 03", "City 04", "City 05"],
      "the rows it had",
    );
    assert.match(
      (await table.locator(".dashbase-pager-status").textContent()) ?? "",
      /Page 1 of 3 · 12 rows/,
      "the pager tells the page shown",
    );
    await saveScreenshot(page, "table-fetch-failed");

    await page.unroute("**/_dashbase/table/cities");
    const before = tableRequests("cities");
    await table.getByRole("button", { name: "Next" }).click();
    await table.locator("tbody td", { hasText: "City 06" }).waitFor();
    assert.equal(tableRequests("cities") - before, 1, "one request, for the page after the one shown");
    assert.match((await table.locator(".dashbase-pager-status").textContent()) ?? "", /Page 2 of 3/);
  });

  it("tells a table whose first page failed apart from an empty one, and loads it on a sort change and on data_version", async () => {
    const table = page.locator("#down");
    await notice("The table down is not available right now.").first().waitFor();
    await table.locator(".dashbase-table-empty", { hasText: "could not be loaded" }).waitFor();
    assert.equal(await table.locator(".dashbase-table-empty", { hasText: "No rows" }).count(), 0);

    // each sort change asks again (still failing: one more notice each, still not "No rows")
    for (const direction of ["ascending", "descending"]) {
      const requests = tableRequests("down");
      const answered = page.waitForResponse((response) => response.url().endsWith("/_dashbase/table/down"));
      await table.getByRole("button", { name: /City/ }).click();
      await page.locator(`#down th[aria-sort="${direction}"]`).waitFor();
      await answered;
      await page.locator("#down:not(.is-fetching)").waitFor();
      await table.locator(".dashbase-table-empty", { hasText: "could not be loaded" }).waitFor();
      assert.equal(await page.evaluate(() => document.querySelectorAll("#down tbody td").length), 1);
      assert.equal(tableRequests("down") - requests, 1, "asked again, once");
    }

    // data_version asks again, and this time the server answers
    await page.unroute("**/_dashbase/table/down");
    await page.click("#bump");
    await table.locator("tbody td", { hasText: "City 12" }).waitFor();
    assert.equal(await table.locator("tbody td").first().textContent(), "City 12", "the sort asked for is kept");
  });

  it("logs nothing to the console but the failed requests", () => {
    assert.deepEqual(consoleWatch.unexpected(/status of (503|404)/), []);
  });
});
