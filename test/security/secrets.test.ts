/**
 * No secret leaves the server: with a DATABASE_URL that carries a password, the password never
 * appears in a log line (pino, at debug level), an error answer, a page, a header or the CLI's
 * output, whether the database is unreachable at startup, up, failing a statement, or cut off
 * while the app runs. Session cookies and CSRF tokens never reach the log either. In production
 * no 5xx answer carries a stack, a file path, SQL or the internal message.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { desc } from "drizzle-orm";
import { loadSettings } from "dashbase/config";
import { createApp, dcc, html, Input, Output, type DashbaseApp } from "dashbase";
import type { AppServer } from "dashbase";
import { dropServerDatabases, freshServerDatabase } from "../support/backends.js";
import { notes, notesDdl } from "../support/notes-app.js";
import { fakeClientDir, TestClient } from "../server/support/app-harness.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

/** The password, and the forms it could leak in (as written, percent-encoded, in parts). */
const password = "Zq9Secr3tPw!@x/%";
const leakForms = [password, encodeURIComponent(password), "Zq9Secr3tPw"];
const sessionSecret = "session-secret-".padEnd(48, "k");

function leaksIn(text: string): string[] {
  return leakForms.filter((form) => text.includes(form)).concat(text.includes(sessionSecret) ? ["the session secret"] : []);
}

function captureLog(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function settingsFor(url: string, profile: "development" | "production") {
  return loadSettings({
    env: {
      DASHBASE_ENV: profile,
      DATABASE_URL: url,
      SESSION_SECRET: sessionSecret,
      DASHBASE_DB_CONNECT_RETRY_MS: "0",
      DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "1500",
    },
  });
}

/** A small app whose callbacks write, fail in the handler, and fail in SQL. */
function secretsApp(stream: Writable): DashbaseApp {
  const app = createApp({
    title: "Secrets",
    models: { notes },
    server: { clientDir: fakeClientDir(), logger: { level: "debug", stream } },
  });
  app.page("/", {
    title: "Secrets",
    layout: html.Div([
      dcc.Input({ id: "text", value: "", persistence: "server" }),
      html.Div({ id: "out" }),
      html.Div({ id: "boom" }),
      html.Div({ id: "sql" }),
    ]),
  });
  app.callback([Output("out", "children")], [Input<string>("text", "value")], async ([text], { db, session }) => {
    await db.insert(notes).values({ owner: session.owner, body: text || "empty" });
    return [`${(await db.select().from(notes).orderBy(desc(notes.id)).limit(1)).length} saved`];
  });
  app.callback([Output("boom", "children")], [Input<string>("out", "children")], () => {
    throw new Error("internal detail: the handler exploded at /srv/app/handlers.ts:12");
  });
  app.callback([Output("sql", "children")], [Input<string>("boom", "children")], async (_values, { db }) => {
    await db.query("select no_such_column from no_such_table");
    return ["unreachable"];
  });
  return app;
}

const call = (id: string, input: [string, string], value: unknown) => ({
  callbackId: `${id}.children`,
  outputs: [{ id, property: "children" }],
  inputs: [{ id: input[0], property: input[1], value }],
  changedPropIds: [`${input[0]}.${input[1]}`],
});

describe("a DATABASE_URL password that cannot be reached at startup", () => {
  it("is in no error message, stack or cause when the app cannot start", async () => {
    const url = `postgres://dash_user:${encodeURIComponent(password)}@127.0.0.1:${await closedPort()}/app`;
    const log = captureLog();
    const failure = await secretsApp(log.stream)
      .createServer({ settings: settingsFor(url, "production") })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    assert.ok(failure instanceof Error, "the app refuses to start");
    const texts: string[] = [];
    for (let error: unknown = failure, depth = 0; error instanceof Error && depth < 6; error = error.cause, depth++) {
      texts.push(error.message, error.stack ?? "", JSON.stringify(Object.entries(error)));
    }
    assert.match(failure.message, /127\.0\.0\.1/, "the message says where it tried");
    assert.deepEqual(leaksIn(texts.join("\n") + log.lines.join("")), []);
  });

  it("is not in what `dashbase start` prints", async () => {
    const url = `postgres://dash_user:${encodeURIComponent(password)}@127.0.0.1:${await closedPort()}/app`;
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));",
        "start",
        "examples/minimal/app.ts",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
      ],
      {
        env: {
          ...process.env,
          DASHBASE_ENV: "production",
          DATABASE_URL: url,
          SESSION_SECRET: sessionSecret,
          DASHBASE_DB_CONNECT_RETRY_MS: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    clearTimeout(timer);
    assert.equal(code, 1, output);
    assert.match(output, /DASHBASE_E_DB_UNREACHABLE/);
    assert.deepEqual(leaksIn(output), []);
  });
});

