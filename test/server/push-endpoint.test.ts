/**
 * The push endpoints over HTTP: the page's boot data offers the channel only when the app has
 * topic inputs; a stream needs the session cookie and a same-site request, and each session may
 * hold a bounded number; a published message reaches an open stream (through a callback's
 * `publish`), a stream resumes after Last-Event-ID, polling answers the same messages, and
 * closing the server ends open streams.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp, html, Input, Output, Topic } from "dashbase";
import type { AppServer, Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir, serve, TestClient } from "./support/app-harness.js";

after(dropServerDatabases);

function buildApp(maxStreamsPerSession = 2) {
  const app = createApp({ title: "Push", server: { clientDir: fakeClientDir(), push: { maxStreamsPerSession, heartbeatMs: 60_000 } } });
  app.page("/", {
    title: "Home",
    layout: () => html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" }), html.Div({ id: "got" })]),
  });
  app.callback([Output("out", "children")], [Input<number>("go", "n_clicks")], async ([clicks], { publish }) => {
    if (clicks === undefined) return [""];
    await publish("news", { clicks });
    return [`published ${clicks}`];
  });
  app.callback([Output("got", "children")], [Topic<{ clicks: number }>("news")], ([payload]) => [String(payload?.clicks)]);
  app.api.post("/api/mine", async ({ publish }) => {
    await publish("mine", "nope");
  });
  app.callback([Output("got", "title")], [Topic("mine", { perOwner: true })], () => ["x"]);
  return app;
}

/** Reads server-sent events from a fetch response until `count` data events arrived. */
async function readEvents(response: Response, count: number): Promise<{ id: string | undefined; event: string; data: unknown }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: { id: string | undefined; event: string; data: unknown }[] = [];
  let text = "";
  while (events.filter((event) => event.event === "message").length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf("\n\n")) !== -1) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const fields = new Map(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]));
      if (!fields.has("data")) continue;
      events.push({ id: fields.get("id"), event: fields.get("event") ?? "message", data: JSON.parse(fields.get("data")!) });
    }
  }
  await reader.cancel();
  return events;
}

