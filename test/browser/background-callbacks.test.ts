/**
 * Background callbacks in Chromium, on the apps as `dashbase start` runs them (fresh embedded
 * databases). The word-count example: every value the `progress` element takes arrives in
 * order and ends at its max, the running props hold while the job runs and are restored after,
 * and Cancel during a slow fetch stops the job (the fetch is aborted, nothing is saved, the
 * running props come back at once). The flagship's Data page: a CSV upload of a few thousand rows
 * shows its progress and ends with the imported message, and Cancel during a large upload leaves
 * nothing imported. Every wait is generous and bounded; nothing asserts on timing.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { spawnDashbaseStart, type AppProcess } from "../support/spawn-app.js";

const skip = browserSkipReason();
const wait = { timeout: 60_000 };

function startApp(appFile: string, dataDir: string, args: string[]): Promise<AppProcess> {
  return spawnDashbaseStart(appFile, args, { DASHBASE_ENV: "development", DASHBASE_DATA_DIR: dataDir, DATABASE_URL: "" });
}

type Recorded = Record<string, string | null>;

/**
 * Records, in the page, every value the listed attributes of each element take (the current
 * ones first), for `recorded(page, id)` to read back.
 */
async function recordAttributes(page: Page, watched: Record<string, string[]>): Promise<void> {
  // In development the renderer starts once the dev tools' chunk has loaded: wait for the elements.
  for (const id of Object.keys(watched)) await page.locator(`#${id}`).waitFor({ state: "attached", ...wait });
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  await page.evaluate(`(() => {
    const watched = ${JSON.stringify(watched)};
    const records = (window.recorded = {});
    for (const [id, names] of Object.entries(watched)) {
      const element = document.getElementById(id);
      const snapshot = () => Object.fromEntries(names.map((name) => [name, element.getAttribute(name)]));
      records[id] = [snapshot()];
      new MutationObserver(() => records[id].push(snapshot())).observe(element, { attributes: true, attributeFilter: names });
    }
  })()`);
}

function recorded(page: Page, id: string): Promise<Recorded[]> {
  return page.evaluate((id) => (window as unknown as { recorded: Record<string, Recorded[]> }).recorded[id] ?? [], id);
}

/** Whether a boolean attribute was set, at each change of it (repeats of the same state dropped). */
async function states(page: Page, id: string, attribute: string): Promise<boolean[]> {
  const all = (await recorded(page, id)).map((entry) => entry[attribute] !== null);
  return all.filter((state, i) => i === 0 || state !== all[i - 1]);
}

/** Asserts the recorded [value, max] pairs of a progress element never go back and end at the max. */
function assertProgressInOrder(values: Recorded[], expectedMax?: number): void {
  const pairs = values.map((entry) => [Number(entry["value"] ?? 0), Number(entry["max"] ?? 1)] as const);
  const shown = JSON.stringify(pairs);
  assert.ok(pairs.length >= 3, `the progress element took several values: ${shown}`);
  for (let i = 1; i < pairs.length; i += 1) assert.ok(pairs[i]![0] >= pairs[i - 1]![0], `progress went back: ${shown}`);
  const [value, max] = pairs.at(-1)!;
  assert.equal(value, max, `progress ends at its max: ${shown}`);
  if (expectedMax !== undefined) assert.equal(max, expectedMax, shown);
}

