/**
 * The server driver under stress and failure: a bounded pool that answers "busy" instead of
 * crashing, a statement timeout, retry while the server starts, and a clear error when it is down.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { after, describe, it } from "node:test";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import { isDashbaseError } from "dashbase";
import { backends, dropServerDatabases, freshServerDatabase } from "../support/backends.js";

after(dropServerDatabases);

const withPool = (settings: PostgresDatabaseSettings, pool: Partial<PostgresDatabaseSettings["pool"]>): PostgresDatabaseSettings => ({
  ...settings,
  pool: { ...settings.pool, ...pool },
});

/** A TCP listener on 127.0.0.1 that forwards to `target` once `open()` is called (refuses before). */
function delayedProxy(target: { host: string; port: number }): Promise<{ port: number; open(): void; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => {
        let server: net.Server | undefined;
        const sockets = new Set<net.Socket>();
        resolve({
          port,
          open() {
            server = net.createServer((client) => {
              const upstream = net.connect(target.port, target.host);
              sockets.add(client).add(upstream);
              client.pipe(upstream).pipe(client);
              client.on("error", () => upstream.destroy());
              upstream.on("error", () => client.destroy());
            });
            server.listen(port, "127.0.0.1");
          },
          close: () =>
            new Promise<void>((done) => {
              for (const socket of sockets) socket.destroy();
              if (server) server.close(() => done());
              else done();
            }),
        });
      });
    });
  });
}

for (const backend of backends) {
  describe(`slow queries on ${backend.name}`, () => {
    it("with a pool of 2, each of 20 concurrent slow queries completes or gets the coded busy error, and the pool ends idle", async () => {
      const base = await backend.settings();
      const settings = base.kind === "postgres" ? withPool(base, { max: 2, acquireTimeoutMs: 250 }) : base;
      const db = await createDatabase({ settings });
      try {
        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => db.query("select pg_sleep(0.1)")));
        const busy = outcomes.filter((o) => o.status === "rejected");
        for (const outcome of busy) {
          assert.ok(isDashbaseError(outcome.reason, "DASHBASE_E_DB_BUSY"), `unexpected ${String(outcome.reason)}`);
          assert.equal(outcome.reason.status, 503);
          assert.match(outcome.reason.message, /all 2 connections stayed in use for 250 ms/);
        }
        if (backend.name === "postgres") assert.ok(busy.length > 0, "a pool of 2 cannot serve 20 x 100 ms within 250 ms");
        else assert.equal(busy.length, 0, "the embedded database queues every caller");
        const stats = db.poolStats();
        assert.equal(stats.waiting, 0);
        assert.equal(stats.idle, stats.total);
        assert.ok((await db.health()).ok, "the handle serves again once the load is gone");
      } finally {
        await db.close();
      }
    });
  });
}

const postgres = backends.find((backend) => backend.name === "postgres");
if (postgres) {
  describe("PostgreSQL server driver", () => {
    it("cancels a statement that runs past the statement timeout with a coded error", async () => {
      const db = await createDatabase({ settings: withPool(await freshServerDatabase(), { statementTimeoutMs: 100 }) });
      try {
        await assert.rejects(db.query("select pg_sleep(2)"), (error: unknown) => isDashbaseError(error, "DASHBASE_E_DB_TIMEOUT"));
        assert.ok((await db.health()).ok);
      } finally {
        await db.close();
      }
    });

    it("retries with backoff while the server is not yet accepting connections", async () => {
      const settings = await freshServerDatabase();
      const proxy = await delayedProxy(settings);
      setTimeout(() => proxy.open(), 600);
      const db = await createDatabase({
        settings: withPool({ ...settings, host: "127.0.0.1", port: proxy.port }, { connectRetryMs: 10_000 }),
      });
      try {
        assert.ok((await db.health()).ok);
      } finally {
        await db.close();
        await proxy.close();
      }
    });

    it("fails with a clear error naming host and port when nothing answers, without the password", async () => {
      const settings = await freshServerDatabase();
      const proxy = await delayedProxy(settings);
      const unreachable = withPool({ ...settings, host: "127.0.0.1", port: proxy.port, password: "s3cret-pw" }, { connectRetryMs: 300 });
      await assert.rejects(createDatabase({ settings: unreachable }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_DB_UNREACHABLE"));
        assert.match(error.message, new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${proxy.port} \\(ECONNREFUSED\\)`));
        assert.doesNotMatch(error.message, /s3cret-pw/);
        return true;
      });
      await proxy.close();
    });
  });
}
