/**
 * Background callbacks through the wire, on each backend: the request answers 202 with a job,
 * progress and setProps reports reach the tab in order before the answer, cancel stops the
 * handler (its signal aborts) and drops its answer, a handler's error comes back coded, a
 * server-persisted output is saved, and the answer of a tab that is gone reaches the session's
 * next page load.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp, html, Input, Output, State, type DashbaseApp } from "dashbase";
import { openTestApp, type TestApp } from "dashbase/testing";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir } from "./support/app-harness.js";

/** A latch a handler waits on, opened by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

for (const backend of backends) {
  describe(`background callbacks (${backend.name})`, () => {
    let test: TestApp;
    const aborted: string[] = [];
    let release = gate();

    function longApp(): DashbaseApp {
      const app = createApp({ title: "Long", server: { clientDir: fakeClientDir() } });
      app.page("/", {
        layout: html.Div([
          html.Button("run", { id: "run" }),
          html.Button("stop", { id: "stop" }),
          html.Progress({ id: "bar" }),
          html.Div({ id: "note" }),
          html.Div({ id: "out" }),
        ]),
      });
      app.callback(
        [Output("out", "children")],
        [Input<number>("run", "n_clicks")],
        [State<string>("run", "title")],
        async ([clicks], [mode], { progress, setProps, signal, session }) => {
          if (mode === "fail") throw new Error("the source is down");
          if (mode === "wait") {
            await Promise.race([release.opened, new Promise((resolve) => signal.addEventListener("abort", resolve))]);
            if (signal.aborted) aborted.push(String(clicks));
            return ["finished after the gate"];
          }
          for (let step = 1; step <= 3; step += 1) await progress([step, 3]);
          setProps("note", { children: `owner ${session.owner.length > 0}` });
          return [`done ${clicks} (id "${session.id}")`];
        },
        { background: true, progress: [Output("bar", "value"), Output("bar", "max")], cancel: [Input("stop", "n_clicks")] },
      );
      return app;
    }

    before(async () => {
      test = await openTestApp(longApp(), { db: await backend.open() });
    });
    after(async () => {
      await test?.close();
      await test?.db.close();
      await dropServerDatabases();
    });

    const run = (visitor: Awaited<ReturnType<TestApp["visitor"]>>, mode: string, options: { follow?: boolean } = {}) =>
      visitor.callback({
        outputs: [{ id: "out", property: "children" }],
        inputs: [{ id: "run", property: "n_clicks", value: 1 }],
        state: [{ id: "run", property: "title", value: mode }],
        ...options,
      });

    it("answers 202 with a job, then reports progress in order, setProps, and the answer over the push channel", async () => {
      const visitor = await test.visitor("/");
      const started = await run(visitor, "steps", { follow: false });
      assert.equal(started.status, 202);
      const jobId = (started.body as { background: { jobId: string } }).background.jobId;
      const answer = await visitor.followJob(jobId);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { response: { out: { children: 'done 1 (id "")' } } });
      assert.deepEqual(answer.background?.reports, [
        { bar: { value: 1, max: 3 } },
        { bar: { value: 2, max: 3 } },
        { bar: { value: 3, max: 3 } },
        { note: { children: "owner true" } },
      ]);
    });

    it("reports a handler's failure as a coded error and keeps working", async () => {
      const visitor = await test.visitor("/");
      const failed = await run(visitor, "fail");
      assert.equal(failed.status, 500);
      const error = (failed.body as { error: { code: string; message: string } }).error;
      assert.equal(error.code, "DASHBASE_E_CALLBACK_FAILED");
      assert.match(error.message, /the source is down/);
      assert.equal((await run(visitor, "steps")).status, 200);
    });

    it("cancels a running call: the handler's signal aborts and its answer is dropped", async () => {
      release = gate();
      const visitor = await test.visitor("/");
      const started = await run(visitor, "wait", { follow: false });
      const jobId = (started.body as { background: { jobId: string } }).background.jobId;
      const stranger = await test.visitor("/");
      assert.deepEqual((await stranger.cancel(jobId)).body, { cancelled: false }, "another session cannot cancel it");
      // Cancel once the job runs (a queued job is cancelled too, but then its handler never starts).
      for (let tries = 0; aborted.length === 0 && tries < 500; tries += 1) {
        const answer = await visitor.cancel(jobId);
        assert.equal(answer.status, 200);
        if ((answer.body as { cancelled: boolean }).cancelled) break;
      }
      const ended = await visitor.followJob(jobId);
      assert.equal(ended.status, 204, "a cancelled call ends without an answer");
      release.open();
    });

    it("delivers the answer to the page that replaced the one that asked (a reload)", async () => {
      const visitor = await test.visitor("/");
      const started = await run(visitor, "steps", { follow: false });
      const jobId = (started.body as { background: { jobId: string } }).background.jobId;
      // The tab reloads before it read anything: the new page has the same tab id and a fresh channel.
      const reopened = visitor.reopened();
      const answer = await reopened.followJob(jobId);
      assert.deepEqual(answer.body, { response: { out: { children: 'done 1 (id "")' } } });
    });
  });
}

for (const backend of backends) {
  describe(`cancelling a background callback inside a long transaction (${backend.name})`, () => {
    let test: TestApp;
    const seen = { inTransaction: false, aborted: false, steps: 0 };
    const steps = 20_000;

    before(async () => {
      const app = createApp({ title: "Long transaction", server: { clientDir: fakeClientDir() } });
      app.page("/", {
        layout: html.Div([html.Button("run", { id: "run" }), html.Button("stop", { id: "stop" }), html.Div({ id: "out" })]),
      });
      app.callback(
        [Output("out", "children")],
        [Input<number>("run", "n_clicks")],
        async (_inputs, { db, signal }) => {
          // One transaction holds the embedded database's only connection until it ends.
          await db.transaction(async (tx) => {
            seen.inTransaction = true;
            for (seen.steps = 0; seen.steps < steps; seen.steps += 1) {
              if (signal.aborted) {
                seen.aborted = true;
                signal.throwIfAborted();
              }
              await tx.query("select 1");
              // A turn of the event loop between statements, as a long handler should take, so requests are heard.
              await new Promise((resolve) => setImmediate(resolve));
            }
          });
          return [`ran all ${steps} steps`];
        },
        { background: true, cancel: [Input("stop", "n_clicks")] },
      );
      test = await openTestApp(app, { db: await backend.open() });
    });
    after(async () => {
      await test?.close();
      await test?.db.close();
      await dropServerDatabases();
    });

    it("stops the handler between two statements of its transaction (the cancel request needs no database)", async () => {
      const visitor = await test.visitor("/");
      const started = await visitor.callback({
        outputs: [{ id: "out", property: "children" }],
        inputs: [{ id: "run", property: "n_clicks", value: 1 }],
        follow: false,
      });
      const jobId = (started.body as { background: { jobId: string } }).background.jobId;
      for (let tries = 0; !seen.inTransaction; tries += 1) {
        assert.ok(tries < 3000, "the handler never started");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual((await visitor.cancel(jobId)).body, { cancelled: true });
      const ended = await visitor.followJob(jobId, 120_000);
      assert.equal(ended.status, 204, ended.text);
      assert.ok(seen.aborted, `the handler saw its signal abort (after ${seen.steps} of ${steps} statements)`);
    });
  });
}
