/**
 * The embedded driver meets drizzle's request to read dates, timestamps, intervals and numeric
 * arrays as text with a parser table merged once per PGlite client (src/db/drivers/pglite/
 * orm-parsers.ts), not PGlite's per-statement copy of its whole table. Canaries for both pinned
 * halves (what drizzle-orm asks for, and PGlite reading `client.parsers` as it parses), and the
 * values the ORM and raw queries get, interleaved, on the embedded database.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { interval, integer, numeric, pgTable, timestamp, date } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { ormQuery, ormTextTypes } from "../../src/db/drivers/pglite/orm-parsers.js";
import { pgliteBackend } from "../support/backends.js";

const moments = pgTable("moments", {
  id: integer("id").primaryKey(),
  at: timestamp("at", { mode: "date" }).notNull(),
  atText: timestamp("at_text", { mode: "string", withTimezone: true }).notNull(),
  day: date("day").notNull(),
  span: interval("span").notNull(),
  amounts: numeric("amounts").array().notNull(),
  stamps: timestamp("stamps", { mode: "string" }).array().notNull(),
});

const createMoments = `create table moments (id integer primary key, at timestamp not null, at_text timestamptz not null,
  day date not null, span interval not null, amounts numeric[] not null, stamps timestamp[] not null)`;

describe("drizzle's text types on the embedded database", () => {
  it("canary: drizzle-orm's PGlite driver asks for exactly these types as text, on every kind of statement", async () => {
    const asked: Array<Record<string, unknown> | undefined> = [];
    const client = {
      query: async (_text: string, _params: unknown[], options?: Record<string, unknown>) => {
        asked.push(options);
        return { rows: [], fields: [], affectedRows: 0 };
      },
    };
    const orm = drizzle({ client: client as unknown as PGlite });
    await orm.select().from(moments);
    await orm
      .insert(moments)
      .values({ id: 1, at: new Date(0), atText: "2026-01-01", day: "2026-01-01", span: "1 day", amounts: [], stamps: [] });
    await orm.update(moments).set({ day: "2026-01-02" }).where(eq(moments.id, 1)).returning();
    assert.equal(asked.length, 3);
    for (const options of asked) {
      const parsers = options?.["parsers"] as Record<string, (value: string) => unknown>;
      assert.deepEqual(Object.keys(parsers).map(Number).sort(), [...ormTextTypes].sort());
      for (const parser of Object.values(parsers)) assert.equal(parser("2026-01-01 00:00:00"), "2026-01-01 00:00:00");
    }
  });

  it("canary: PGlite parses a statement's rows with the table in client.parsers at that moment", async () => {
    const client = await PGlite.create();
    try {
      const parsers = (client as unknown as { parsers: Record<number, (value: string) => unknown> }).parsers;
      assert.equal((await client.query<{ n: unknown }>("select 41 + 1 as n")).rows[0]!.n, 42);
      (client as unknown as { parsers: unknown }).parsers = { ...parsers, 23: (value: string) => `int4:${value}` };
      assert.equal((await client.query<{ n: unknown }>("select 41 + 1 as n")).rows[0]!.n, "int4:42");
    } finally {
      await client.close();
    }
  });

  it("the ORM reads its text types as text and raw queries keep their own values, interleaved", async () => {
    const db = await pgliteBackend.open();
    try {
      await db.exec(createMoments);
      const at = new Date("2026-01-02T03:04:05.678Z");
      await db.insert(moments).values({
        id: 1,
        at,
        atText: "2026-01-02 03:04:05.123456+00",
        day: "2026-01-02",
        span: "1 day 02:00:00",
        amounts: ["1.50", "2"],
        stamps: ["2026-01-02 03:04:05.123456"],
      });
      for (let round = 0; round < 2; round += 1) {
        const [row] = await db.select().from(moments);
        assert.equal(row!.at.getTime(), at.getTime());
        assert.equal(row!.atText, "2026-01-02 03:04:05.123456+00");
        assert.equal(row!.day, "2026-01-02");
        assert.equal(row!.span, "1 day 02:00:00");
        assert.deepEqual(row!.amounts, ["1.50", "2"]);
        assert.deepEqual(row!.stamps, ["2026-01-02 03:04:05.123456"]);
        // Raw queries read timestamps as Dates and int8 as numbers (src/db/type-parsers.ts).
        const raw = await db.query<{ at_text: unknown; n: unknown }>("select at_text, count(*) over () as n from moments");
        assert.ok(raw.rows[0]!.at_text instanceof Date);
        assert.equal((raw.rows[0]!.at_text as Date).toISOString(), "2026-01-02T03:04:05.123Z");
        assert.equal(raw.rows[0]!.n, 1);
      }
      await db.transaction(async (tx) => {
        const [row] = await tx.orm.select().from(moments);
        assert.equal(row!.atText, "2026-01-02 03:04:05.123456+00");
        const raw = await tx.query<{ at_text: unknown }>("select at_text from moments");
        assert.ok(raw.rows[0]!.at_text instanceof Date);
      });
    } finally {
      await db.close();
    }
  });

  it("hands PGlite no per-statement parsers for drizzle's request, and puts the client's own table back, after a failure too", async () => {
    const client = await PGlite.create();
    try {
      const holder = client as unknown as { parsers: unknown };
      const own = holder.parsers;
      const forwarded: unknown[] = [];
      const query = client.query.bind(client);
      (client as unknown as { query: unknown }).query = (text: string, params?: unknown[], options?: Record<string, unknown>) => {
        forwarded.push(options?.["parsers"]);
        return query(text, params, options);
      };
      const asText = { parsers: Object.fromEntries(ormTextTypes.map((oid) => [oid, (value: string) => value])), rowMode: "object" };
      const result = await ormQuery<{ at: unknown }>(client, "select timestamp '2026-01-02 03:04:05.5' as at", [], asText);
      assert.equal(result.rows[0]!.at, "2026-01-02 03:04:05.5");
      assert.equal(holder.parsers, own);
      await assert.rejects(ormQuery(client, "select * from no_such_table", [], asText), /no_such_table/);
      assert.equal(holder.parsers, own);
      // Any other request is PGlite's to merge, as before.
      const other = { parsers: { 23: (value: string) => `int4:${value}` } };
      assert.equal((await ormQuery<{ n: unknown }>(client, "select 1 as n", [], other)).rows[0]!.n, "int4:1");
      assert.deepEqual(forwarded.slice(0, 2), [undefined, undefined]);
      assert.equal(forwarded[2], other.parsers);
    } finally {
      await client.close();
    }
  });
});
