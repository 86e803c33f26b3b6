/**
 * A chain of three callbacks run in the browser (`app.clientCallback`) against the same chain on
 * the server (`app.callback`), measured in Chromium as the time from an input's change to the
 * chain's final output on the page, p50 and p90 over many changes, with the ratio. The server
 * runs in this process on the embedded database (its callbacks do not touch it), on loopback, so
 * the server side pays three request/answer round trips with no network delay: a real network
 * adds its round-trip time three times over to the server chain and nothing to the clientside one.
 *
 *   npx tsx bench/clientside.bench.ts       # BENCH_CHANGES=200 for more samples
 */
import type { Page } from "playwright-core";
import { clientside, createApp, dcc, html, Input, Output } from "dashbase";
import { loadSettings } from "dashbase/config";
import { launchBrowser } from "../test/support/browser.js";
import { step1, step2, step3 } from "./clientside/chain.js";

const changes = Number(process.env["BENCH_CHANGES"] ?? 60);
const chain = new URL("./clientside/chain.ts", import.meta.url);

const app = createApp({ title: "Clientside bench" });
app.page("/", {
  layout: html.Div([
    dcc.Input({ id: "cn", type: "number", value: 0 }),
    dcc.Store({ id: "c1" }),
    dcc.Store({ id: "c2" }),
    html.P({ id: "cout" }),
    dcc.Input({ id: "sn", type: "number", value: 0 }),
    dcc.Store({ id: "s1" }),
    dcc.Store({ id: "s2" }),
    html.P({ id: "sout" }),
  ]),
});
const number = (id: string, property: string) => Input<number>(id, property, { initial: 0 });
app.clientCallback([Output<number>("c1", "data")], [number("cn", "value")], clientside(chain, step1));
app.clientCallback([Output<number>("c2", "data")], [number("c1", "data")], clientside(chain, step2));
app.clientCallback([Output<string>("cout", "children")], [number("c2", "data")], clientside(chain, step3));
app.callback([Output<number>("s1", "data")], [number("sn", "value")], step1);
app.callback([Output<number>("s2", "data")], [number("s1", "data")], step2);
app.callback([Output<string>("sout", "children")], [number("s2", "data")], step3);

/** Milliseconds from setting `input` to `output` showing `expected`, measured in the page. */
function timeInPage(page: Page, input: string, output: string, value: number): Promise<number> {
  return page.evaluate(
    ({ input, output, value }) =>
      new Promise<number>((resolve) => {
        const target = document.getElementById(output)!;
        const expected = `done ${(value + 1) * 2}`;
        const observer = new MutationObserver(() => {
          if (target.textContent !== expected) return;
          observer.disconnect();
          resolve(performance.now() - start);
        });
        observer.observe(target, { childList: true, characterData: true, subtree: true });
        const field = document.getElementById(input) as HTMLInputElement;
        const start = performance.now();
        field.value = String(value);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }),
    { input, output, value },
  );
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const settings = loadSettings({
  env: { DASHBASE_ENV: "test", SESSION_SECRET: "b".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
});
const running = await app.listen({ settings, port: 0, host: "127.0.0.1" });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(running.url);
  await page.locator("#cout", { hasText: "done 2" }).waitFor();
  await page.locator("#sout", { hasText: "done 2" }).waitFor();
  const results: Record<"clientside" | "server", number[]> = { clientside: [], server: [] };
  // Warm both paths (the clientside chunk loads on the page's first call, already done), then alternate.
  for (let i = 1; i <= changes + 5; i += 1) {
    const client = await timeInPage(page, "cn", "cout", i);
    const server = await timeInPage(page, "sn", "sout", i);
    if (i > 5) {
      results.clientside.push(client);
      results.server.push(server);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, samples]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return [name, { p50: percentile(sorted, 50), p90: percentile(sorted, 90) }];
    }),
  ) as Record<"clientside" | "server", { p50: number; p90: number }>;
  console.log(`chain of 3 callbacks, input change -> final output in Chromium, ${changes} changes each (loopback, embedded database)`);
  for (const [name, { p50, p90 }] of Object.entries(summary))
    console.log(`  ${name.padEnd(10)} p50 ${p50.toFixed(2)} ms   p90 ${p90.toFixed(2)} ms`);
  console.log(`  ratio server / clientside at p50: ${(summary.server.p50 / summary.clientside.p50).toFixed(1)}x`);
} finally {
  await browser.close();
  await running.close();
}
