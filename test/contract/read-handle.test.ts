/**
 * `db.readOnly()` and `db.writePosition()` on every backend without read replicas: the read handle
 * is the handle itself and no write position is asked for, so code written for replicas runs
 * unchanged on the embedded database, a server, or a pooler. (With replicas:
 * test/faults/read-replicas.test.ts.)
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dropServerDatabases, withPooler } from "../support/backends.js";

for (const backend of withPooler) {
  describe(`read handle without replicas (${backend.name})`, () => {
    after(async () => {
      await dropServerDatabases();
    });

    it("gives the handle itself for reads, with or without a write position, and no write position", async () => {
      const db = await backend.open();
      try {
        assert.equal(db.readOnly(), db);
        assert.equal(db.readOnly({ after: "0/16B3748" }), db);
        assert.equal(await db.writePosition(), undefined);
        await db.exec("create table read_handle_notes (id serial primary key, title text not null)");
        await db.readOnly().query("insert into read_handle_notes (title) values ($1)", ["a"]);
        const { rows } = await db.readOnly().query<{ n: number }>("select count(*)::int as n from read_handle_notes");
        assert.equal(rows[0]?.n, 1);
      } finally {
        await db.close();
      }
    });
  });
}
