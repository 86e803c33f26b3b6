/**
 * `dashbase dev app.ts` as a user runs it: serves the app, restarts it when a file changes
 * (saved in place or by rename, as sed -i, vim and JetBrains do), says so truthfully, shows the
 * start-up error on the app's port while the app cannot start, makes an open tab reload by
 * itself, and stops cleanly on SIGTERM. The app imports "dashbase" the way a user's project does.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, it } from "node:test";
import { browserSkipReason, launchBrowser, saveScreenshot } from "../support/browser.js";
import { freePort } from "../support/free-port.js";

const root = path.join(import.meta.dirname, "..", "..");
const folder = path.join(root, "test-artifacts", `dev-app-${process.pid}`);
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const appSource = (title: string): string => `
import { createApp, html } from "dashbase";
const app = createApp({ title: "Dev check" });
app.page("/", { title: ${JSON.stringify(title)}, layout: html.H1(${JSON.stringify(title)}) });
export default app;
`;

async function titleAt(url: string): Promise<string | undefined> {
  try {
    const html = await (await fetch(url)).text();
    return /<title>([^<]*)<\/title>/.exec(html)?.[1];
  } catch {
    return undefined;
  }
}

/** Polls `check` every 200 ms until it returns true, failing with `describe()` after `timeoutMs`. */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(describe());
}

