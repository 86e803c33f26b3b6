/**
 * The flagship started exactly as `npm start` starts it (`dashbase start` from the package's bin,
 * the built package, the app importing "dashbase" by name): one copy of the framework at run time,
 * so bad input and an overloaded database get their coded answers, never a 500.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { AppClient, type WireAnswer } from "../support/app-client.js";
import { backends, dropServerDatabases, freshServerDatabase } from "../support/backends.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "../support/round-robin-proxy.js";
import { spawnDashbaseStart, type AppProcess } from "../support/spawn-app.js";
import { flagshipSave } from "../support/flagship-save.js";

const appFile = path.join("examples", "indicators", "app.ts");
const postgres = backends.find((backend) => backend.name === "postgres");

function codeOf(answer: WireAnswer): string | undefined {
  return (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
}

/** The Explore page's first callback, with `indicator` as the value the browser sends. */
function pickIndicator(client: AppClient, indicator: unknown): Promise<WireAnswer> {
  return client.callback({
    outputs: ["entities.options", "entities.value", "years.min", "years.max", "years.value", "years.marks", "source-line.children"].map(
      (key) => {
        const [id, property] = key.split(".") as [string, string];
        return { id, property };
      },
    ),
    inputs: [{ id: "indicator", property: "value", value: indicator }],
  });
}

function save(client: AppClient, name: string): Promise<WireAnswer> {
  return client.callback({
    ...flagshipSave(name),
  });
}

describe("the flagship as npm start runs it, on the embedded database", () => {
  let app: AppProcess;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-npm-start-"));

  before(async () => {
    app = await spawnDashbaseStart(appFile, ["--migrate", "--seed"], {
      DASHBASE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      DASHBASE_ENV: "development",
      SESSION_SECRET: "n".repeat(40),
    });
  });
  after(async () => {
    await app?.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("leaves a visitor's remembered view alone when another site sends their browser to /?indicator=...", async () => {
    const victim = await AppClient.open(app.url);
    const rememberedView = async (): Promise<string> =>
      /id="save-view"[^>]*>|"id":"save-view"[^}]*"children":"([^"]*)"/.exec(JSON.stringify((await victim.layout("/save")).body))?.[1] ?? "";
    const before = await rememberedView();
    assert.match(before, /Population/);
    for (const url of ["/?indicator=co2_concentration", "/save?indicator=global_temperature", "/history", "/data", "/about"]) {
      assert.equal((await victim.loadShell(url)).status, 200, url);
    }
    assert.equal(await rememberedView(), before);
  });

  it("answers a NUL byte in a query string with 400 DASHBASE_E_INVALID_VALUE", async () => {
    const answer = await fetch(`${app.url}/?indicator=%00`);
    assert.equal(answer.status, 400, await answer.clone().text());
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, "DASHBASE_E_INVALID_VALUE");
  });

  it("answers a NUL byte in a callback value with 400 DASHBASE_E_INVALID_VALUE", async () => {
    const client = await AppClient.open(app.url);
    const answer = await pickIndicator(client, "pop\u0000ulation");
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.equal(codeOf(answer), "DASHBASE_E_INVALID_VALUE");
    const fine = await pickIndicator(client, "population");
    assert.ok(fine.status === 200 || fine.status === 204, `a good value still works (${fine.status})`);
  });
});

