/**
 * SQL injection strings typed into inputs are data: saved through a callback's insert and an API
 * route they are stored verbatim (read back byte for byte, the table intact), persisted inputs
 * come back unchanged, and as DataTable filter text they match only rows containing that very
 * text (`%`, `_` and `\` included), never widening or breaking the query.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { asc, eq } from "drizzle-orm";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { ensureClientBuilt } from "../support/browser.js";
import { notesAppWithRoutes } from "../support/fuzz-app.js";
import { notes, prepareNotes } from "../support/notes-app.js";
import { TestClient, testSettings } from "../server/support/app-harness.js";

const injections = [
  "'; DROP TABLE notes; --",
  "Robert'); DROP TABLE notes;--",
  "' OR '1'='1",
  '" OR ""="',
  "1; SELECT pg_sleep(5)",
  "' UNION SELECT owner, body, null, null FROM notes --",
  "$1 $2 $$ $tag$ '$$",
  "\\'; DELETE FROM dashbase_store; --",
  "%",
  "_",
  "100%_done\\",
  "E'\\x27'",
  "/* comment */ -- trailing",
  "';\nCOPY notes TO PROGRAM 'id';\n--",
  "ʼ OR 1=1 -- (modifier letter apostrophe)",
];

const saveCall = (body: string, clicks: number) => ({
  callbackId: "saved.children",
  outputs: [{ id: "saved", property: "children" }],
  inputs: [{ id: "save", property: "n_clicks", value: clicks }],
  state: [{ id: "body", property: "value", value: body }],
  changedPropIds: ["save.n_clicks"],
});

after(dropServerDatabases);

for (const backend of backends) {
  describe(`SQL injection strings are data on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    let client: TestClient;

    before(async () => {
      await ensureClientBuilt();
      db = await backend.open();
      await prepareNotes(db);
      server = await notesAppWithRoutes().createServer({ db, settings: testSettings() });
      client = new TestClient(server);
      await client.open("/");
    });

    after(async () => {
      await server?.close();
      await db?.close();
    });

    it("stores them verbatim through a callback's insert and an API route", async () => {
      for (const [index, text] of injections.entries()) {
        const saved = await client.post("/_dashbase/callback", saveCall(text, index + 1));
        assert.equal(saved.statusCode, 200, saved.body);
        const api = await client.post("/api/notes", { body: text });
        assert.equal(api.statusCode, 201, api.body);
        assert.equal(api.json().body, text);
      }
      const rows = await db.select({ body: notes.body }).from(notes).orderBy(asc(notes.id));
      assert.deepEqual(
        rows.map((row) => row.body),
        injections.flatMap((text) => [text, text]),
        "every string is in the table, byte for byte",
      );
      const { rows: tables } = await db.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_name in ('notes', 'dashbase_store', 'dashbase_sessions')",
      );
      assert.equal(tables[0]!.n, 3, "no table was dropped");
    });

    it("keeps them verbatim as persisted input values", async () => {
      for (const text of injections) {
        assert.equal((await client.post("/_dashbase/persist", { id: "body", property: "value", value: text })).statusCode, 204);
        const { boot } = await client.open("/");
        const input = JSON.stringify(boot["layout"]).match(/"id":"body","value":("(?:[^"\\]|\\.)*")/)?.[1];
        assert.equal(input === undefined ? undefined : JSON.parse(input), text);
      }
    });

    it("matches DataTable filter text literally: only rows containing that very text", async () => {
      // Every note belongs to this one client, so its table shows them all.
      const all = await db.select({ body: notes.body }).from(notes);
      assert.equal(all.length, injections.length * 2);
      for (const text of injections) {
        // Filter text is a small language (`a OR b`, `> 3`); quoted, any text is one literal substring.
        const literal = `contains "${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
        const answer = await client.post("/_dashbase/table/my-notes", { filter: { body: literal }, pageSize: 500 });
        assert.equal(answer.statusCode, 200, `${text}: ${answer.body}`);
        const { rows, total } = answer.json() as { rows: Array<{ body: string }>; total: number };
        const expected = all.filter((row) => row.body.toLowerCase().includes(text.trim().toLowerCase()));
        assert.equal(total, expected.length, `${JSON.stringify(text)} matches ${total} rows, expected ${expected.length}`);
        assert.ok(
          rows.every((row) => row.body.toLowerCase().includes(text.trim().toLowerCase())),
          `${JSON.stringify(text)}: every row contains the text`,
        );
      }
      // Unquoted, the language reads them; each answers rows or a coded 400, and the SQL text never changes.
      for (const text of injections) {
        const answer = await client.post("/_dashbase/table/my-notes", { filter: { body: text, seq: text }, pageSize: 500 });
        assert.ok(answer.statusCode === 200 || answer.json().error.code === "DASHBASE_E_TABLE_FILTER", `${text}: ${answer.body}`);
      }
      const numeric = await client.post("/_dashbase/table/my-notes", { filter: { seq: "1 OR 1=1" } });
      assert.equal(numeric.statusCode, 200, numeric.body);
      const ones = await db.select({ seq: notes.seq }).from(notes).where(eq(notes.seq, 1));
      assert.equal(numeric.json().total, ones.length, '"1 OR 1=1" on a number is seq = 1, or seq contains the text "1=1" (none)');
      const { rows: intact } = await db.query<{ n: number }>("select count(*)::int as n from notes");
      assert.equal(intact[0]!.n, injections.length * 2, "every note is still there");
    });
  });
}