interface DevRun {
  readonly dev: ChildProcess;
  readonly url: string;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `dashbase dev app.ts` in `dir`, on a free port. */
async function startDev(dir: string): Promise<DevRun> {
  const port = await freePort();
  const dev = spawn(
    process.execPath,
    [path.join(root, "bin", "dashbase.js"), "dev", "app.ts", "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: dir,
      env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: ":memory:", SESSION_SECRET: "d".repeat(40), DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  dev.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  dev.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    dev,
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    stop: async () => {
      if (dev.exitCode !== null) return dev.exitCode;
      const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
      dev.kill("SIGTERM");
      return exited;
    },
  };
}

/** Replaces `file` the way sed -i, vim and JetBrains save: a new file renamed over the old one. */
function saveByRename(file: string, text: string): void {
  const temporary = `${file}.saving-${process.pid}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

async function waitForTitle(url: string, wanted: string, timeoutMs: number, output?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  while (Date.now() < deadline) {
    seen = await titleAt(url);
    if (seen === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(
    `expected the page title "${wanted}" within ${timeoutMs} ms, last saw ${seen ?? "no answer"}${output === undefined ? "" : `; output:\n${output().slice(-6000)}`}`,
  );
}

it("serves the app, restarts it when the app file changes, and stops on SIGTERM", async () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "app.ts"), appSource("First version"));
  const port = await freePort();
  const dev = spawn(
    process.execPath,
    [path.join(root, "bin", "dashbase.js"), "dev", "app.ts", "--port", String(port), "--host", "127.0.0.1"],
    {
      cwd: folder,
      env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: ":memory:", SESSION_SECRET: "d".repeat(40), DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  dev.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  dev.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForTitle(url, "First version", 30_000);
    fs.writeFileSync(path.join(folder, "app.ts"), appSource("Second version"));
    await waitForTitle(url, "Second version", 30_000);
    assert.match(output, /app\.ts changed, restarting/);
  } finally {
    const exited = new Promise<number | null>((resolve) => dev.once("exit", (code) => resolve(code)));
    dev.kill("SIGTERM");
    assert.equal(await exited, 0, `dev exits cleanly; output:\n${output}`);
  }
  assert.equal(await titleAt(url), undefined, "the app it ran is stopped too");
});

it("survives 20 alternating saves by rename and in place, each serving the new title, and reports restarts as restarts", async () => {
  const dir = path.join(folder, "saves");
  fs.mkdirSync(dir, { recursive: true });
  const appFile = path.join(dir, "app.ts");
  fs.writeFileSync(appFile, appSource("Save 0"));
  const run = await startDev(dir);
  try {
    await waitForTitle(run.url, "Save 0", 60_000, run.output);
    for (let save = 1; save <= 20; save++) {
      const title = `Save ${save}`;
      if (save % 2 === 1) saveByRename(appFile, appSource(title));
      else fs.writeFileSync(appFile, appSource(title));
      await waitForTitle(run.url, title, 60_000).catch((error: Error) =>
        assert.fail(`${error.message}; output:\n${run.output().slice(-6000)}`),
      );
    }
    // The last restart's report may trail its first answer by a moment.
    await waitUntil(
      async () => (run.output().match(/restarted in \d+ ms/g) ?? []).length >= 20,
      30_000,
      () => `20 restarts reported; output:\n${run.output()}`,
    );
    assert.doesNotMatch(run.output(), /exited with code 0/);
    assert.doesNotMatch(run.output(), /saving-\d+ changed/, "an editor's temporary file is not named as a change");
    // A new file and a deleted one restart the app too, and a save after them still lands.
    const extra = path.join(dir, "extra.ts");
    fs.writeFileSync(extra, "export const extra = 1;\n");
    await waitUntil(
      async () => /restarted in \d+ ms at \S+ \(extra\.ts changed\)/.test(run.output()),
      60_000,
      () => `a new file restarts; output:\n${run.output()}`,
    );
    fs.rmSync(extra);
    await waitUntil(
      async () => (run.output().match(/\(extra\.ts changed\)/g) ?? []).length >= 2,
      60_000,
      () => `a deleted file restarts; output:\n${run.output()}`,
    );
    saveByRename(appFile, appSource("Save 21"));
    await waitForTitle(run.url, "Save 21", 60_000, run.output);
    // Development logs are readable: one line per request.
    assert.match(run.output(), /INFO.*: GET \/ 200 [\d.]+ ms/);
    assert.doesNotMatch(run.output(), /incoming request|request completed/);
    const times = [...run.output().matchAll(/restarted in (\d+) ms/g)].map((match) => Number(match[1]));
    console.log(`restart times (ms): ${times.join(", ")}`);
  } finally {
    assert.equal(await run.stop(), 0, `dev exits cleanly; output:\n${run.output()}`);
  }
  assert.equal(await titleAt(run.url), undefined, "the app it ran is stopped too");
});

it(
  "an open tab reloads itself after a save, shows a start-up error, and comes back after the fix",
  { skip: browserSkipReason() },
  async () => {
    const dir = path.join(folder, "browser");
    fs.mkdirSync(dir, { recursive: true });
    const appFile = path.join(dir, "app.ts");
    fs.writeFileSync(appFile, appSource("Before"));
    const run = await startDev(dir);
    const browser = await launchBrowser();
    try {
      await waitForTitle(run.url, "Before", 60_000, run.output);
      const page = await browser.newPage();
      await page.goto(run.url);
      await waitUntil(
        async () => (await page.title()) === "Before",
        30_000,
        () => "the page shows Before",
      );

      saveByRename(appFile, appSource("After"));
      await waitUntil(
        async () => (await page.title().catch(() => "")) === "After",
        60_000,
        () => `the open tab reloads by itself to "After"; output:\n${run.output()}`,
      );

      fs.writeFileSync(appFile, `${appSource("Broken")}\nthis is not TypeScript(\n`);
      await waitUntil(
        async () =>
          (
            (await page
              .locator("#dashbase-dev-error")
              .textContent({ timeout: 1000 })
              .catch(() => null)) ?? ""
          ).includes("app.ts"),
        60_000,
        () => `the tab shows the start-up error; output:\n${run.output()}`,
      );
      const shown = (await page.locator("#dashbase-dev-error").textContent()) ?? "";
      assert.match(shown, /Expected|SyntaxError|ERROR/, `the error text is shown: ${shown}`);
      assert.match(run.output(), /exited with code 1 before it listened; waiting for a change to restart/);
      await saveScreenshot(page, "dev-error-page");

      saveByRename(appFile, appSource("Fixed"));
      await waitUntil(
        async () => (await page.title().catch(() => "")) === "Fixed",
        60_000,
        () => `the tab comes back to "Fixed" by itself; output:\n${run.output()}`,
      );
    } finally {
      await browser.close();
      assert.equal(await run.stop(), 0, `dev exits cleanly; output:\n${run.output()}`);
    }
  },
);

it("refuses to start in production with pending revisions and names them; --migrate applies them and serves", async () => {
  const dataDir = path.join(folder, "prod-data");
  const revisions = fs.readdirSync(path.join(root, "examples", "minimal", "migrations")).filter((name) => !name.startsWith("."));
  const env = {
    ...process.env,
    DASHBASE_ENV: "production",
    DASHBASE_DATABASE: "embedded",
    DASHBASE_DATA_DIR: dataDir,
    SESSION_SECRET: "p".repeat(40),
    DATABASE_URL: "",
  };
  const bin = path.join(root, "bin", "dashbase.js");
  const refused = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, "start", "examples/minimal/app.ts", "--port", "0"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => resolve({ code, output }));
  });
  assert.notEqual(refused.code, 0);
  assert.match(refused.output, /DASHBASE_E_PENDING_MIGRATIONS/);
  for (const revision of revisions) assert.ok(refused.output.includes(revision.split("_")[0]!), `names ${revision}`);

  const port = await freePort();
  const started = spawn(
    process.execPath,
    [bin, "start", "examples/minimal/app.ts", "--migrate", "--port", String(port), "--host", "127.0.0.1"],
    { cwd: root, env, stdio: "ignore" },
  );
  try {
    await waitForTitle(`http://127.0.0.1:${port}/`, "Notes", 30_000);
    // Production has no dev channel: no route, nothing about it in the page.
    const events = await fetch(`http://127.0.0.1:${port}/_dashbase/dev/events`);
    assert.doesNotMatch(events.headers.get("content-type") ?? "", /event-stream/);
    await events.body?.cancel();
    assert.doesNotMatch(await (await fetch(`http://127.0.0.1:${port}/`)).text(), /_dashbase\/dev/);
  } finally {
    const exited = new Promise((resolve) => started.once("exit", resolve));
    started.kill("SIGTERM");
    await exited;
  }
});