describe(
  "a DATABASE_URL password while the app runs, and through an outage",
  { skip: process.env["TEST_DATABASE_URL"] ? undefined : "needs TEST_DATABASE_URL (a PostgreSQL server)" },
  () => {
    let proxy: TcpProxy;
    let server: AppServer;
    const log = captureLog();
    const seen: string[] = [];

    const record = (answer: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
      seen.push(`${answer.statusCode} ${JSON.stringify(answer.headers)}\n${answer.body}`);
      return answer;
    };

    before(async () => {
      const database = await freshServerDatabase();
      proxy = await startTcpProxy(database.host, database.port);
      // The local test server trusts 127.0.0.1, so the password rides along without being needed.
      const url = `postgres://${database.user}:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}/${database.database}`;
      server = await secretsApp(log.stream).createServer({ settings: settingsFor(url, "development") });
      await server.services.db.exec(notesDdl);
    });

    after(async () => {
      await server?.close();
      await proxy?.close();
      await dropServerDatabases();
    });

    it("stays out of pages, answers, headers and logs, up and down", async () => {
      const client = new TestClient(server);
      record((await client.open("/")).answer);
      record(await client.get("/_dashbase/layout?path=/"));
      record(await client.get("/_dashbase/health"));
      record(await client.get("/nowhere"));
      assert.equal(record(await client.post("/_dashbase/callback", call("out", ["text", "value"], "hello"))).statusCode, 200);
      assert.equal(record(await client.post("/_dashbase/callback", call("boom", ["out", "children"], "1 saved"))).statusCode, 500);
      const sql = record(await client.post("/_dashbase/callback", call("sql", ["boom", "children"], "x")));
      assert.ok(sql.statusCode >= 400, sql.body);
      assert.equal(record(await client.post("/_dashbase/persist", { id: "text", property: "value", value: "kept" })).statusCode, 204);

      proxy.cut();
      const down = record(await client.post("/_dashbase/callback", call("out", ["text", "value"], "during the outage")));
      assert.equal(down.statusCode, 503, down.body);
      const health = record(await client.get("/_dashbase/health"));
      assert.equal(health.statusCode, 503);
      record(await client.post("/_dashbase/persist", { id: "text", property: "value", value: "during" }));
      record(await new TestClient(server).get("/"));
      proxy.resume();
      let healthy = false;
      for (let attempt = 0; attempt < 40 && !healthy; attempt++) {
        healthy = record(await client.get("/_dashbase/health")).statusCode === 200;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.ok(healthy, "the app recovers once the database is back");

      assert.ok(
        log.lines.some((line) => /"level":50/.test(line)),
        "errors were logged (the log is really captured)",
      );
      assert.ok(log.lines.length > 10);
      assert.deepEqual(leaksIn(seen.join("\n")), [], "no answer carries the password");
      assert.deepEqual(
        log.lines.filter((line) => leaksIn(line).length > 0).map((line) => line.slice(0, 300)),
        [],
        "no log line carries the password",
      );
      const cookieValue = client.cookie!.split("=")[1]!;
      assert.equal(
        log.lines.some((line) => line.includes(cookieValue) || line.includes(client.csrfToken!)),
        false,
        "no log line carries a cookie or CSRF token",
      );
    });
  },
);

describe("5xx answers in production", () => {
  let server: AppServer;
  const log = captureLog();

  before(async () => {
    const app = secretsApp(log.stream);
    app.api.get("/api/broken", () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secretField') at /srv/app/api.ts:7");
    });
    server = await app.createServer({
      settings: loadSettings({
        env: { DASHBASE_ENV: "production", SESSION_SECRET: sessionSecret, DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
      }),
    });
    await server.services.db.exec(notesDdl);
  });

  after(async () => {
    await server?.close();
  });

  it("carry the code and request id only: no stack, path, SQL or internal message", async () => {
    const client = new TestClient(server);
    await client.open("/");
    const answers = [
      await client.post("/_dashbase/callback", call("boom", ["out", "children"], "x")),
      await client.post("/_dashbase/callback", call("sql", ["boom", "children"], "x")),
      await client.get("/api/broken"),
    ];
    for (const answer of answers) {
      assert.ok(answer.statusCode >= 500, `${answer.statusCode} ${answer.body}`);
      const error = answer.json().error as Record<string, string>;
      assert.deepEqual(Object.keys(answer.json()), ["error"]);
      assert.deepEqual(Object.keys(error).sort(), ["code", "message", "requestId"]);
      assert.match(
        error["message"]!,
        /^the server could not complete this request \(DASHBASE_E_[A-Z_]+\); the log has the details under request id /,
      );
      for (const secret of ["internal detail", "/srv/app", "secretField", "no_such_table", "select ", "    at ", ".ts:", "node_modules"]) {
        assert.equal(answer.body.includes(secret), false, `${answer.statusCode} answer carries ${JSON.stringify(secret)}: ${answer.body}`);
      }
    }
    assert.ok(
      log.lines.some((line) => line.includes("internal detail")),
      "the cause stays in the log",
    );
  });
});
