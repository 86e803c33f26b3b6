/**
 * @module
 * A newcomer's first minutes with the indicators example, in Chromium, against the app as
 * `npm start` runs it (`dashbase start examples/indicators/app.ts --migrate --seed` on a fresh
 * embedded database): explore an indicator, save the view under a name, find it in History and
 * delete it there (no reload), reload and find the last view restored, upload a CSV with one bad row and read the error,
 * upload a good one and chart it, see an upload named with markup shown as text in the chart, and
 * delete it under "Your uploads" (no reload). Screenshots of each page go to test-artifacts/ (and to
 * docs/screenshots/ for the README when UPDATE_SCREENSHOTS=1).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();
// Tests leave tracked files alone: the README's pictures change only when asked to.
const screenshotsDir = path.resolve(process.env["UPDATE_SCREENSHOTS"] === "1" ? "docs/screenshots" : "test-artifacts/indicators");

interface StartedApp {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Runs the CLI exactly as `npm start` does, on a new data directory and a free port. */
function startIndicators(dataDir: string): Promise<StartedApp> {
  const child = spawn(process.execPath, ["bin/dashbase.js", "start", "examples/indicators/app.ts", "--migrate", "--seed"], {
    env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: dataDir, PORT: "0", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /is running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child, output: () => output });
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the indicators app exited with ${code} before listening:\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
}

async function choose(page: Page, combobox: string, text: string): Promise<void> {
  const input = page.getByRole("combobox", { name: combobox });
  await input.click();
  await input.fill(text);
  await page.getByRole("option", { name: text }).first().click();
}

