/**
 * `dashbase dev app.ts` as a user runs it: serves the app, restarts it when a file changes,
 * and stops cleanly on SIGTERM. The app imports "dashbase" the way a user's project does.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, it } from "node:test";
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

async function waitForTitle(url: string, wanted: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  while (Date.now() < deadline) {
    seen = await titleAt(url);
    if (seen === wanted) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`expected the page title "${wanted}" within ${timeoutMs} ms, last saw ${seen ?? "no answer"}`);
}

it("serves the app, restarts it when the app file changes, and stops on SIGTERM", async () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "app.ts"), appSource("First version"));
  const port = await freePort();
  const dev = spawn(process.execPath, [path.join(root, "bin", "dashbase.js"), "dev", "app.ts", "--port", String(port), "--host", "127.0.0.1"], {
    cwd: folder,
    env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: ":memory:", SESSION_SECRET: "d".repeat(40), DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  dev.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  dev.stderr.on("data", (chunk: Buffer) => { output += chunk.toString(); });
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

it("refuses to start in production with pending revisions and names them; --migrate applies them and serves", async () => {
  const dataDir = path.join(folder, "prod-data");
  const revisions = fs.readdirSync(path.join(root, "examples", "minimal", "migrations")).filter((name) => !name.startsWith("."));
  const env = { ...process.env, DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: dataDir, SESSION_SECRET: "p".repeat(40), DATABASE_URL: "" };
  const bin = path.join(root, "bin", "dashbase.js");
  const refused = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, "start", "examples/minimal/app.ts", "--port", "0"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.once("exit", (code) => resolve({ code, output }));
  });
  assert.notEqual(refused.code, 0);
  assert.match(refused.output, /DASHBASE_E_PENDING_MIGRATIONS/);
  for (const revision of revisions) assert.ok(refused.output.includes(revision.split("_")[0]!), `names ${revision}`);

  const port = await freePort();
  const started = spawn(process.execPath, [bin, "start", "examples/minimal/app.ts", "--migrate", "--port", String(port), "--host", "127.0.0.1"], { cwd: root, env, stdio: "ignore" });
  try {
    await waitForTitle(`http://127.0.0.1:${port}/`, "Notes", 30_000);
  } finally {
    const exited = new Promise((resolve) => started.once("exit", resolve));
    started.kill("SIGTERM");
    await exited;
  }
});
