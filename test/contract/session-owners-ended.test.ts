/**
 * Sessions report the anonymous owners of ended sessions (onOwnersEnded) instead of deleting
 * store rows themselves: on memory, PGlite and PostgreSQL, the report comes before the sessions
 * go (a failed report leaves them to be reported again), sweeps in batches and from several
 * processes at once remove each session once, and the app's services wire it to the store.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { openServices } from "../../src/app/app-services.js";
import { loadSettings } from "../../src/config/load-settings.js";
import { createDatabase } from "../../src/db/create-database.js";
import type { Database } from "../../src/db/database.js";
import { ensureInternalSchema } from "../../src/models/internal-tables.js";
import { createSessionManager, type SessionBackendChoice } from "../../src/session/session-manager.js";
import { createStore } from "../../src/store/create-store.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const secret = "owners-ended-".padEnd(40, "x");

after(dropServerDatabases);

for (const name of ["memory", ...backends.map((backend) => backend.name)]) {
  const backend = backends.find((candidate) => candidate.name === name);
  const open = async (): Promise<Database | undefined> => backend?.open();
  const choiceOf = (db: Database | undefined): SessionBackendChoice => (db === undefined ? { memory: true } : { db });

  describe(`ended session owners on ${name}`, () => {
    it("reports only the anonymous owner, before the session goes, and keeps the session when the report fails", async () => {
      const db = await open();
      try {
        const reports: string[][] = [];
        let failing = true;
        const sessions = createSessionManager(choiceOf(db), {
          secret,
          sweepIntervalMs: 0,
          onOwnersEnded: async (owners) => {
            reports.push(owners);
            if (failing) throw new Error("store unreachable");
          },
        });
        const anonymous = await sessions.resume(undefined);
        const signedIn = await sessions.attachUser(anonymous.session, "user-7");
        const cookie = /^dashbase_sid=([^;]*);/.exec(signedIn.setCookie)![1];
        await assert.rejects(sessions.destroy(signedIn.session), /store unreachable/);
        assert.equal((await sessions.resume(cookie)).session.id, signedIn.session.id, "a failed report leaves the session in place");
        failing = false;
        await sessions.destroy(signedIn.session);
        assert.notEqual((await sessions.resume(cookie)).session.id, signedIn.session.id);
        assert.deepEqual(
          reports,
          [[anonymous.session.anonymousOwner], [anonymous.session.anonymousOwner]],
          "the user id is never reported",
        );
        await sessions.close();
      } finally {
        await db?.close();
      }
    });

    it("sweeps again what a failed report left, reporting each owner once per sweep", async () => {
      const db = await open();
      try {
        let failing = true;
        const reported: string[] = [];
        const sessions = createSessionManager(choiceOf(db), {
          secret,
          maxAgeMs: 50,
          sweepIntervalMs: 0,
          onOwnersEnded: async (owners) => {
            if (failing) throw new Error("not now");
            reported.push(...owners);
          },
        });
        // Each written to (ensurePersisted): a session that never had a row has nothing to sweep.
        const started = await Promise.all(
          Array.from({ length: 3 }, async () => sessions.ensurePersisted((await sessions.resume(undefined)).session)),
        );
        await sessions.resume(undefined);
        const rotated = await sessions.rotate(started[0]!.session);
        await sleep(120);
        await assert.rejects(sessions.sweepExpired(), /not now/);
        failing = false;
        assert.equal(await sessions.sweepExpired(), 3, "the rotated-away id is gone already; three sessions were left to sweep");
        assert.deepEqual(
          reported.sort(),
          [rotated.session, started[1]!.session, started[2]!.session].map((session) => session.anonymousOwner).sort(),
        );
        assert.equal(await sessions.sweepExpired(), 0);
        await sessions.close();
      } finally {
        await db?.close();
      }
    });

    if (backend !== undefined) {
      it("sweeps more than one batch, reporting every owner with at most 1000 a call", async () => {
        const db = await backend.open();
        try {
          await ensureInternalSchema(db);
          await db.query(
            `INSERT INTO dashbase_sessions (id, anonymous_owner, user_id, csrf_token, expires_at)
             SELECT 'id-' || n, 'anon-' || n, NULL, 't', now() - interval '1 minute' FROM generate_series(1, 2500) AS n`,
          );
          await db.query(
            "INSERT INTO dashbase_sessions (id, anonymous_owner, csrf_token, expires_at) VALUES ('live', 'anon-live', 't', now() + interval '1 hour')",
          );
          const calls: number[] = [];
          const owners = new Set<string>();
          const sessions = createSessionManager(
            { db },
            {
              secret,
              sweepIntervalMs: 0,
              onOwnersEnded: async (batch) => {
                calls.push(batch.length);
                for (const owner of batch) owners.add(owner);
              },
            },
          );
          assert.equal(await sessions.sweepExpired(), 2500);
          assert.ok(calls.every((size) => size <= 1000) && calls.length >= 3, `batches ${calls.join(", ")}`);
          assert.equal(owners.size, 2500);
          assert.ok(!owners.has("anon-live"));
          const { rows } = await db.query<{ id: string }>("SELECT id FROM dashbase_sessions");
          assert.deepEqual(rows, [{ id: "live" }]);
          await sessions.close();
        } finally {
          await db.close();
        }
      });

      it("removes each expired session once when several processes sweep at once, and their anonymous values with them", async () => {
        // On PostgreSQL each "process" has its own handle (its own connections); PGlite is one connection.
        const settings = await backend.settings();
        const handles =
          backend.name === "postgres"
            ? await Promise.all(Array.from({ length: 4 }, () => createDatabase({ settings })))
            : [await backend.open()];
        try {
          const first = handles[0]!;
          const store = createStore({ db: first }, { sweepIntervalMs: 0 });
          const starter = createSessionManager({ db: first }, { secret, maxAgeMs: 200, sweepIntervalMs: 0 });
          const expiring = await Promise.all(
            Array.from({ length: 40 }, async () => starter.ensurePersisted((await starter.resume(undefined)).session)),
          );
          for (const { session } of expiring) await store.set(session.owner, "draft", session.id);
          await store.set("user-kept", "draft", "mine");
          await sleep(300);
          // A session of the default lifetime, so a slow machine cannot let it expire meanwhile.
          const lasting = createSessionManager({ db: first }, { secret, sweepIntervalMs: 0 });
          const live = await lasting.ensurePersisted((await lasting.resume(undefined)).session);
          await store.set(live.session.owner, "draft", "live");
          const sweepers = Array.from({ length: 8 }, (_, i) => {
            const db = handles[i % handles.length]!;
            const own = createStore({ db }, { sweepIntervalMs: 0 });
            return createSessionManager({ db }, { secret, sweepIntervalMs: 0, onOwnersEnded: (owners) => own.deleteOwners(owners) });
          });
          const counts = await Promise.all(sweepers.map((sweeper) => sweeper.sweepExpired()));
          assert.equal(
            counts.reduce((sum, n) => sum + n, 0),
            40,
            `counts ${counts.join(", ")}`,
          );
          for (const { session } of expiring) assert.equal(await store.get(session.owner, "draft"), undefined);
          assert.equal(await store.get("user-kept", "draft"), "mine");
          assert.equal(await store.get(live.session.owner, "draft"), "live");
          assert.equal((await lasting.resume(/^dashbase_sid=([^;]*);/.exec(live.setCookie!)![1])).session.id, live.session.id);
          await Promise.all([...sweepers.map((sweeper) => sweeper.close()), starter.close(), lasting.close(), store.close()]);
        } finally {
          await Promise.all(handles.map((db) => db.close()));
        }
      });

      it("is wired to the store by the app's services: the sweep takes ended anonymous values, a user's stay", async () => {
        const db = await backend.open();
        const services = await openServices(
          { db: { handle: db }, session: { secret, maxAgeMs: 100, cacheMs: 0 } },
          loadSettings({ env: {} }),
          {},
        );
        try {
          const anonymous = await services.sessions.ensurePersisted((await services.sessions.resume(undefined)).session);
          await services.store.set(anonymous.session.owner, "draft", "anonymous");
          const other = await services.sessions.resume(undefined);
          const signedIn = await services.sessions.attachUser(other.session, "user-services");
          await services.store.set(signedIn.session.owner, "draft", "user");
          await sleep(200);
          assert.equal(await services.sessions.sweepExpired(), 2);
          assert.equal(await services.store.get(anonymous.session.owner, "draft"), undefined);
          assert.equal(await services.store.get("user-services", "draft"), "user");
        } finally {
          await services.close();
          await db.close();
        }
      });
    }
  });
}
