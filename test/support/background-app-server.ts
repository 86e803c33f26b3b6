/**
 * An app with a background callback in a process of its own, configured by the environment like
 * a deployed app (DATABASE_URL or DASHBASE_DATA_DIR, SESSION_SECRET, DASHBASE_JOBS_WORKERS).
 *
 * - The background callback (button `start`, state `key`) records `started` in `bg_effects`,
 *   reports progress, waits until `POST /api/release` has released its key (keys starting with
 *   `quick-` need no release), records `done` and answers `done <key> on <pid>`.
 * - The callback of button `publish` publishes `{ pid }` on the topic `news`; the `news` topic
 *   input writes `heard`.
 * - `GET /api/effects` lists the rows of `bg_effects`.
 *
 * The worker's timings are shortened (a dead process is taken for dead after 5 s instead of 15 s)
 * through `listen({ jobTimings })`, so the kill tests on PostgreSQL do not wait for the default.
 * Prints "listening <url>" once it serves.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createApp, html, dcc, Input, Output, State, Topic, PreventUpdate } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";

const effectsDdl =
  "create table if not exists bg_effects (key text not null, pid integer not null, phase text not null, at timestamptz not null default now())";
const releaseDdl = "create table if not exists bg_release (key text primary key)";

const app = createApp({ title: "background" });
app.page("/", {
  layout: html.Div([
    dcc.Input({ id: "key", value: "" }),
    html.Button("Start", { id: "start" }),
    html.Div({ id: "result" }),
    html.Div({ id: "step" }),
    html.Button("Publish", { id: "publish" }),
    html.Div({ id: "published" }),
    html.Div({ id: "heard" }),
  ]),
});

app.callback(
  [Output("result", "children")],
  [Input("start", "n_clicks")],
  [State("key", "value")],
  async ([clicks], [key], { db, progress, signal }) => {
    if (!clicks) throw new PreventUpdate();
    const name = String(key);
    await db.query("insert into bg_effects (key, pid, phase) values ($1, $2, 'started')", [name, process.pid]);
    await progress([`started on ${process.pid}`]);
    if (!name.startsWith("quick-")) {
      while ((await db.query("select 1 from bg_release where key = $1", [name])).rows.length === 0) {
        signal.throwIfAborted();
        await sleep(100);
      }
    }
    await db.query("insert into bg_effects (key, pid, phase) values ($1, $2, 'done')", [name, process.pid]);
    return [`done ${name} on ${process.pid}`];
  },
  { background: true, progress: [Output("step", "children")], preventInitialCall: true },
);

app.callback(
  [Output("published", "children")],
  [Input("publish", "n_clicks")],
  async ([clicks], { publish }) => {
    if (!clicks) throw new PreventUpdate();
    await publish("news", { pid: process.pid, clicks });
    return [`published by ${process.pid}`];
  },
  { preventInitialCall: true },
);

app.callback([Output("heard", "children")], [Topic<{ pid: number }>("news")], ([news]) => [`heard from ${news?.pid}`]);

app.api.post(
  "/api/release",
  async ({ db, request }) => {
    await db.query("insert into bg_release (key) values ($1) on conflict do nothing", [(request.body as { key: string }).key]);
    return { released: true };
  },
  { csrf: false },
);
app.api.get("/api/effects", async ({ db }) => {
  return (await db.query("select key, pid, phase from bg_effects order by at, phase")).rows;
});

const settings = loadSettings();
// The tables first, as a release phase would (processes starting together must not race on them).
const setup = await createDatabase({ settings: settings.database });
await setup.exec(effectsDdl);
await setup.exec(releaseDdl);
await setup.close();
const running = await app.listen({
  settings,
  host: "127.0.0.1",
  jobTimings: { pollMs: 500, heartbeatMs: 500, staleAfterMs: 5_000 },
});
process.stdout.write(`listening ${running.url}\n`);
