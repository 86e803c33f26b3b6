/**
 * `Topic(name)` as a callback input: its wire id cannot collide with a component id, app
 * validation accepts it though no layout holds such a component, bad names are refused with a
 * coded error, and the server knows which topics (and which per-owner ones) the app listens to.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createApp, DashbaseError, html, Input, Output, Topic } from "dashbase";
import { topicsOf } from "../../src/push/topic.js";
import { topicNameOf, topicKey } from "../../src/protocol/topic-id.js";
import { idKey } from "../../src/protocol/ids.js";
import { deliveredOf, payloadText } from "../../src/push/push-message.js";
import { rowMatches } from "../../src/push/push-rows.js";

describe("Topic", () => {
  it("is an input on a reserved object id, whose message property carries the payload", () => {
    const topic = Topic<{ id: number }>("saved-views");
    assert.equal(topic.kind, "input");
    assert.deepEqual(topic.id, { "dashbase:topic": "saved-views" });
    assert.equal(topic.property, "message");
    assert.equal(topic.perOwner, false);
    assert.equal(Topic("mine", { perOwner: true }).perOwner, true);
    assert.equal(topicNameOf(topic.id), "saved-views");
    assert.equal(topicNameOf("saved-views"), undefined);
    assert.equal(topicKey("saved-views"), idKey(topic.id));
  });

  it("refuses a name that is empty, too long or has spaces, with DASHBASE_E_PUSH_INVALID", () => {
    for (const name of ["", "has space", "x".repeat(101), "-leading"]) {
      assert.throws(
        () => Topic(name),
        (error: unknown) => error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_INVALID",
      );
    }
  });

  it("passes app validation though no layout holds a component with its id", async () => {
    const app = createApp();
    app.page("/", { layout: () => html.Div([html.Button("b", { id: "b" }), html.Div({ id: "out" })]) });
    app.callback([Output("out", "children")], [Input("b", "n_clicks"), Topic("news")], () => ["x"]);
    await app.validate();
  });

  it("lists the app's topics, a topic per-owner when any declaration says so", () => {
    const found = topicsOf([Topic("news"), Input("b", "n_clicks"), Topic("mine"), Topic("mine", { perOwner: true })]);
    assert.deepEqual(
      [...found],
      [
        ["news", false],
        ["mine", true],
      ],
    );
  });
});

describe("push messages", () => {
  it("bounds payloads at 64 KiB of JSON and refuses what is not JSON", () => {
    assert.equal(payloadText({ a: 1 }, "t"), '{"a":1}');
    assert.throws(
      () => payloadText("x".repeat(70_000), "t"),
      (error: unknown) => error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_TOO_LARGE",
    );
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    assert.throws(
      () => payloadText(cyclic, "t"),
      (error: unknown) => error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_INVALID",
    );
  });

  it("routes a row to its tab, its owner's tabs, or its topic's subscribers (per-owner topics to the owner only)", () => {
    const alice = { owner: "alice", tab: "a1", topics: ["news"] };
    const bob = { owner: "bob", tab: "b1", topics: ["news"] };
    const row = (owner: string | null, tab: string | null, topic: string | null) => ({ id: 1, owner, tab, topic, payload: {} });
    assert.equal(rowMatches(row("alice", "a1", null), alice), true);
    assert.equal(rowMatches(row("alice", "a2", null), alice), false);
    assert.equal(rowMatches(row("alice", null, null), alice), true);
    assert.equal(rowMatches(row("alice", null, null), bob), false);
    assert.equal(rowMatches(row(null, null, "news"), bob), true);
    assert.equal(rowMatches(row("alice", null, "news"), bob), false);
    assert.equal(rowMatches(row(null, null, "other"), alice), false);
    assert.deepEqual(deliveredOf({ id: 4, owner: null, tab: null, topic: "news", payload: 1 }), {
      id: 4,
      kind: "topic",
      topic: "news",
      payload: 1,
    });
  });
});