/** A local server whose /slow.txt sends its headers and then nothing; resolves `requested` when asked and `closed` when the client goes. */
async function startSlowServer() {
  let onRequest!: () => void;
  let onClose!: () => void;
  const requested = new Promise<void>((resolve) => (onRequest = resolve));
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const server = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    response.write("words that never end ");
    response.once("close", onClose);
    onRequest();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.txt`,
    requested,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function bounded<T>(promise: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms))),
  ]);
}

describe("background callbacks in the browser", { skip }, () => {
  let browser: Browser;
  let dataDir: string;

  before(async () => {
    await ensureClientBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-background-"));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe("the word-count example", () => {
    let app: AppProcess;
    let page: Page;
    let console: ReturnType<typeof watchConsole>;

    before(async () => {
      app = await startApp("examples/word-count/app.ts", path.join(dataDir, "word-count"), ["--migrate"]);
      page = await browser.newPage();
      console = watchConsole(page);
    });
    after(async () => {
      await page?.close();
      await app?.kill();
    });

    it("shows every progress value in order, ending at the max, and the running props while the job runs", async () => {
      await page.goto(app.url);
      await recordAttributes(page, { progress: ["value", "max"], count: ["disabled"], cancel: ["disabled"] });
      // About 680 KB, under the request's 1 MB: eleven 64 KiB steps.
      const text = "The quick brown fox jumps over the lazy dog. ".repeat(15_000);
      await page.getByRole("textbox", { name: "Address of the text" }).fill("https://example.org/fox");
      await page.getByRole("textbox", { name: "Text", exact: true }).fill(text);
      await page.getByRole("button", { name: "Count words" }).click();
      await page.locator("#status", { hasText: /^Result #\d+: 8 different words/ }).waitFor(wait);

      assertProgressInOrder(await recorded(page, "progress"), text.length);
      assert.deepEqual(
        await states(page, "count", "disabled"),
        [false, true, false],
        "Count is disabled while the job runs, then enabled again",
      );
      assert.deepEqual(
        await states(page, "cancel", "disabled"),
        [true, false, true],
        "Cancel is enabled while the job runs, then disabled again",
      );
      await page.locator("#results tbody tr", { hasText: "https://example.org/fox" }).waitFor(wait);
      assert.deepEqual(console.unexpected(), []);
    });

    it("stops the job on Cancel: the fetch is aborted, the running props come back at once, nothing is saved", async () => {
      const slow = await startSlowServer();
      try {
        await page.goto(app.url);
        await page.getByRole("textbox", { name: "Address of the text" }).fill(slow.url);
        await page.getByRole("button", { name: "Count words" }).click();
        await bounded(slow.requested, "the job's fetch of the slow address");
        assert.equal(await page.getByRole("button", { name: "Count words" }).isDisabled(), true);
        assert.equal(await page.locator("#status").innerText(), "Counting...");
        await page.getByRole("button", { name: "Cancel" }).click();
        // Restored by the page itself, without waiting for the job to end.
        await page.waitForFunction(
          () =>
            !(document.getElementById("count") as HTMLButtonElement).disabled &&
            (document.getElementById("cancel") as HTMLButtonElement).disabled &&
            document.getElementById("status")!.textContent === "",
          undefined,
          wait,
        );
        await bounded(slow.closed, "the job's fetch aborted by Cancel");

        await page.reload();
        await page.locator("#results tbody tr", { hasText: "https://example.org/fox" }).waitFor(wait);
        assert.equal(await page.locator("#results tbody tr", { hasText: slow.url }).count(), 0, "nothing was saved");
        assert.equal(await page.locator("#status").innerText(), "", "no late answer reached the page");
        assert.deepEqual(console.unexpected(), []);
      } finally {
        await slow.close();
      }
    });
  });

  describe("the flagship's Data page", () => {
    let app: AppProcess;
    let page: Page;
    let console: ReturnType<typeof watchConsole>;

    before(async () => {
      app = await startApp("examples/indicators/app.ts", path.join(dataDir, "indicators"), ["--migrate", "--seed"]);
      page = await browser.newPage();
      console = watchConsole(page);
    });
    after(async () => {
      await page?.close();
      await app?.kill();
    });

    /** A CSV of `entities` × `years` rows. */
    function csv(entities: number, years: number): Buffer {
      const rows = ["entity,year,value"];
      for (let e = 1; e <= entities; e += 1) for (let y = 0; y < years; y += 1) rows.push(`Region ${e},${1000 + y},${(e * 7 + y) % 100}.5`);
      return Buffer.from(`${rows.join("\n")}\n`);
    }

    async function upload(name: string, file: Buffer): Promise<void> {
      await page.goto(`${app.url}/data`);
      await page.getByRole("textbox", { name: "Indicator name" }).fill(name);
      await page.locator("#upload input[type=file]").setInputFiles({ name: "rows.csv", mimeType: "text/csv", buffer: file });
    }

    it("shows the progress of a CSV upload of a few thousand rows and ends with the imported message", async () => {
      await page.goto(`${app.url}/data`);
      await recordAttributes(page, { "upload-progress": ["value", "max"], "upload-running": ["hidden"] });
      await page.getByRole("textbox", { name: "Indicator name" }).fill("Many regions");
      await page.locator("#upload input[type=file]").setInputFiles({ name: "rows.csv", mimeType: "text/csv", buffer: csv(30, 100) });
      await page.locator("#upload-imported", { hasText: "Imported 3,000 rows of 30 series from rows.csv" }).waitFor(wait);

      assertProgressInOrder(await recorded(page, "upload-progress"), 3000);
      assert.deepEqual(
        await states(page, "upload-running", "hidden"),
        [true, false, true],
        "the progress and Cancel show while the upload runs, and hide after",
      );
      await page.locator("#uploaded-list", { hasText: "Many regions" }).waitFor(wait);
      assert.deepEqual(console.unexpected(), []);
    });

    it("imports nothing when Cancel is pressed during a large upload", async () => {
      await upload("Cancelled upload", csv(50, 1000));
      await page.locator("#upload-cancel").click(wait);
      await page.locator("#upload-running").waitFor({ state: "hidden", ...wait });
      assert.equal(await page.locator("#upload-result").innerText(), "", "the running props are restored, no answer shown");

      // The same file again, to the end: the first upload's rows did not stay behind.
      await page.reload();
      assert.equal(await page.locator("#uploaded-list", { hasText: "Cancelled upload" }).count(), 0, "nothing was imported");
      await upload("Cancelled upload", csv(50, 1000));
      await page.locator("#upload-imported", { hasText: "Imported 50,000 rows of 50 series" }).waitFor({ timeout: 120_000 });
      assert.deepEqual(console.unexpected(), []);
    });
  });
});
