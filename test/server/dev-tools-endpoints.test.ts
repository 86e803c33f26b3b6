/**
 * The server half of the dev tools: in development the boot data names the panel's module and the
 * problems endpoint, which lists the app's problems and warnings, and error answers carry the
 * stack; outside development none of it exists: no endpoint, no stack, no dev tools file served
 * nor named in the page's manifest.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, describe, it } from "node:test";
import { createApp, html, Input, Output, type DashbaseApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { openTestApp, type TestApp } from "dashbase/testing";
import { fakeClientDir } from "./support/app-harness.js";

const toolsFile = "dev-tools-abc123.js";

/** A fake built renderer whose manifest has the dev tools entry. */
function clientWithDevTools(): string {
  const dir = fakeClientDir();
  const text = "export function attachDevTools() {}\n";
  fs.writeFileSync(path.join(dir, toolsFile), text);
  fs.writeFileSync(path.join(dir, `${toolsFile}.gz`), zlib.gzipSync(text));
  fs.writeFileSync(path.join(dir, `${toolsFile}.br`), zlib.brotliCompressSync(text));
  const manifestFile = path.join(dir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, string>;
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, "dev-tools.js": toolsFile }));
  return dir;
}

function failingApp(): DashbaseApp {
  const app = createApp({ title: "Dev", callbacks: { allowDynamicIds: true }, server: { clientDir: clientWithDevTools(), logger: false } });
  app.page("/", { layout: html.Div([html.Button("Go", { id: "go" }), html.P({ id: "out" })]) });
  app.callback([Output("out", "children")], [Input<number | undefined>("go", "n_clicks")], () => {
    throw new TypeError("cannot read the rate");
  });
  app.callback([Output("ghost", "children")], [Input<number | undefined>("go", "n_clicks")], () => ["boo"]);
  return app;
}

const call = { outputs: [{ id: "out", property: "children" }], inputs: [{ id: "go", property: "n_clicks", value: 1 }] };

function settings(profile: "development" | "production" | "test") {
  return loadSettings({
    env: { DASHBASE_ENV: profile, SESSION_SECRET: "v".repeat(48), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
  });
}

describe("dev tools endpoints in development", () => {
  let test: TestApp;
  before(async () => {
    test = await openTestApp(failingApp(), { settings: settings("development") });
  });
  after(() => test?.close());

  it("names the panel's module and the problems endpoint in the boot data, and serves both", async () => {
    const visitor = await test.visitor();
    const { boot } = await visitor.open("/");
    const dev = boot["dev"] as { tools?: string; problems?: string };
    assert.equal(dev.tools, `/_dashbase/static/${toolsFile}`);
    assert.equal(dev.problems, "/_dashbase/dev/problems");
    assert.equal((await visitor.get(dev.tools)).status, 200);
    const problems = await visitor.get(dev.problems);
    assert.equal(problems.status, 200);
    const body = problems.body as { problems: unknown[]; warnings: Array<{ kind: string; message: string }> };
    assert.deepEqual(body.problems, []);
    assert.ok(
      body.warnings.some((warning) => warning.kind === "unknown-id" && warning.message.includes("ghost")),
      JSON.stringify(body.warnings),
    );
  });

  it("answers a failed callback with the stack of the error and its cause", async () => {
    const visitor = await test.visitor("/");
    const answer = await visitor.callback(call);
    assert.equal(answer.status, 500);
    const error = (answer.body as { error: { code: string; requestId: string; stack?: string } }).error;
    assert.equal(error.code, "DASHBASE_E_CALLBACK_FAILED");
    assert.match(error.stack ?? "", /^DashbaseError: callback "out.children" failed: cannot read the rate\n\s+at /);
    assert.match(error.stack ?? "", /\nCaused by: TypeError: cannot read the rate\n\s+at /);
  });
});

for (const profile of ["production", "test"] as const) {
  describe(`no dev tools in the ${profile} profile`, () => {
    let test: TestApp;
    before(async () => {
      test = await openTestApp(failingApp(), { settings: settings(profile) });
    });
    after(() => test?.close());

    it("names no dev tools, refuses the file and the endpoints, and keeps stacks out of answers", async () => {
      const visitor = await test.visitor();
      const page = await visitor.get("/");
      assert.doesNotMatch(page.text, /dev-tools|"dev":/);
      for (const url of [`/_dashbase/static/${toolsFile}`, "/_dashbase/dev/problems", "/_dashbase/dev/events"]) {
        assert.equal((await visitor.get(url)).status, 404, url);
      }
      await visitor.open("/");
      const answer = await visitor.callback(call);
      assert.equal(answer.status, 500);
      assert.equal((answer.body as { error: { stack?: string } }).error.stack, undefined);
      assert.doesNotMatch(answer.text, /TypeError|\n\s+at /);
    });
  });
}
