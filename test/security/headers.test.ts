/**
 * Security headers on every kind of answer: pages (found and not found), the renderer's static
 * files, the app's assets, API answers, protocol JSON, 204s, 304s and every error (400, 403,
 * 404, 413, 415, 500): a Content-Security-Policy that runs only the app's own scripts and
 * forbids framing, nosniff, a Referrer-Policy and X-Frame-Options. Answers that carry a
 * session's data are never stored by caches; HSTS is sent over HTTPS only.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createApp, dcc, html, Input, Output } from "dashbase";
import type { AppServer } from "dashbase";
import { fakeClientDir, TestClient, testSettings } from "../server/support/app-harness.js";
import { tempDir } from "../support/temp-dir.js";

function headersApp() {
  const assetsDir = tempDir("headers-assets");
  fs.writeFileSync(path.join(assetsDir, "site.css"), "body { color: black; }");
  fs.writeFileSync(path.join(assetsDir, "data.json"), '{"a":1}');
  const app = createApp({ title: "Headers", assetsDir, server: { clientDir: fakeClientDir(), bodyLimit: 2048 } });
  app.page("/", {
    title: "Home",
    layout: html.Div([dcc.Input({ id: "name", value: "", persistence: "server" }), html.Div({ id: "out" })]),
  });
  app.callback([Output("out", "children")], [Input<string>("name", "value")], ([name]) => {
    if (name === "explode") throw new Error("boom");
    return [`hello ${name}`];
  });
  app.api.get("/api/info", () => ({ ok: true }));
  app.api.post("/api/save", ({ request }) => ({ saved: request.body }));
  return app;
}

const call = (name: string) => ({
  callbackId: "out.children",
  outputs: [{ id: "out", property: "children" }],
  inputs: [{ id: "name", property: "value", value: name }],
  changedPropIds: ["name.value"],
});

describe("security headers on every answer", () => {
  let server: AppServer;
  let client: TestClient;

  before(async () => {
    server = await headersApp().createServer({ settings: testSettings() });
    client = new TestClient(server);
    await client.open("/");
  });

  after(async () => {
    await server?.close();
  });

  async function everyKindOfAnswer(): Promise<Array<[string, LightMyRequestResponse, number]>> {
    const css = (await client.get("/")).body.match(/\/assets\/site\.css\?v=[\w-]+/)![0];
    const main = await client.get("/_dashbase/static/main-abc123.js", { "accept-encoding": "br" });
    return [
      ["page", await client.get("/"), 200],
      ["not-found page", await client.get("/nowhere"), 404],
      ["layout", await client.get("/_dashbase/layout?path=/"), 200],
      ["dependencies", await client.get("/_dashbase/dependencies"), 200],
      ["health", await client.get("/_dashbase/health"), 200],
      ["renderer script", main, 200],
      [
        "renderer script, not modified",
        await client.get("/_dashbase/static/main-abc123.js", { "if-none-match": String(main.headers["etag"]) }),
        304,
      ],
      ["missing static file", await client.get("/_dashbase/static/nope.js"), 404],
      ["asset stylesheet", await client.get(css), 200],
      ["asset JSON", await client.get("/assets/data.json"), 200],
      ["API GET", await client.get("/api/info"), 200],
      ["API POST", await client.post("/api/save", { a: 1 }), 200],
      ["callback", await client.post("/_dashbase/callback", call("x")), 200],
      ["persist (204)", await client.post("/_dashbase/persist", { id: "name", property: "value", value: "x" }), 204],
      ["bad request", await client.post("/_dashbase/callback", { nope: 1 }), 400],
      ["malformed JSON", await client.post("/_dashbase/callback", "{"), 400],
      ["CSRF refusal", await client.post("/_dashbase/callback", call("x"), { "x-dashbase-csrf": "wrong" }), 403],
      ["unknown route", await client.post("/api/none", {}), 404],
      ["body too large", await client.post("/api/save", { pad: "p".repeat(4000) }), 413],
      ["wrong content type", await client.post("/api/save", "a=1", { "content-type": "application/x-www-form-urlencoded" }), 415],
      ["handler failure", await client.post("/_dashbase/callback", call("explode")), 500],
    ];
  }

  it("sets CSP, nosniff, Referrer-Policy and X-Frame-Options on pages, files, API answers and errors", async () => {
    for (const [label, answer, status] of await everyKindOfAnswer()) {
      assert.equal(answer.statusCode, status, `${label}: ${answer.body.slice(0, 200)}`);
      const csp = String(answer.headers["content-security-policy"]);
      const directives = new Map(
        csp
          .split(";")
          .map((part) => part.trim().split(/\s+/))
          .map(([name, ...values]) => [name!, values]),
      );
      const scriptSources = directives.get("script-src") ?? [];
      assert.equal(scriptSources[0], "'self'", `${label}: the app's own scripts run`);
      // beside them at most the page's import map (with a renderer that has one), allowed by the hash of its exact text: no other inline script, no eval
      const others = scriptSources.slice(1);
      assert.ok(
        others.length <= 1 && others.every((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source)),
        `${label}: ${scriptSources.join(" ")}`,
      );
      assert.deepEqual(directives.get("frame-ancestors"), ["'none'"], `${label}: no framing`);
      assert.deepEqual(directives.get("object-src"), ["'none'"], `${label}: no plugins`);
      assert.deepEqual(directives.get("default-src"), ["'self'"], label);
      assert.deepEqual(directives.get("base-uri"), ["'self'"], label);
      assert.equal(answer.headers["x-content-type-options"], "nosniff", label);
      assert.equal(answer.headers["referrer-policy"], "strict-origin-when-cross-origin", label);
      assert.equal(answer.headers["x-frame-options"], "DENY", label);
      assert.equal(answer.headers["strict-transport-security"], undefined, `${label}: no HSTS over plain HTTP`);
      assert.equal(answer.headers["x-powered-by"], undefined, label);
      assert.equal(answer.headers["access-control-allow-origin"], undefined, label);
    }
  });

  it("keeps answers that carry a session's data out of caches", async () => {
    const personal = [
      await client.get("/"),
      await client.get("/nowhere"),
      await client.get("/_dashbase/layout?path=/"),
      await client.post("/_dashbase/callback", call("x")),
      await client.post("/_dashbase/callback", { nope: 1 }),
    ];
    for (const answer of personal)
      assert.equal(answer.headers["cache-control"], "no-store", `${answer.statusCode} ${answer.body.slice(0, 80)}`);
  });

  it("sends HSTS only when the request came over HTTPS through a trusted proxy", async () => {
    const proxied = await headersApp().createServer({
      settings: { ...testSettings(), server: { ...testSettings().server, trustProxy: true } },
    });
    try {
      const https = await proxied.fastify.inject({ method: "GET", url: "/", headers: { "x-forwarded-proto": "https" } });
      assert.match(String(https.headers["strict-transport-security"]), /^max-age=\d{7,}; includeSubDomains$/);
      const plain = await proxied.fastify.inject({ method: "GET", url: "/" });
      assert.equal(plain.headers["strict-transport-security"], undefined);
    } finally {
      await proxied.close();
    }
    const untrusted = await server.fastify.inject({ method: "GET", url: "/", headers: { "x-forwarded-proto": "https" } });
    assert.equal(untrusted.headers["strict-transport-security"], undefined, "a forged X-Forwarded-Proto is ignored without trustProxy");
  });
});
