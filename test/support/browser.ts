/**
 * @module
 * Launches Debian's Chromium through playwright-core for the browser tests (never a downloaded
 * browser), and collects what a test needs to look at: console errors and screenshots.
 * Without /usr/bin/chromium the tests skip with a clear reason, except under CI=true, where a
 * missing browser is a failure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Where Debian's Chromium lives. */
export const chromiumPath = "/usr/bin/chromium";

/** Where screenshots go (gitignored). */
export const artifactsDir = path.resolve("test-artifacts");

/**
 * Why the browser tests cannot run here, or undefined when they can. Under CI=true a missing
 * browser throws instead, so CI fails rather than skips.
 *
 * @example
 * describe("navigation", { skip: browserSkipReason() }, () => { ... });
 */
export function browserSkipReason(): string | undefined {
  if (fs.existsSync(chromiumPath)) return undefined;
  const reason = `${chromiumPath} is missing: install Debian's Chromium with "apt-get install -y chromium" to run the browser tests`;
  if (process.env.CI === "true") throw new Error(`browser tests under CI=true: ${reason}`);
  return reason;
}

/** Launches headless Chromium with flags that keep it quiet and off the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Collects console errors and uncaught page errors; `allow` filters expected ones (e.g. a 500 a test provokes). */
export function watchConsole(page: Page): { errors: string[]; unexpected(allow?: RegExp): string[] } {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return {
    errors,
    unexpected: (allow) => errors.filter((error) => allow === undefined || !allow.test(error)),
  };
}

/** Saves a full-page screenshot as test-artifacts/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function newestSourceTime(): number {
  let newest = Math.max(
    fs.statSync(path.resolve("scripts/build-client.mjs")).mtimeMs,
    fs.statSync(path.resolve("scripts/component-views-plugin.mjs")).mtimeMs,
  );
  // the renderer is built from src/client, the components' folders and the protocol's shared pieces
  for (const dir of ["src/client", "src/components", "src/protocol"]) {
    for (const entry of fs.readdirSync(path.resolve(dir), { recursive: true })) {
      newest = Math.max(newest, fs.statSync(path.resolve(dir, String(entry))).mtimeMs);
    }
  }
  return newest;
}

function clientIsFresh(): boolean {
  const manifest = path.resolve("dist/client/manifest.json");
  return fs.existsSync(manifest) && fs.statSync(manifest).mtimeMs >= newestSourceTime();
}

/**
 * Builds dist/client when src/client changed since the last build. Test files run in parallel,
 * so one builds while the others wait on a lock file.
 */
export async function ensureClientBuilt(): Promise<void> {
  const lock = path.resolve("dist/.client-build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 1200; attempt++) {
    if (clientIsFresh()) return;
    let handle: number | undefined;
    try {
      handle = fs.openSync(lock, "wx");
    } catch {
      // someone else is building (or a stale lock from a killed run: give it 2 minutes at most)
      const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 120_000) fs.rmSync(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    try {
      const result = spawnSync(process.execPath, ["scripts/build-client.mjs", "--quiet"], { encoding: "utf8" });
      if (result.status !== 0) throw new Error(`building the client failed:\n${result.stderr}`);
      return;
    } finally {
      fs.closeSync(handle);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error("timed out waiting for another test file to build the client");
}
