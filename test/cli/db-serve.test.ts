/**
 * `dashbase db serve`: the embedded database answers the PostgreSQL protocol on a local port, so
 * ordinary clients (node-postgres here, psql or DBeaver for users) can read its data.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import pg from "pg";
import { startEmbeddedServer } from "../../src/cli/commands/db-serve.js";
import { createDatabase } from "dashbase/db";
import { isDashbaseError } from "dashbase";
import { pgliteTemplate } from "../support/template.js";
import { tempDir } from "../support/temp-dir.js";

describe("dashbase db serve", () => {
  it("serves an embedded data directory to a PostgreSQL client on a free local port", async () => {
    const dataDir = path.join(tempDir("serve"), "data");
    const db = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    await db.exec("create table notes (id serial primary key, title text not null); insert into notes (title) values ('served');");
    await db.close();

    const server = await startEmbeddedServer(dataDir, { port: 0 });
    try {
      assert.match(server.url, /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ title: string }>("select title from notes");
        assert.deepEqual(rows, [{ title: "served" }]);
      } finally {
        await client.end();
      }
      await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir } }), (error: unknown) =>
        isDashbaseError(error, "DASHBASE_E_DATA_DIR_LOCKED"),
      );
    } finally {
      await server.stop();
    }
    // The lock is released: the app can open the directory again.
    const reopened = await createDatabase({ settings: { kind: "embedded", dataDir } });
    await reopened.close();
  });
});