describe(
  "the flagship as npm start runs it, on PostgreSQL with a small pool and a statement timeout",
  { skip: postgres ? false : "needs TEST_DATABASE_URL" },
  () => {
    let app: AppProcess;
    let database: PostgresDatabaseSettings;

    before(async () => {
      database = await freshServerDatabase();
      const url = `postgres://${database.user ?? "postgres"}@${database.host}:${database.port}/${database.database}`;
      app = await spawnDashbaseStart(appFile, ["--migrate", "--seed"], {
        DATABASE_URL: url,
        DASHBASE_ENV: "development",
        SESSION_SECRET: "n".repeat(40),
        DASHBASE_DB_POOL_MAX: "2",
        DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "300",
        DASHBASE_DB_STATEMENT_TIMEOUT_MS: "1500",
      });
    });
    after(async () => {
      await app?.kill("SIGTERM");
      await dropServerDatabases();
    });

    it("answers saves blocked by a lock with 503 DASHBASE_E_DB_TIMEOUT, those that find no connection with 503 DASHBASE_E_DB_BUSY, and nothing else", async () => {
      const clients = await Promise.all(Array.from({ length: 8 }, () => AppClient.open(app.url)));
      const locker = new pg.Client({ host: database.host, port: database.port, user: database.user, database: database.database });
      await locker.connect();
      try {
        await locker.query("BEGIN");
        // The indicators too: a save reads its indicator first, so two saves hold the pool's two
        // connections waiting on the lock, and the others find none (a save's insert would wait
        // for its statement without a connection, insert lanes being what they are).
        await locker.query("LOCK TABLE user_preferences, indicators IN ACCESS EXCLUSIVE MODE");
        const answers = await Promise.all(clients.map((client, index) => save(client, `Blocked ${index}`)));
        const codes = answers.map((answer) => `${answer.status} ${codeOf(answer) ?? ""}`.trim());
        for (const code of codes)
          assert.match(code, /^503 DASHBASE_E_DB_(TIMEOUT|BUSY)$/, `every answer is a coded 503: ${codes.join(", ")}`);
        assert.ok(codes.includes("503 DASHBASE_E_DB_TIMEOUT"), `a statement ran into the timeout: ${codes.join(", ")}`);
        assert.ok(codes.includes("503 DASHBASE_E_DB_BUSY"), `a request found no free connection: ${codes.join(", ")}`);
        for (const answer of answers) assert.equal(answer.headers?.get("retry-after"), "1", "a 503 says when to retry");
      } finally {
        await locker.query("ROLLBACK").catch(() => undefined);
        await locker.end();
      }
      const after = await save(clients[0]!, "After the lock");
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.match(JSON.stringify(after.body), /Saved as #\d+/);
    });
  },
);

describe(
  "two flagship processes on one PostgreSQL database behind a per-request balancer",
  { skip: postgres ? false : "needs TEST_DATABASE_URL" },
  () => {
    const apps: AppProcess[] = [];
    let proxy: RoundRobinProxy;

    before(async () => {
      const database = await freshServerDatabase();
      const env = {
        DATABASE_URL: `postgres://${database.user ?? "postgres"}@${database.host}:${database.port}/${database.database}`,
        DASHBASE_ENV: "development",
        SESSION_SECRET: "n".repeat(40),
      };
      // One after the other: the first applies the migrations and the seed, the second finds them done.
      apps.push(await spawnDashbaseStart(appFile, ["--migrate", "--seed"], env));
      apps.push(await spawnDashbaseStart(appFile, ["--migrate"], env));
      proxy = await startRoundRobinProxy(apps.map((app) => app.url));
    });
    after(async () => {
      await proxy?.close();
      await Promise.all(apps.map((app) => app.kill("SIGTERM")));
      await dropServerDatabases();
    });

    it("serves the History table from either process, although neither rendered the History page", async () => {
      const client = await AppClient.open(proxy.url, "/about");
      assert.equal((await save(client, "Ada")).status, 200);
      const before = [...proxy.served];
      for (let i = 0; i < 6; i += 1) {
        const answer = await client.post("/_dashbase/table/history", { page: 0, path: "/history" });
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const page = answer.body as { rows: Array<Record<string, unknown>>; total: number };
        assert.equal(page.total, 1);
        assert.equal(page.rows[0]!["userName"], "Ada");
      }
      assert.ok(
        proxy.served.every((count, index) => count - before[index]! >= 3),
        `both processes answered table requests: ${proxy.served}`,
      );
    });
  },
);
