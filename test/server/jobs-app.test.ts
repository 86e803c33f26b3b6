/**
 * Jobs as an app declares and starts them: `app.job()` (names checked, `dashbase.` reserved,
 * frozen with the rest of the app), `services.enqueue` in callbacks and `enqueue` in API routes,
 * bound to the session's owner, with the per-owner limit answered as a coded 429.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createApp, html, Input, Output, isDashbaseError, type DashbaseApp, type JobContext } from "dashbase";
import { openTestApp, type TestApp } from "dashbase/testing";
import { fakeClientDir } from "./support/app-harness.js";

describe("app.job()", () => {
  it("refuses a duplicate, malformed or dashbase.-reserved name, and declarations after the app is frozen", () => {
    const app = createApp({ title: "Jobs", server: { clientDir: fakeClientDir() } });
    const ref = app.job("count", () => undefined);
    assert.deepEqual(ref, { name: "count" });
    for (const name of ["count", "dashbase.mine", "", "has space"])
      assert.throws(
        () => app.job(name, () => undefined),
        (error) => isDashbaseError(error, "DASHBASE_E_APP_INVALID"),
      );
    assert.throws(
      () => app.job("bad-options", () => undefined, { retries: -1 }),
      (error) => isDashbaseError(error, "DASHBASE_E_APP_INVALID"),
    );
    assert.deepEqual(
      app.registerInternalJob("dashbase.callback", () => undefined),
      { name: "dashbase.callback" },
    );
    app.freeze();
    assert.throws(
      () => app.job("late", () => undefined),
      (error) => isDashbaseError(error, "DASHBASE_E_APP_FROZEN"),
    );
  });
});

describe("enqueue from callbacks and API routes", () => {
  let test: TestApp;
  const runs: { data: unknown; owner: string | undefined }[] = [];

  function jobsApp(): DashbaseApp {
    const app = createApp({ title: "Jobs", server: { clientDir: fakeClientDir() } });
    const record = app.job<{ from: string }>(
      "record",
      (data, job: JobContext) => {
        runs.push({ data, owner: job.owner });
      },
      { perOwnerLimit: 2 },
    );
    const parked = app.job<null>("parked", () => undefined, { perOwnerLimit: 1 });
    app.page("/", { layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "out" })]) });
    app.callback([Output("out", "children")], [Input("go", "n_clicks")], async ([clicks], services) => {
      if (clicks === null || clicks === undefined) return [""];
      const id = await services.enqueue(record, { from: "callback" });
      return [`${id} ${services.session.owner}`];
    });
    app.api.post("/api/park", async ({ enqueue }) => ({ id: await enqueue(parked, null, { startAfterMs: 600_000 }) }));
    app.api.post("/api/record", async ({ enqueue, session }) => ({ id: await enqueue(record, { from: "api" }), owner: session.owner }));
    return app;
  }

  before(async () => {
    test = await openTestApp(jobsApp());
  });
  after(async () => {
    await test?.close();
  });

  it("runs a job started by a callback and by an API route, owned by the session that started it", async () => {
    const visitor = await test.visitor("/");
    const answer = await visitor.callback({
      outputs: [{ id: "out", property: "children" }],
      inputs: [{ id: "go", property: "n_clicks", value: 1 }],
    });
    assert.equal(answer.status, 200);
    const [, owner] = String((answer.body as { response: { out: { children: string } } }).response.out.children).split(" ");
    const api = await visitor.post("/api/record", {});
    assert.equal(api.status, 200);
    assert.equal((api.body as { owner: string }).owner, owner);
    while (runs.length < 2) await sleep(20);
    assert.deepEqual(
      runs.map((run) => run.owner),
      [owner, owner],
    );
    assert.deepEqual(
      runs.map((run) => run.data).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [{ from: "api" }, { from: "callback" }],
    );
  });

  it("answers past the per-owner limit with DASHBASE_E_JOB_LIMIT and status 429", async () => {
    const visitor = await test.visitor("/");
    assert.equal((await visitor.post("/api/park", {})).status, 200);
    const refused = await visitor.post("/api/park", {});
    assert.equal(refused.status, 429);
    assert.match(JSON.stringify(refused.body), /DASHBASE_E_JOB_LIMIT/);
    // Another session has its own count.
    const other = await test.visitor("/");
    assert.equal((await other.post("/api/park", {})).status, 200);
  });
});
