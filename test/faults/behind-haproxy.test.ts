/**
 * The flagship as three `dashbase start` processes behind Debian's HAProxy (round-robin per
 * request, no stickiness) on one PostgreSQL database: a user in Chromium explores, saves a view,
 * finds it in History (a declared table, paged by whichever process gets the request) and, without
 * a reload, in the History page of a second browser (live History across processes), finds the
 * last view restored after a reload, and uploads a CSV (a background callback: its progress and
 * answer come back over the push channel), while every process serves requests.
 * Then one process is killed (SIGKILL) in the middle of a bounded run of saves over HTTP: every
 * save a client was told about is in the table, and every client's next requests succeed.
 * Under CI=true a missing haproxy, Chromium or TEST_DATABASE_URL fails instead of skipping.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { AppClient, type WireAnswer } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { hasHaproxy, requireHaproxyInCi, startHaproxy, type Haproxy } from "../support/haproxy.js";
import { spawnDashbaseStart, type AppProcess } from "../support/spawn-app.js";
import { flagshipSave } from "../support/flagship-save.js";

requireHaproxyInCi();
const browserSkip = browserSkipReason();
const postgres = backends.find((backend) => backend.name === "postgres");
const skip = !hasHaproxy() ? "no /usr/sbin/haproxy (apt-get install haproxy)" : postgres === undefined ? "needs TEST_DATABASE_URL" : false;
const appFile = path.resolve("examples/indicators/app.ts");

function urlOf(settings: PostgresDatabaseSettings): string {
  return `postgres://${settings.user ?? "postgres"}@${settings.host}:${settings.port}/${settings.database}`;
}

function save(client: AppClient, name: string): Promise<WireAnswer> {
  return client.callback({
    ...flagshipSave(name),
  });
}

async function choose(page: Page, combobox: string, text: string): Promise<void> {
  const input = page.getByRole("combobox", { name: combobox });
  await input.click();
  await input.fill(text);
  await page.getByRole("option", { name: text }).first().click();
}

describe("the flagship as three processes behind HAProxy on one PostgreSQL database", { skip }, () => {
  let databaseUrl: string;
  const apps: AppProcess[] = [];
  let balancer: Haproxy;

  before(async () => {
    databaseUrl = urlOf((await postgres!.settings()) as PostgresDatabaseSettings);
    const env = { DATABASE_URL: databaseUrl, DASHBASE_ENV: "production", SESSION_SECRET: "h".repeat(40), DASHBASE_PROCESSES: "3" };
    // The first migrates and seeds (as a release phase would); the others start on the result.
    apps.push(await spawnDashbaseStart(appFile, ["--migrate", "--seed"], env));
    apps.push(...(await Promise.all([spawnDashbaseStart(appFile, [], env), spawnDashbaseStart(appFile, [], env)])));
    balancer = await startHaproxy(apps.map((app) => app.url));
  });

  after(async () => {
    await balancer?.stop();
    await Promise.all(apps.map((app) => app.kill("SIGKILL")));
    await dropServerDatabases();
  });

  describe("a user in Chromium, each request free to land on any process", { skip: browserSkip ?? false }, () => {
    let browser: Browser;
    let page: Page;
    let console: ReturnType<typeof watchConsole>;

    before(async () => {
      await ensureClientBuilt();
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
      console = watchConsole(page);
    });

    after(async () => {
      await browser?.close();
    });

    it("explores, saves a view, sees it appear live in another browser's History, finds the last view restored and uploads a CSV in the background", async () => {
      const before = await balancer.stats();
      await page.goto(balancer.url);
      await page.locator("#chart .main-svg").first().waitFor();
      await page.locator("#summary tbody tr").first().waitFor();

      await choose(page, "Indicator", "Life expectancy at birth");
      await page.locator("#chart .legendtext").first().waitFor();
      await choose(page, "Series", "Chile");
      await page.locator("#summary tbody tr", { hasText: "Chile" }).waitFor();

      // A second browser (its own cookies) keeps History open: the save below, wherever it lands,
      // must appear there without a reload (the push stream is on whichever process it reached).
      const watcher = await browser.newContext({ viewport: { width: 1200, height: 820 } });
      const historyPage = await watcher.newPage();
      const watcherConsole = watchConsole(historyPage);
      await historyPage.goto(`${balancer.url}/history`);
      await historyPage.locator("#history tbody tr").first().waitFor();
      // A reload would lose this marker: its survival proves the page was updated in place.
      await historyPage.evaluate(() => ((window as unknown as { liveMarker: boolean }).liveMarker = true));

      await page.locator("#nav-save").click();
      await page.getByRole("textbox", { name: "Your name" }).fill("Grace Hopper");
      await page.getByRole("button", { name: "Save view" }).click();
      await page.locator("#save-confirmation").waitFor();
      assert.match(await page.locator("#save-confirmation").innerText(), /Saved as #\d+/);

      await historyPage.locator("#history tbody tr", { hasText: "Grace Hopper" }).waitFor({ timeout: 60_000 });
      assert.equal(
        await historyPage.evaluate(() => (window as unknown as { liveMarker?: boolean }).liveMarker),
        true,
        "the second browser's History showed the save without a reload",
      );
      assert.deepEqual(watcherConsole.unexpected(), []);
      await watcher.close();

      await page.locator("#nav-history").click();
      await page.locator("#history tbody tr", { hasText: "Grace Hopper" }).waitFor();
      await page.locator("#history .dashbase-filter-input").nth(1).fill("hopper");
      await page.locator("#history").getByText("1 rows").or(page.locator("#history").getByText("1 row")).first().waitFor();

      await page.goto(balancer.url);
      await page.locator("#chart .main-svg").first().waitFor();
      assert.equal(await page.getByRole("combobox", { name: "Indicator" }).inputValue(), "Life expectancy at birth");
      assert.match(await page.locator("#entities").innerText(), /Chile/);

      await page.locator("#nav-data").click();
      await page.getByRole("textbox", { name: "Indicator name" }).fill("Wetlands");
      await page.getByRole("textbox", { name: "Unit" }).fill("km²");
      const csv = "entity,year,value\nNorthland,2000,1.5\nNorthland,2001,1.7\nSouthland,2000,2.5\nSouthland,2001,2.4\n";
      await page
        .locator("#upload input[type=file]")
        .setInputFiles({ name: "wetlands.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      // The import runs as a background callback on whichever process takes the job; its
      // progress and its answer come back over the push channel, through the balancer.
      await page.locator("#upload-imported").waitFor();
      assert.match(await page.locator("#upload-imported").innerText(), /Imported 4 rows of 2 series from wetlands\.csv/);
      assert.deepEqual(
        await page.locator("#upload-progress").evaluate((bar: HTMLProgressElement) => [bar.value, bar.max]),
        [4, 4],
        "the last progress report (all rows of the file) reached the page",
      );
      assert.equal(await page.locator("#upload-running").isHidden(), true, "the running props were set back");
      await page.locator("#chart-upload").click();
      await page.locator("#summary tbody tr", { hasText: "Southland" }).waitFor();

      const after = await balancer.stats();
      const served = after.map((server, index) => server.served - (before[index]?.served ?? 0));
      assert.ok(
        served.every((count) => count > 0),
        `every process served some of the user's requests: ${served.join(", ")}`,
      );
      assert.deepEqual(console.unexpected(), []);
    });
  });

  it("keeps every acknowledged save when a process is killed under load, and its clients recover on their next request", async (t) => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => AppClient.open(balancer.url)));
    const acknowledged: number[] = [];
    const failures: string[] = [];
    const perClient = 30;
    const killAt = 20;
    let sent = 0;
    let killed: Promise<unknown> | undefined;
    const lastOutcomes: boolean[][] = clients.map(() => []);

    await Promise.all(
      clients.map(async (client, index) => {
        for (let round = 0; round < perClient; round += 1) {
          sent += 1;
          if (sent === killAt) killed = apps[1]!.kill("SIGKILL");
          let ok = false;
          try {
            const answer = await save(client, `load ${index}-${round}`);
            const id = /Saved as #(\d+)/.exec(JSON.stringify(answer.body))?.[1];
            if (answer.status === 200 && id !== undefined) {
              acknowledged.push(Number(id));
              ok = true;
            } else {
              failures.push(`HTTP ${answer.status}`);
            }
          } catch (error) {
            const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
            failures.push(`no answer (${String(cause?.code ?? cause?.message ?? error)})`);
          }
          lastOutcomes[index]!.push(ok);
        }
      }),
    );
    await killed;

    assert.ok(acknowledged.length > 0);
    t.diagnostic(`${acknowledged.length} saves acknowledged, ${failures.length} not: ${failures.join(", ") || "none"}`);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: number }>("select id from user_preferences where id = any($1::int[])", [acknowledged]);
      assert.equal(rows.length, acknowledged.length, "every save a client was told about is in the table");
    } finally {
      await db.end();
    }
    // A request in flight on the killed process may fail (its client never hears back); after
    // that, HAProxy sends nothing more there: each client's last requests all succeed.
    for (const [index, outcomes] of lastOutcomes.entries()) {
      assert.deepEqual(outcomes.slice(-5), [true, true, true, true, true], `client ${index} recovered (failures: ${failures.join(", ")})`);
    }
    const stats = await balancer.stats();
    assert.notEqual(stats[1]?.status, "UP", `HAProxy took the killed process out: ${JSON.stringify(stats)}`);
  });
});