for (const backend of backends) {
  describe(`push endpoints on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    let base: string;
    let client: TestClient;
    let boot: Record<string, unknown>;
    let callbackId: string;

    before(async () => {
      db = await backend.open();
      server = await serve(buildApp(), db);
      base = await server.fastify.listen({ port: 0, host: "127.0.0.1" });
      client = new TestClient(server);
      boot = (await client.open("/")).boot;
      const specs = boot["dependencies"] as { id: string; inputs: { id: unknown }[] }[];
      callbackId = specs.find((spec) => spec.inputs[0]?.id === "go")!.id;
    });
    after(async () => {
      await server?.close();
      await db?.close();
    });

    const streamUrl = (tab: string, extra = ""): string => `${base}/_dashbase/push?tab=${tab}&topics=news,unknown${extra}`;
    const open = (tab: string, headers: Record<string, string> = {}, extra = ""): Promise<Response> =>
      fetch(streamUrl(tab, extra), { headers: { cookie: client.cookie!, ...headers } });

    it("offers the channel in the boot data of an app with topic inputs", () => {
      assert.deepEqual(boot["push"], { stream: "/_dashbase/push", poll: "/_dashbase/push/poll", topics: ["news", "mine"] });
    });

    it("offers no channel to the pages of an app without topic inputs", async () => {
      const plain = createApp({ title: "Plain", server: { clientDir: fakeClientDir() } });
      plain.page("/", { title: "Home", layout: () => html.Div("hello", { id: "hello" }) });
      const plainServer = await serve(plain, db);
      try {
        const { boot: plainBoot } = await new TestClient(plainServer).open("/");
        assert.equal(plainBoot["push"], undefined);
      } finally {
        await plainServer.close();
      }
    });

    it("refuses a stream without the session cookie, from another site, or with a malformed tab id", async () => {
      const noCookie = await server.fastify.inject({ method: "GET", url: "/_dashbase/push?tab=tab-000001" });
      assert.equal(noCookie.statusCode, 403);
      assert.equal(noCookie.json().error.code, "DASHBASE_E_PUSH_REFUSED");
      const foreign = await client.get("/_dashbase/push?tab=tab-000001", { origin: "https://evil.example" });
      assert.equal(foreign.statusCode, 403);
      assert.equal(foreign.json().error.code, "DASHBASE_E_PUSH_REFUSED");
      const crossSite = await client.get("/_dashbase/push/poll?tab=tab-000001", { "sec-fetch-site": "cross-site" });
      assert.equal(crossSite.statusCode, 403);
      const badTab = await client.get("/_dashbase/push?tab=x");
      assert.equal(badTab.statusCode, 400);
      assert.equal(badTab.json().error.code, "DASHBASE_E_BAD_REQUEST");
    });

    it("refuses a per-owner topic published to everyone with a coded error", async () => {
      const answer = await client.post("/api/mine", {});
      assert.equal(answer.statusCode, 500);
      assert.equal(answer.json().error.code, "DASHBASE_E_PUSH_INVALID");
    });

    it("delivers what a callback publishes to an open stream, and resumes after Last-Event-ID", async () => {
      const response = await open("tab-stream-1", { origin: base, "sec-fetch-site": "same-origin" });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /text\/event-stream/);
      assert.match(response.headers.get("content-security-policy") ?? "", /connect-src 'self'/);
      const reading = readEvents(response, 1);
      const fired = await client.post("/_dashbase/callback", {
        callbackId,
        inputs: [{ id: "go", property: "n_clicks", value: 1 }],
        outputs: [{ id: "out", property: "children" }],
        state: [],
        changedPropIds: ["go.n_clicks"],
      });
      assert.equal(fired.statusCode, 200, fired.body);
      const events = await reading;
      const message = events.find((event) => event.event === "message")!;
      assert.deepEqual({ ...(message.data as object), id: 0 }, { id: 0, kind: "topic", topic: "news", payload: { clicks: 1 } });
      const lastId = message.id!;

      await server.services.push!.publish("news", { clicks: 2 });
      await server.services.push!.publish("news", { clicks: 3 });
      const resumed = await readEvents(await open("tab-stream-1", { "last-event-id": lastId }), 2);
      assert.deepEqual(
        resumed.filter((event) => event.event === "message").map((event) => (event.data as { payload: { clicks: number } }).payload.clicks),
        [2, 3],
      );
      const polled = await client.get(`/_dashbase/push/poll?tab=tab-stream-1&topics=news&after=${lastId}`);
      assert.equal(polled.statusCode, 200);
      assert.deepEqual(
        (polled.json() as { messages: { payload: { clicks: number } }[] }).messages.map((m) => m.payload.clicks),
        [2, 3],
      );
    });

    it("refuses one stream more than a session may hold, with 429", async () => {
      const first = await open("tab-limit-01");
      const second = await open("tab-limit-02");
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      const third = await open("tab-limit-03");
      assert.equal(third.status, 429);
      assert.equal(((await third.json()) as { error: { code: string } }).error.code, "DASHBASE_E_PUSH_TOO_MANY_STREAMS");
      await first.body!.cancel();
      await second.body!.cancel();
      // A closed stream frees its place (the server notices the close: poll until it has).
      for (let attempt = 0; ; attempt += 1) {
        const again = await open("tab-limit-04");
        if (again.status === 200) {
          await again.body!.cancel();
          break;
        }
        await again.body?.cancel();
        assert.ok(attempt < 500, "the closed streams were never released");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    it("ends open streams when the server closes", async () => {
      const response = await open("tab-closing-1");
      const reader = response.body!.getReader();
      await reader.read();
      await server.close();
      for (;;) {
        const { done } = await reader.read();
        if (done) break;
      }
    });
  });
}
