/**
 * @module
 * An unknown path under the app's API (`/api/...`, or a first segment its `app.api` routes use)
 * answers the coded JSON 404, not the HTML not-found page; pages keep their HTML 404, and a page
 * declared under such a prefix still renders.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp, html } from "dashbase";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import { apiPrefixes } from "../../src/server/api-paths.js";
import { fakeClientDir } from "./support/app-harness.js";

function apiApp() {
  const app = createApp({ title: "API", server: { clientDir: fakeClientDir() } });
  app.page("/", { layout: html.H1("Home") });
  app.page("/reports/overview", { layout: html.H1("Overview") });
  app.api.get("/api/visits", () => ({ count: 0 }));
  app.api.get("/reports/:id/data", ({ request }) => ({ id: request.params["id"] }));
  app.api.get("/export.csv", () => "a,b");
  return app;
}

describe("unknown API paths", () => {
  let test: TestApp;
  let visitor: TestVisitor;
  before(async () => {
    test = await openTestApp(apiApp());
    visitor = await test.visitor("/");
  });
  after(() => test.close());

  it("answer the coded JSON 404 under /api/ and under a prefix the app's API routes use", async () => {
    for (const url of ["/api/nope", "/api/visits/extra?x=1", "/api", "/reports/7/nope"]) {
      const answer = await visitor.get(url);
      assert.equal(answer.status, 404, url);
      assert.match(String(answer.headers["content-type"]), /application\/json/, url);
      const { error } = answer.body as { error: { code: string; message: string; requestId: string } };
      assert.equal(error.code, "DASHBASE_E_NOT_FOUND", url);
      assert.match(error.message, /no API route GET \//);
      assert.equal(typeof error.requestId, "string");
    }
    const post = await visitor.post("/api/nope", {});
    assert.equal((post.body as { error: { code: string } }).error.code, "DASHBASE_E_NOT_FOUND");
  });

  it("leave the routes themselves, pages under such a prefix, and other unknown paths (HTML 404) alone", async () => {
    assert.deepEqual((await visitor.get("/api/visits")).body, { count: 0 });
    assert.deepEqual((await visitor.get("/reports/7/data")).body, { id: "7" });
    const page = await visitor.get("/reports/overview");
    assert.equal(page.status, 200);
    assert.match(page.text, /Overview/);
    const missing = await visitor.get("/no-such-page");
    assert.equal(missing.status, 404);
    assert.match(String(missing.headers["content-type"]), /text\/html/);
  });

  it("take /api/ and the first segment of multi-segment API routes as prefixes", () => {
    const route = (path: string) => ({ method: "GET" as const, path, handler: () => undefined, csrf: false });
    assert.deepEqual(apiPrefixes([route("/reports/:id/data"), route("/export.csv"), route("/:any/x"), route("/v1/items")]), [
      "/api/",
      "/reports/",
      "/v1/",
    ]);
  });
});
