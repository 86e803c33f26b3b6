/**
 * History is live: with the indicators example running, browser A's History page shows a view
 * browser B saves, without a reload; and a tab that lost its connection catches up on what was
 * published while it was away. Latencies are reported, not asserted (the machine is shared).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();

function startIndicators(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/dashbase.js", "start", "examples/indicators/app.ts", "--migrate", "--seed"], {
    env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: dataDir, PORT: "0", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /is running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child });
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

/** Saves the default Explore view under `name` in `page` (browser B). */
async function saveView(page: Page, url: string, name: string): Promise<number> {
  await page.goto(`${url}/save`);
  await page.getByRole("textbox", { name: "Your name" }).fill(name);
  await page.getByRole("button", { name: "Save view" }).click();
  await page.locator("#save-confirmation").waitFor();
  return Date.now();
}

describe("live History across browsers", { skip }, () => {
  let app: { url: string; child: ChildProcess };
  let browser: Browser;
  let contextA: BrowserContext;
  let pageA: Page;
  let pageB: Page;
  let dataDir: string;

  before(async () => {
    await ensureClientBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-live-"));
    app = await startIndicators(path.join(dataDir, "db"));
    browser = await launchBrowser();
    contextA = await browser.newContext();
    pageA = await contextA.newPage();
    pageB = await (await browser.newContext()).newPage();
    // B has a view to save: the default Explore view, chart drawn.
    await pageB.goto(app.url);
    await pageB.locator("#chart .main-svg").first().waitFor();
  });

  after(async () => {
    await browser?.close();
    if (app) await stop(app.child);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows browser B's save on browser A's History page without a reload", async (t) => {
    const consoleA = watchConsole(pageA);
    await pageA.goto(`${app.url}/history`);
    await pageA.locator("#history tbody tr").first().waitFor();
    // Reloads would lose this marker: its survival proves the page was updated in place.
    await pageA.evaluate(() => ((window as unknown as { liveMarker: boolean }).liveMarker = true));
    const saved = await saveView(pageB, app.url, "Grace Hopper");
    await pageA.locator("#history tbody tr", { hasText: "Grace Hopper" }).waitFor({ timeout: 5000 });
    t.diagnostic(`browser A showed B's save ${Date.now() - saved} ms after B saw its confirmation`);
    assert.equal(await pageA.evaluate(() => (window as unknown as { liveMarker?: boolean }).liveMarker), true, "no reload happened");
    assert.deepEqual(consoleA.unexpected(), []);
  });

  it("catches up, after its connection came back, on a save made while it was offline", async (t) => {
    if (process.env["PUSH_DEBUG"] === "1") {
      pageA.on("request", (request) => console.log("req", Date.now(), request.url()));
      pageA.on("requestfailed", (request) => console.log("failed", Date.now(), request.url(), request.failure()?.errorText));
      pageA.on("console", (message) => console.log("console", message.text()));
      await pageA.evaluate(() => {
        window.addEventListener("online", () => console.log("online event"));
        window.addEventListener("offline", () => console.log("offline event"));
      });
    }
    await contextA.setOffline(true);
    await saveView(pageB, app.url, "Alan Turing");
    const shownOffline = await pageA.locator("#history tbody tr", { hasText: "Alan Turing" }).count();
    t.diagnostic(`while offline, browser A showed the save: ${shownOffline > 0 ? "yes (the open stream was not cut)" : "no"}`);
    const back = Date.now();
    await contextA.setOffline(false);
    await pageA.locator("#history tbody tr", { hasText: "Alan Turing" }).waitFor({ timeout: 60_000 });
    t.diagnostic(`browser A caught up ${Date.now() - back} ms after going back online`);
  });
});
