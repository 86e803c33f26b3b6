/**
 * Push latency: from `publish` on the server to the callback output it fires being visible in a
 * browser (Chromium), p50 and p99, against a bare Server-Sent Events round trip on node:http in
 * the same run (a write on the stream to the text in the page). The dashbase path does all a live
 * page does: store the message, notify, read it once per process, write it on the tab's stream,
 * fire the Topic input's callback (a POST with cookie and CSRF), and render its output.
 *
 *   npx tsx bench/push.bench.ts                          # PGlite
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/push.bench.ts   # also PostgreSQL (LISTEN/NOTIFY)
 *
 * Bounded: BENCH_PUSH_N round trips per side (default 100), one at a time.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium, type Page } from "playwright-core";
import { createApp, html, Output, Topic } from "dashbase";
import { loadSettings } from "dashbase/config";

const rounds = Number(process.env["BENCH_PUSH_N"] ?? 100);
const root = path.resolve(import.meta.dirname, "..");
const chromiumPath = "/usr/bin/chromium";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Watches `#out` in the page and calls back into node when its text changes. */
async function watchOutput(page: Page): Promise<{ next(expected: string): Promise<void> }> {
  const waiting = new Map<string, () => void>();
  await page.exposeFunction("benchSeen", (text: string) => waiting.get(text)?.());
  await page.evaluate(() => {
    const target = document.getElementById("out")!;
    new MutationObserver(() => void (window as unknown as { benchSeen(text: string): void }).benchSeen(target.textContent ?? "")).observe(
      target,
      { childList: true, characterData: true, subtree: true },
    );
  });
  return { next: (expected) => new Promise((resolve) => waiting.set(expected, resolve)) };
}

async function measure(page: Page, send: (n: number) => Promise<void>): Promise<number[]> {
  const output = await watchOutput(page);
  const times: number[] = [];
  for (let n = 1; n <= rounds + 5; n += 1) {
    const seen = output.next(String(n));
    const started = performance.now();
    await send(n);
    await seen;
    if (n > 5) times.push(performance.now() - started); // the first few warm up
  }
  return times;
}

/** The baseline: a bare SSE stream on node:http; the page writes each event's data into #out. */
async function baseline(page: Page): Promise<number[]> {
  const streams = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    if (request.url === "/events") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      response.write("retry: 1000\n\n");
      streams.add(response);
      request.on("close", () => streams.delete(response));
      return;
    }
    response.writeHead(200, { "content-type": "text/html" });
    response.end(
      `<!doctype html><div id="out"></div><script>new EventSource("/events").onmessage = (e) => { document.getElementById("out").textContent = e.data; };</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await page.goto(`http://127.0.0.1:${port}/`);
  while (streams.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const times = await measure(page, async (n) => {
    for (const response of streams) response.write(`data: ${n}\n\n`);
  });
  for (const response of streams) response.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return times;
}

async function dashbase(page: Page, databaseUrl: string | undefined): Promise<number[]> {
  const app = createApp({ title: "Push bench", server: { clientDir: path.join(root, "dist", "client"), logger: false } });
  app.page("/", { title: "Push", layout: () => html.Div({ id: "out" }) });
  app.callback([Output("out", "children")], [Topic<{ n: number }>("bench")], ([payload]) => [String(payload?.n ?? "")], {
    preventInitialCall: true,
  });
  const settings = loadSettings({
    env: {
      DASHBASE_ENV: "test",
      SESSION_SECRET: "s".repeat(40),
      ...(databaseUrl === undefined ? { DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" } : { DATABASE_URL: databaseUrl }),
    },
  });
  const server = await app.createServer({ settings });
  const url = await server.fastify.listen({ port: 0, host: "127.0.0.1" });
  const hub = server.services.push!;
  try {
    await page.goto(url);
    while (hub.streamCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await page.waitForTimeout(200); // the stream's replay finishes before the first publish
    return await measure(page, (n) => hub.publish("bench", { n }));
  } finally {
    await server.close();
  }
}

function report(label: string, measured: number[], bare: number[]): void {
  const p50 = percentile(measured, 50);
  const p99 = percentile(measured, 99);
  const b50 = percentile(bare, 50);
  const b99 = percentile(bare, 99);
  console.log(
    `${label.padEnd(10)} | dashbase p50 ${p50.toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms | bare SSE p50 ${b50.toFixed(1).padStart(5)} ms  p99 ${b99.toFixed(1).padStart(5)} ms | p50 ratio ${(p50 / b50).toFixed(1)}x`,
  );
}

if (!fs.existsSync(chromiumPath)) {
  console.log(`push bench skipped: ${chromiumPath} is missing`);
} else {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    console.log(
      `${rounds} round trips each, one at a time: publish -> callback output in the page, vs a bare SSE write -> text in the page`,
    );
    const bare = await baseline(await browser.newPage());
    report("pglite", await dashbase(await browser.newPage(), undefined), bare);
    const databaseUrl = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
    if (databaseUrl !== undefined) report("postgres", await dashbase(await browser.newPage(), databaseUrl), bare);
  } finally {
    await browser.close();
  }
}