describe("indicators example: a newcomer's walkthrough", { skip }, () => {
  let app: StartedApp;
  let browser: Browser;
  let page: Page;
  let console: ReturnType<typeof watchConsole>;
  let dataDir: string;

  before(async () => {
    await ensureClientBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-indicators-"));
    app = await startIndicators(path.join(dataDir, "db"));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    console = watchConsole(page);
  });

  after(async () => {
    await browser?.close();
    if (app) await stop(app.child);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("applies the revisions and the seed on first start", () => {
    // The example's tables, then dashbase's user tables (the app has optional sign-in).
    assert.match(app.output(), /applied 2 revisions/);
  });

  it("opens on a chart of real data with a summary table", async () => {
    await page.goto(app.url);
    await page.locator("#chart .main-svg").first().waitFor();
    await page.locator("#summary tbody tr").first().waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Population");
    assert.match((await page.locator("#summary").innerText()).replace(/\s+/g, " "), /China .*India/);
    await shoot(page, "explore");
  });

  it("explores another indicator: its series, chart and summary follow", async () => {
    await choose(page, "Indicator", "Life expectancy at birth");
    await page.getByText("First (years)").waitFor();
    await page.locator("#chart .legendtext").first().waitFor();
    await choose(page, "Series", "Chile");
    await page.locator("#summary tbody tr", { hasText: "Chile" }).waitFor();
    await page.locator("#chart .gtitle", { hasText: "Life expectancy at birth" }).waitFor();
    await page.locator("#chart .legendtext", { hasText: "Chile" }).waitFor();
  });

  it("refuses a save without a name, next to the field, then saves and confirms the id", async () => {
    await page.locator("#nav-save").click();
    await page.locator("#save-view").waitFor();
    assert.match(await page.locator("#save-view").innerText(), /^Life expectancy at birth · .* and 2 more · 1955–2005$/);
    await page.getByRole("button", { name: "Save view" }).click();
    await page.locator("#user-name-error", { hasText: "expected your name" }).waitFor();
    await page.getByRole("textbox", { name: "Your name" }).fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save view" }).click();
    await page.locator("#save-confirmation").waitFor();
    assert.match(await page.locator("#save-confirmation").innerText(), /Saved as #\d+/);
    assert.equal(await page.locator("#user-name-error").innerText(), "");
    await shoot(page, "save");
  });

  it("finds the saved view in History, filtered by name on the server", async () => {
    await page.locator("#nav-history").click();
    const row = page.locator("#history tbody tr", { hasText: "Ada Lovelace" });
    await row.waitFor();
    assert.match(await row.innerText(), /Life expectancy at birth/);
    await page.locator("#history .dashbase-filter-input").nth(1).fill("lovelace");
    await page.locator("#history").getByText("1 rows").or(page.locator("#history").getByText("1 row")).first().waitFor();
    assert.equal(await page.locator("#my-saves").count(), 1, "the visitor's own save is offered for deletion");
    await shoot(page, "history");
  });

  it("opens the save in Explore from History without a full page load", async () => {
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "same document";
    });
    await page.getByRole("button", { name: "Open in Explore" }).click();
    await page.locator("#chart .gtitle", { hasText: "Life expectancy at birth" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Life expectancy at birth");
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "same document");
  });

  it("deletes the visitor's save from History: the table and the list follow without a reload", async () => {
    await page.locator("#nav-history").click();
    const row = page.locator("#history tbody tr", { hasText: "Ada Lovelace" });
    await row.waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "before the delete";
    });
    await page.getByRole("button", { name: "Delete" }).click();
    await page.locator("#history-message", { hasText: /Deleted saved view #\d+/ }).waitFor();
    await row.waitFor({ state: "detached" });
    await page.locator("#my-saves-empty").waitFor({ state: "visible" });
    assert.equal(await page.locator("#my-saves-controls").isHidden(), true, "nothing left to open or delete");
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "before the delete", "no reload");
  });

  it("restores the last view after a reload", async () => {
    await page.goto(app.url);
    await page.locator("#chart .main-svg").first().waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Life expectancy at birth");
    assert.match(await page.locator("#entities").innerText(), /Chile/);
  });

  it("shows the indicator of a link opened from elsewhere without changing the remembered view", async () => {
    // A top-level navigation, as a link on another site makes: it loads the page and runs its scripts.
    await page.goto(`${app.url}/?indicator=co2_concentration`);
    await page.locator("#chart .gtitle", { hasText: /CO2|CO₂/ }).waitFor();
    assert.match(
      (await page.locator("#save-link").getAttribute("href")) ?? "",
      /^\/save\?indicator=co2_concentration$/,
      "Save would save the linked view",
    );
    await page.waitForLoadState("networkidle");
    await page.goto(app.url);
    await page.locator("#chart .main-svg").first().waitFor();
    assert.equal(
      await page.getByRole("combobox", { name: "Indicator" }).inputValue(),
      "Life expectancy at birth",
      "the visit changed nothing that was remembered",
    );
  });

  it("rejects a CSV with one bad row, naming the row, and imports nothing", async () => {
    await page.locator("#nav-data").click();
    await page.getByRole("textbox", { name: "Indicator name" }).fill("Forest area");
    await page.getByRole("textbox", { name: "Unit" }).fill("% of land area");
    const bad = "entity,year,value\nNorthland,2000,31.5\nNorthland,2001,31.2\nNorthland,20x1,30.9\n";
    await page
      .locator("#upload input[type=file]")
      .setInputFiles({ name: "forest-bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await page.locator("#upload-problems").waitFor();
    assert.equal(await page.locator("#upload-problems li").innerText(), 'row 4: year: expected an integer, found "20x1"');
    assert.match(await page.locator("#upload-rejected").innerText(), /Nothing was written/);
    await shoot(page, "data-rejected");
  });

  it("imports a good CSV in one transaction and charts it in Explore", async () => {
    const rows = [
      "entity,year,value",
      ...["Northland", "Southland"].flatMap((entity, index) =>
        [2000, 2005, 2010, 2015].map((year) => `${entity},${year},${30 + index * 10 + (year - 2000) / 10}`),
      ),
    ];
    await page
      .locator("#upload input[type=file]")
      .setInputFiles({ name: "forest.csv", mimeType: "text/csv", buffer: Buffer.from(`${rows.join("\n")}\n`) });
    await page.locator("#upload-imported").waitFor();
    assert.match(await page.locator("#upload-imported").innerText(), /Imported 8 rows of 2 series from forest\.csv/);
    await shoot(page, "data-imported");
    await page.locator("#chart-upload").click();
    await page.locator("#summary tbody tr", { hasText: "Southland" }).waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Forest area (uploaded)");
    await page.locator("#chart .gtitle", { hasText: "Forest area" }).waitFor();
    await page.locator("#chart .legendtext", { hasText: "Southland" }).waitFor();
    await shoot(page, "explore-upload");
  });

  it("shows an upload named with markup as text in the chart: no link, no markup", async () => {
    const name = '<a href="https://example.org">x</a>';
    await page.locator("#nav-data").click();
    await page.getByRole("textbox", { name: "Indicator name" }).fill(name);
    await page.getByRole("textbox", { name: "Unit" }).fill("<b>kg</b> &lt;");
    const csv = "entity,year,value\n<i>Northland</i>,2000,1\n<i>Northland</i>,2001,2\nSouth & <br>land,2000,3\nSouth & <br>land,2001,4\n";
    await page.locator("#upload input[type=file]").setInputFiles({ name: "markup.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.locator("#upload-imported").waitFor();
    await page.locator("#chart-upload").click();
    await page.locator("#summary tbody tr", { hasText: "<i>Northland</i>" }).waitFor();
    await page.locator("#chart .legendtext").nth(1).waitFor();
    assert.equal(await page.locator("#chart a").count(), 0, "no link element inside the chart");
    assert.equal(await page.locator("#chart b, #chart i, #chart br").count(), 0, "no markup element inside the chart");
    assert.equal(await page.locator("#chart .gtitle").textContent(), name, "the title shows the name as typed");
    assert.deepEqual((await page.locator("#chart .legendtext").allTextContents()).sort(), ["<i>Northland</i>", "South & <br>land"]);
    assert.equal(await page.locator("#chart .ytitle").textContent(), "<b>kg</b> &lt;", "the unit as typed, its &lt; included");
    await shoot(page, "explore-markup");
  });

  it("deletes the visitor's upload under Your uploads: the lists follow without a reload", async () => {
    await page.locator("#nav-data").click();
    const everyone = page.locator("#uploaded-list");
    await everyone.getByText('<a href="https://example.org">x</a>').waitFor();
    const mine = page.getByRole("combobox", { name: "Your uploaded indicator" });
    assert.equal(await mine.inputValue(), '<a href="https://example.org">x</a> · 2 series, 4 rows', "the newest upload is chosen");
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = "before the delete";
    });
    await page.getByRole("button", { name: "Delete" }).click();
    await page.locator("#uploads-message", { hasText: 'Deleted "<a href="https://example.org">x</a>" and its 4 rows.' }).waitFor();
    await everyone.getByText('<a href="https://example.org">x</a>').waitFor({ state: "detached" });
    assert.equal(await mine.inputValue(), "Forest area · 2 series, 8 rows", "the other upload is chosen next");
    assert.match(await everyone.innerText(), /Forest area/);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), "before the delete", "no reload");
    await page.locator("#uploads-message").scrollIntoViewIfNeeded();
    await shoot(page, "data-uploads");
  });

  it("names the source of every data set on the About page", async () => {
    await page.locator("#nav-about").click();
    await page.locator("#sources").waitFor();
    const text = await page.locator("#sources").innerText();
    for (const source of [
      "Gapminder Foundation",
      "Scripps CO2 Program",
      "U.S. Energy Information Administration",
      "NASA Goddard Institute for Space Studies",
    ]) {
      assert.ok(text.includes(source), `About names ${source}`);
    }
    await shoot(page, "about");
  });

  it("remembers the series the app chose for a newly picked indicator across a reload", async () => {
    await page.locator("#nav-explore").click();
    await page.locator("#chart .main-svg").first().waitFor();
    await choose(page, "Indicator", "Life expectancy at birth");
    await page.locator("#chart .gtitle", { hasText: "Life expectancy at birth" }).waitFor();
    await choose(page, "Series", "Chile");
    await page.locator("#summary tbody tr", { hasText: "Chile" }).waitFor();
    // The indicator callback replaces the series with the new indicator's largest ones.
    await choose(page, "Indicator", "Population");
    await page.locator("#chart .gtitle", { hasText: "Population" }).waitFor();
    await page.locator("#summary tbody tr", { hasText: "Chile" }).waitFor({ state: "detached" });
    const chosen = await page.locator("#entities").innerText();
    await page.reload();
    await page.locator("#chart .main-svg").first().waitFor();
    assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Population");
    assert.equal(await page.locator("#entities").innerText(), chosen);
  });

  it("kept a quiet console throughout", () => {
    assert.deepEqual(console.unexpected(), []);
  });
});
