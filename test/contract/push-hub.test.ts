/**
 * The push hub on every backend: delivery to a tab, an owner and a topic; resume after an id;
 * a gone tab's message handed to the owner's next fresh stream once; per-owner isolation; and on
 * PostgreSQL, two hubs (two processes) delivering across and a listener that survives
 * pg_terminate_backend.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Database } from "../../src/db/database.js";
import type { PostgresDatabaseSettings } from "../../src/config/settings.js";
import { createDatabase } from "../../src/db/create-database.js";
import { openPushHub } from "../../src/push/open-push-hub.js";
import { PushHub, type StreamRequest } from "../../src/push/push-hub.js";
import type { Notifier, NotifierListener } from "../../src/push/push-notifier.js";
import type { DeliveredMessage } from "../../src/push/push-message.js";
import { DashbaseError } from "../../src/errors/dashbase-error.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { insideWhileOutsideWaits } from "../support/outside-waits.js";

after(dropServerDatabases);

/** Polls until `check` holds (no wall-clock assertions: it waits as long as the test's timeout allows). */
async function until(check: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function collector(): { messages: DeliveredMessage[]; write: (message: DeliveredMessage) => void } {
  const messages: DeliveredMessage[] = [];
  return { messages, write: (message) => messages.push(message) };
}

/** Records the text of each statement `db.query` sends that matches `pattern`, until `stop()`. */
function recordStatements(db: Database, pattern: RegExp): { texts: string[]; stop(): void } {
  const texts: string[] = [];
  const query = db.query.bind(db);
  db.query = ((text: string, ...rest: unknown[]) => {
    if (pattern.test(text)) texts.push(text);
    return (query as (...args: unknown[]) => unknown)(text, ...rest);
  }) as typeof db.query;
  return { texts, stop: () => (db.query = query) };
}

async function stream(hub: PushHub, request: StreamRequest) {
  const sink = collector();
  const opened = await hub.openStream(request, sink.write);
  return { ...sink, stream: opened };
}

for (const backend of backends) {
  describe(`push hub on ${backend.name}`, () => {
    const opened: { db: Database; hub: PushHub }[] = [];
    const open = async (): Promise<{ db: Database; hub: PushHub; settings: Awaited<ReturnType<typeof backend.settings>> }> => {
      const settings = await backend.settings();
      const db = backend.name === "pglite" ? await backend.open() : await createDatabase({ settings });
      const hub = await openPushHub(db, settings, { pruneIntervalMs: 3_600_000 });
      opened.push({ db, hub });
      return { db, hub, settings };
    };
    after(async () => {
      for (const { db, hub } of opened.reverse()) {
        await hub.close();
        await db.close();
      }
    });

    it("delivers a message to its tab, an owner's message to each of the owner's tabs, and a topic to its subscribers", async () => {
      const { hub } = await open();
      const a1 = await stream(hub, { owner: "alice", tab: "tab-a1-xxxx", topics: ["news"] });
      const a2 = await stream(hub, { owner: "alice", tab: "tab-a2-xxxx", topics: [] });
      const b1 = await stream(hub, { owner: "bob", tab: "tab-b1-xxxx", topics: ["news"] });
      await hub.send({ owner: "alice", tab: "tab-a1-xxxx" }, { kind: "callback", n: 1 });
      await hub.send({ owner: "alice" }, { kind: "note", n: 2 });
      await hub.publish("news", { n: 3 });
      await until(() => a1.messages.length === 3 && a2.messages.length === 1 && b1.messages.length === 1, "deliveries");
      assert.deepEqual(
        a1.messages.map((message) => message.kind),
        ["callback", "note", "topic"],
      );
      assert.equal(a2.messages[0]!.kind, "note");
      assert.deepEqual({ ...b1.messages[0], id: 0 }, { id: 0, kind: "topic", topic: "news", payload: { n: 3 } });
      for (const s of [a1, a2, b1]) s.stream.close();
    });

    it("delivers a per-owner topic message to that owner's tabs only", async () => {
      const { hub } = await open();
      const alice = await stream(hub, { owner: "alice", tab: "tab-alice-1", topics: ["mine"] });
      const bob = await stream(hub, { owner: "bob", tab: "tab-bob-1111", topics: ["mine"] });
      await hub.publish("mine", { who: "alice" }, { owner: "alice" });
      await hub.publish("mine", { who: "everyone" });
      await until(() => alice.messages.length === 2 && bob.messages.length === 1, "deliveries");
      assert.deepEqual(bob.messages[0]!["payload"], { who: "everyone" });
      await sleep(50);
      assert.equal(bob.messages.length, 1, "bob never receives alice's per-owner message");
      alice.stream.close();
      bob.stream.close();
    });

    it("replays what a tab missed after its last id before live delivery", async () => {
      const { hub } = await open();
      const first = await stream(hub, { owner: "carol", tab: "tab-carol-1", topics: ["news"] });
      await hub.publish("news", 1);
      await until(() => first.messages.length === 1, "first message");
      const last = first.stream.lastId;
      first.stream.close();
      await hub.publish("news", 2);
      await hub.send({ owner: "carol", tab: "tab-carol-1" }, { kind: "callback", n: 3 });
      await hub.publish("other", 4);
      const resumed = await stream(hub, { owner: "carol", tab: "tab-carol-1", topics: ["news"], after: last });
      await hub.publish("news", 5);
      await until(() => resumed.messages.length === 3, "replay and live");
      assert.deepEqual(
        resumed.messages.map((message) => message["payload"] ?? message["n"]),
        [2, 3, 5],
      );
      const polled = await hub.poll({ owner: "carol", tab: "tab-carol-1", topics: ["news"], after: last });
      assert.deepEqual(
        polled.messages.map((message) => message["payload"] ?? message["n"]),
        [2, 3, 5],
      );
      assert.ok(polled.last >= resumed.stream.lastId);
      resumed.stream.close();
    });

    it("reads nothing back while no stream is open here, and a stream opened later gets what it is owed, then live", async () => {
      const { db, hub } = await open();
      const reads = recordStatements(db, /FROM dashbase_push\s+WHERE id (>|= ANY)/).texts;
      const before = await hub.poll({ owner: "gina", tab: "tab-gina-1", topics: ["news"] });
      for (let n = 1; n <= 5; n += 1) await hub.publish("news", n);
      await sleep(50);
      assert.deepEqual(reads, [], "no process-wide read with nobody to deliver to");
      const opened = await stream(hub, { owner: "gina", tab: "tab-gina-1", topics: ["news"], after: before.last });
      await hub.publish("news", 6);
      await until(() => opened.messages.length === 6, "replay and live");
      assert.deepEqual(
        opened.messages.map((message) => message["payload"]),
        [1, 2, 3, 4, 5, 6],
      );
      opened.stream.close();
    });

    it("stores and announces a lone message in one statement", async () => {
      const { db, hub } = await open();
      const live = await stream(hub, { owner: "ivan", tab: "tab-ivan-1", topics: ["news"] });
      // What publishing sends (the live stream's read of the message is not counted).
      const recorded = recordStatements(db, /INSERT INTO dashbase_push|pg_notify/);
      const statements = recorded.texts;
      await hub.publish("news", "one trip");
      const sent = statements.length;
      recorded.stop();
      // On PostgreSQL the NOTIFY rides in the INSERT's statement; embedded, the notifier is in memory.
      assert.equal(sent, 1, statements.join("\n"));
      await until(() => live.messages.length === 1, "the announced message");
      assert.equal(live.messages[0]!["payload"], "one trip");
      live.stream.close();
    });

    it(
      "refuses a publish on the hub's handle from inside a transaction callback at once, even while messages sent from outside wait for that transaction",
      { timeout: 30_000 },
      async () => {
        const { db, hub } = await open();
        const live = await stream(hub, { owner: "kai", tab: "tab-kai-1", topics: ["tx"] });
        // The inside message, queued behind the outside ones, would go out with theirs and wait for
        // the transaction, which waits for it (a deadlock): refused at once instead.
        const { transaction, outside } = insideWhileOutsideWaits(
          db,
          "dashbase_push",
          () => [hub.publish("tx", "before-1"), hub.publish("tx", "before-2")],
          () => hub.publish("tx", "inside"),
        );
        await assert.rejects(
          transaction,
          (error: unknown) => error instanceof DashbaseError && error.code === "DASHBASE_E_OUTER_HANDLE_IN_TRANSACTION",
        );
        await outside;
        await Promise.all([hub.publish("tx", "after-1"), hub.publish("tx", "after-2")]);
        await until(() => live.messages.length === 4, "four messages");
        assert.deepEqual(
          live.messages.map((message) => message["payload"]),
          ["before-1", "before-2", "after-1", "after-2"],
        );
        live.stream.close();
      },
    );

    it("delivers every one of many messages published at once, announced together", async () => {
      const { db, hub } = await open();
      const live = await stream(hub, { owner: "iris", tab: "tab-iris-1", topics: ["burst"] });
      const recorded = recordStatements(db, /INSERT INTO dashbase_push|pg_notify/);
      const count = 40;
      await Promise.all(Array.from({ length: count }, (_, n) => hub.publish("burst", n)));
      recorded.stop();
      // The first is stored (and on PostgreSQL announced) by one statement; the 39 started meanwhile
      // go together in the next ones, each carrying every message published while the one before was sent.
      assert.ok(recorded.texts.length >= 2 && recorded.texts.length < count, `${recorded.texts.length} statements`);
      const announcing = recorded.texts.filter((text) => text.includes("pg_notify")).length;
      assert.equal(announcing, backend.name === "postgres" ? recorded.texts.length : 0, recorded.texts.join("\n"));
      await until(() => live.messages.length === count, `${count} messages`);
      await sleep(50);
      assert.deepEqual(
        live.messages.map((message) => message["payload"] as number).sort((a, b) => a - b),
        Array.from({ length: count }, (_, n) => n),
        "each once",
      );
      live.stream.close();
    });

    /**
     * Commits come in any order: the higher id is read first, and the lower one's notification
     * arrives while that read (which moves the cursor past it) is still on its way, with a third,
     * highest one's. The next read gets the highest after the cursor and the lower one by id; with
     * `failReadById` that read by id fails once, and both must still arrive.
     */
    async function outOfOrder(db: Database, failReadById: boolean): Promise<{ payloads: unknown[]; errors: unknown[] }> {
      const listeners: NotifierListener[] = [];
      const notifier: Notifier = {
        store: async () => undefined,
        listen: (listener) => {
          listeners.push(listener);
          return () => undefined;
        },
        close: async () => undefined,
      };
      const errors: unknown[] = [];
      const hub = await PushHub.open({ db, notifier, pruneIntervalMs: 3_600_000, onError: (error) => errors.push(error) });
      const live = await stream(hub, { owner: "jane", tab: "tab-jane-1", topics: ["race"] });
      const { rows } = await db.query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM dashbase_push");
      const lower = Number(rows[0]!.id) + 10;
      const higher = lower + 1;
      const highest = higher + 1;
      const insert = (id: number, payload: string) =>
        db.query("INSERT INTO dashbase_push (id, topic, payload) VALUES ($1, 'race', $2)", [id, JSON.stringify(payload)]);
      // The process-wide read's answer is held until `release`.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let readStarted!: () => void;
      const reading = new Promise<void>((resolve) => (readStarted = resolve));
      let failures = failReadById ? 1 : 0;
      const query = db.query.bind(db);
      db.query = (async (text: string, ...rest: unknown[]) => {
        if (/WHERE id = ANY/.test(text) && failures > 0) {
          failures -= 1;
          throw new Error("the read by id failed");
        }
        const result = await (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest);
        if (/WHERE id > \$1 ORDER BY id LIMIT/.test(text)) {
          readStarted();
          await held;
        }
        return result;
      }) as typeof db.query;
      try {
        await insert(higher, "higher");
        for (const listener of listeners) listener.notified(higher);
        await reading;
        await insert(lower, "lower");
        await insert(highest, "highest");
        for (const listener of listeners) listener.notified(lower);
        for (const listener of listeners) listener.notified(highest);
        release();
        // After a failure nothing more is notified: the hub reads again by itself.
        await until(() => live.messages.length === 3, "three messages");
      } finally {
        db.query = query;
        release();
        live.stream.close();
        await hub.close();
      }
      return { payloads: live.messages.map((message) => message["payload"]).sort(), errors };
    }

    it("delivers a message whose notification comes while a read that passed it is in flight", async () => {
      const { db } = await open();
      const { payloads, errors } = await outOfOrder(db, false);
      assert.deepEqual(payloads, ["higher", "highest", "lower"]);
      assert.deepEqual(errors, []);
    });

    it("reads again by itself after a read fails, and still delivers what it was reading", async () => {
      const { db } = await open();
      const { payloads, errors } = await outOfOrder(db, true);
      assert.deepEqual(payloads, ["higher", "highest", "lower"]);
      assert.deepEqual(
        errors.map((error) => (error as Error).message),
        ["the read by id failed"],
      );
    });

    it("hands a message sent to a gone tab to the owner's next fresh stream, once", async () => {
      const { hub } = await open();
      await hub.send({ owner: "dave", tab: "tab-dave-old" }, { kind: "callback", result: 42 });
      const other = await stream(hub, { owner: "erin", tab: "tab-erin-new", topics: [] });
      const reloaded = await stream(hub, { owner: "dave", tab: "tab-dave-new", topics: [] });
      assert.deepEqual(
        reloaded.messages.map((message) => message["result"]),
        [42],
      );
      const again = await stream(hub, { owner: "dave", tab: "tab-dave-3rd", topics: [] });
      assert.equal(again.messages.length, 0, "a second fresh stream does not receive it again");
      assert.equal(other.messages.length, 0, "another owner never receives it");
      for (const s of [other, reloaded, again]) s.stream.close();
    });

    it("refuses a payload over the size limit and a message without a kind, with coded errors", async () => {
      const { hub } = await open();
      await assert.rejects(hub.publish("news", "x".repeat(70_000)), (error: unknown) => {
        return error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_TOO_LARGE";
      });
      await assert.rejects(hub.send({ owner: "o" }, { kind: "" }), (error: unknown) => {
        return error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_INVALID";
      });
      await assert.rejects(hub.publish("bad topic!", 1), (error: unknown) => {
        return error instanceof DashbaseError && error.code === "DASHBASE_E_PUSH_INVALID";
      });
    });

    if (backend.name === "postgres") {
      it("delivers across two hubs on one database (two processes)", async () => {
        const { settings } = await open();
        const dbA = await createDatabase({ settings });
        const dbB = await createDatabase({ settings });
        const hubA = await openPushHub(dbA, settings);
        const hubB = await openPushHub(dbB, settings);
        opened.push({ db: dbA, hub: hubA }, { db: dbB, hub: hubB });
        const onB = await stream(hubB, { owner: "frank", tab: "tab-frank-b", topics: ["news"] });
        const onA = await stream(hubA, { owner: "gina", tab: "tab-gina-a1", topics: ["news"] });
        await hubA.publish("news", "from A");
        await hubB.send({ owner: "gina", tab: "tab-gina-a1" }, { kind: "callback", from: "B" });
        await until(() => onB.messages.length === 1 && onA.messages.length === 2, "cross-process deliveries");
        assert.equal(onB.messages[0]!["payload"], "from A");
        assert.equal(onA.messages.find((message) => message.kind === "callback")?.["from"], "B");
        onA.stream.close();
        onB.stream.close();
      });

      it("re-listens after its connection is terminated and catches up on what it missed", async () => {
        const { hub, settings } = await open();
        const live = await stream(hub, { owner: "hank", tab: "tab-hank-111", topics: ["news"] });
        await hub.publish("news", "before");
        await until(() => live.messages.length === 1, "first delivery");
        const server = settings as PostgresDatabaseSettings;
        const admin = new pg.Client({
          host: server.host,
          port: server.port,
          user: server.user,
          password: server.password,
          database: server.database,
        });
        await admin.connect();
        try {
          const { rowCount } = await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dashbase-listen' AND datname = $1",
            [server.database],
          );
          assert.ok((rowCount ?? 0) >= 1, "the listening connection was found and terminated");
          // Published while no connection listens: the reconnect's catch-up read delivers it.
          await hub.publish("news", "during");
        } finally {
          await admin.end();
        }
        await until(() => live.messages.length === 2, "catch-up after the reconnect");
        await hub.publish("news", "after");
        await until(() => live.messages.length === 3, "live delivery after the reconnect");
        assert.deepEqual(
          live.messages.map((message) => message["payload"]),
          ["before", "during", "after"],
        );
        live.stream.close();
      });
    }
  });
}
