/**
 * The embedded database under an app: killed with SIGKILL while users save, every acknowledged
 * save is there after a restart; a second process on the same data directory is refused.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createDatabase } from "dashbase/db";
import { AppClient } from "../support/app-client.js";
import { spawnNotesApp } from "../support/spawn-app.js";
import { pgliteTemplate } from "../support/template.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-embedded-crash-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe("an app on the embedded database", () => {
  it("keeps every acknowledged save after SIGKILL under write load, and refuses a second process on the same directory", async () => {
    const dataDir = path.join(root, "data");
    const seeded = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    await seeded.close();
    const env = { DASHBASE_DATA_DIR: dataDir, SESSION_SECRET: "e".repeat(40) };
    const app = await spawnNotesApp(env);

    await assert.rejects(spawnNotesApp(env), (error: Error & { output?: string }) => {
      assert.match(error.output ?? "", /DASHBASE_E_DATA_DIR_LOCKED|in use by process/);
      assert.match(error.output ?? "", new RegExp(`process ${app.child.pid}`));
      return true;
    });

    const clients = await Promise.all(Array.from({ length: 3 }, () => AppClient.open(app.url)));
    const acknowledged: string[] = [];
    let stop = false;
    const writers = clients.map(async (client, index) => {
      for (let n = 1; !stop; n += 1) {
        const body = `embedded-${index}-${n}`;
        try {
          const answer = await client.callback({
            outputs: [{ id: "saved", property: "children" }],
            inputs: [{ id: "save", property: "n_clicks", value: n }],
            state: [{ id: "body", property: "value", value: body }],
          });
          if (answer.status === 200) acknowledged.push(body);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 20));
    await app.kill("SIGKILL");
    stop = true;
    await Promise.all(writers);

    const restarted = await spawnNotesApp(env);
    await restarted.kill("SIGTERM");
    const db = await createDatabase({ settings: { kind: "embedded", dataDir } });
    try {
      const { rows } = await db.query<{ body: string }>("select body from notes");
      const stored = new Set(rows.map((row) => row.body));
      assert.deepEqual(
        acknowledged.filter((body) => !stored.has(body)),
        [],
        "no acknowledged save is lost",
      );
    } finally {
      await db.close();
    }
  });
});
