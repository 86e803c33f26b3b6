/**
 * The minimal example on every backend, through the wire protocol: its revision creates the
 * notes table, and its one callback adds a note and answers with the table's rows.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { createMigrator } from "dashbase/migrations";
import app from "../../examples/minimal/app.js";
import { AppClient } from "../support/app-client.js";
import { backends, dropServerDatabases } from "../support/backends.js";

after(dropServerDatabases);

for (const backend of backends) {
  describe(`minimal example on ${backend.name}`, () => {
    it("adds a note and lists it, newest first", async () => {
      const db = await backend.open();
      const upgrade = await createMigrator(db, { dir: path.resolve("examples/minimal/migrations") }).upgrade();
      assert.ok(upgrade.ok, upgrade.failure?.message);
      const running = await app.listen({
        db,
        port: 0,
        host: "127.0.0.1",
        settings: loadSettings({ env: { DASHBASE_ENV: "test" } }),
        appFile: path.resolve("examples/minimal/app.ts"),
      });
      try {
        const client = await AppClient.open(running.url);
        const add = (clicks: number, text: string) =>
          client.callback({
            outputs: [{ id: "notes", property: "data" }],
            inputs: [{ id: "add", property: "n_clicks", value: clicks }],
            state: [{ id: "text", property: "value", value: text }],
          });
        await add(1, "first");
        const answer = await add(2, "  second  ");
        assert.equal(answer.status, 200);
        const rows = (answer.body as { response: { notes: { data: Array<{ text: string }> } } }).response.notes.data;
        assert.deepEqual(
          rows.map((row) => row.text),
          ["second", "first"],
        );
        const blank = await add(3, "   ");
        assert.equal(
          (blank.body as { response: { notes: { data: unknown[] } } }).response.notes.data.length,
          2,
          "a blank note is not added",
        );
      } finally {
        await running.close();
        await db.close();
      }
    });
  });
}
