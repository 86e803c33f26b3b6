/**
 * The embedded database's promises about its data directory: created with its parents, locked
 * against a second process, and every acknowledged row still there after a kill -9.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createDatabase } from "dashbase/db";
import { isDashbaseError } from "dashbase";
import { pgliteTemplate } from "../support/template.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-datadir-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const writerScript = path.join(import.meta.dirname, "..", "support", "pglite-writer.ts");

function startWriter(dataDir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", writerScript, dataDir], { stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves with the acknowledged numbers once `count` rows are acknowledged (or rejects on exit). */
function waitForAcks(child: ChildProcess, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const acked: number[] = [];
    let buffer = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith("ack ")) acked.push(Number(line.slice(4)));
      }
      if (acked.length >= count) resolve(acked);
    });
    child.on("exit", (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
  });
}

describe("embedded data directory", () => {
  it("creates missing parent directories", async () => {
    const dataDir = path.join(root, "a", "b", "c", "data");
    const db = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    assert.equal(db.location, dataDir);
    assert.ok(fs.existsSync(dataDir));
    await db.close();
    assert.ok(!fs.existsSync(`${dataDir}.lock`), "close() releases the lock");
  });

  it("refuses a second handle in the same process and names the holder", async () => {
    const dataDir = path.join(root, "same-process");
    const db = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    try {
      await assert.rejects(
        createDatabase({ settings: { kind: "embedded", dataDir } }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_DATA_DIR_LOCKED") && error.message.includes(`process ${process.pid}`),
      );
    } finally {
      await db.close();
    }
  });

  it("refuses a second process at once with a message naming the process that holds it, and keeps every acknowledged row after kill -9", async () => {
    const dataDir = path.join(root, "crash");
    const seeded = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    await seeded.close();

    const writer = startWriter(dataDir);
    const acked = await waitForAcks(writer, 200);
    try {
      await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir } }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_DATA_DIR_LOCKED"));
        assert.match(error.message, new RegExp(`in use by process ${writer.pid}`));
        assert.match(error.message, /pglite-writer/);
        return true;
      });
    } finally {
      writer.kill("SIGKILL");
      await new Promise((resolve) => writer.once("exit", resolve));
    }
    // The lock file of the killed process is left behind; the next open must take it over.
    assert.ok(fs.existsSync(`${dataDir}.lock`));
    const reopened = await createDatabase({ settings: { kind: "embedded", dataDir } });
    try {
      const { rows } = await reopened.query<{ n: number }>("select n from acked order by n");
      const present = new Set(rows.map((row) => row.n));
      const lost = acked.filter((n) => !present.has(n));
      assert.deepEqual(lost, [], "every acknowledged row survives kill -9");
    } finally {
      await reopened.close();
    }
  });
});
