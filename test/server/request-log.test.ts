import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import { createApp, html, Input, Output, State, isDashbaseError } from "dashbase";
import type { AppServer } from "dashbase";
import type { RequestLogSetting } from "dashbase/config";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { fakeClientDir, TestClient, testSettings } from "./support/app-harness.js";

/** A server whose log lines land in `lines`, with `requestLog` as given. */
async function serverLogging(lines: Array<Record<string, unknown>>, requestLog?: RequestLogSetting): Promise<AppServer> {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = createApp({
    title: "Request log",
    server: { clientDir: fakeClientDir(), logger: { level: "info", stream }, ...(requestLog === undefined ? {} : { requestLog }) },
  });
  app.page("/", { layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" }), html.Div({ id: "name" })]) });
  app.callback([Output("out", "children")], [Input<number>("go", "n_clicks")], [State<string>("name", "value")], ([clicks]) => [
    `clicked ${clicks ?? 0}`,
  ]);
  const db = await createDatabase({ settings: { kind: "embedded", dataDir: null } });
  const server = await app.createServer({ db, settings: testSettings("production") });
  server.fastify.addHook("onClose", async () => db.close());
  return server;
}

const callbackBody = {
  callbackId: "out.children",
  outputs: [{ id: "out", property: "children" }],
  inputs: [{ id: "go", property: "n_clicks", value: 1 }],
  state: [{ id: "name", property: "value", value: "x" }],
};

/** Lines are written after the answer: wait until `count` request lines are there. */
async function requestLines(lines: Array<Record<string, unknown>>, count: number): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 200; i++) {
    const found = lines.filter((line) => line["msg"] === "request completed");
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.filter((line) => line["msg"] === "request completed");
}

describe("request logs: one line per request", () => {
  const servers: AppServer[] = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  it("logs each request once, with its id, method, URL, status and time, and no secret", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const server = await serverLogging(lines);
    servers.push(server);
    const client = new TestClient(server);
    await client.open("/");
    const answer = await client.post("/_dashbase/callback", callbackBody, { "x-request-id": "req-log-1" });
    assert.equal(answer.statusCode, 200);
    const logged = await requestLines(lines, 2);
    assert.equal(logged.length, 2, "one line for the page, one for the callback");
    assert.equal(
      lines.some((line) => line["msg"] === "incoming request"),
      false,
      "Fastify's first line is not written",
    );
    const callback = logged.find((line) => line["reqId"] === "req-log-1")!;
    assert.deepEqual(callback["req"], { method: "POST", url: "/_dashbase/callback" });
    assert.deepEqual(callback["res"], { statusCode: 200 });
    assert.equal(typeof callback["responseTime"], "number");
    const text = JSON.stringify(lines);
    assert.equal(text.includes(client.csrfToken!) || text.includes(client.cookie!.split("=")[1]!), false, "no secret in the logs");
  });

  it("with sampleRate 0 logs only refused and failed requests; with off, none", async () => {
    const errorsOnly: Array<Record<string, unknown>> = [];
    const server = await serverLogging(errorsOnly, { sampleRate: 0 });
    servers.push(server);
    const client = new TestClient(server);
    await client.open("/");
    assert.equal((await client.post("/_dashbase/callback", callbackBody)).statusCode, 200);
    const refused = await client.post("/_dashbase/callback", { callbackId: "nope" });
    assert.equal(refused.statusCode, 404);
    const logged = await requestLines(errorsOnly, 1);
    assert.deepEqual(
      logged.map((line) => (line["res"] as { statusCode: number }).statusCode),
      [404],
    );

    const none: Array<Record<string, unknown>> = [];
    const quiet = await serverLogging(none, "off");
    servers.push(quiet);
    const other = new TestClient(quiet);
    await other.open("/");
    await other.post("/_dashbase/callback", { callbackId: "nope" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(none.filter((line) => line["msg"] === "request completed").length, 0);
  });
});

describe("DASHBASE_REQUEST_LOG", () => {
  const read = (value: string) =>
    loadSettings({ env: { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: ":memory:", DASHBASE_REQUEST_LOG: value } }).server.requestLog;

  it("reads all, errors, off and a share", () => {
    assert.deepEqual(read("all"), { sampleRate: 1 });
    assert.deepEqual(read("errors"), { sampleRate: 0 });
    assert.equal(read("off"), "off");
    assert.deepEqual(read("0.05"), { sampleRate: 0.05 });
    assert.equal(loadSettings({ env: { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: ":memory:" } }).server.requestLog, undefined);
  });

  it("refuses anything else, naming the variable and the values it takes", () => {
    assert.throws(
      () => read("sometimes"),
      (error: unknown) => isDashbaseError(error) && /DASHBASE_REQUEST_LOG: expected all, errors, off/.test(error.message),
    );
    assert.throws(() => read("2"), /DASHBASE_REQUEST_LOG/);
  });
});
