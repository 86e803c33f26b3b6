/**
 * Embedded data directories reached through symlinks: a symlinked directory (or parent) works and
 * is locked as the real directory, so a second opener through the other path is refused; a path
 * that cannot be used (a dangling symlink, a symlink to a file) fails with a coded error naming
 * it, and `dashbase start` prints that message, never "[object Object]".
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { createDatabase } from "dashbase/db";
import { isDashbaseError } from "dashbase";
import { pgliteTemplate } from "../support/template.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-symlinks-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const writerScript = path.join(import.meta.dirname, "..", "support", "pglite-writer.ts");

function waitForLine(child: ChildProcess, wanted: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.split("\n").includes(wanted)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`writer exited with ${code}: ${stderr}`)));
  });
}

const unusable = (dataDir: string, wording: RegExp) => (error: unknown) => {
  assert.ok(isDashbaseError(error, "DASHBASE_E_DATA_DIR_UNUSABLE"), `expected DASHBASE_E_DATA_DIR_UNUSABLE, got ${String(error)}`);
  assert.ok(error.message.includes(dataDir), `the message names ${dataDir}: ${error.message}`);
  assert.match(error.message, wording);
  assert.doesNotMatch(error.message, /\[object Object\]/);
  return true;
};

describe("embedded data directory through symlinks", () => {
  it("opens a data directory that is a symlink, locks the real directory, and refuses a second process opening it through the real path", async () => {
    const real = path.join(root, "real-data");
    const link = path.join(root, "linked-data");
    fs.mkdirSync(real);
    fs.symlinkSync(real, link);
    const seeded = await createDatabase({ settings: { kind: "embedded", dataDir: link }, template: await pgliteTemplate() });
    assert.equal(seeded.location, link);
    assert.ok(fs.existsSync(`${real}.lock`), "the lock is taken on the real directory");
    await seeded.query("select 1");
    await seeded.close();
    assert.ok(fs.existsSync(path.join(real, "PG_VERSION")), "the database files are in the real directory");

    const writer = spawn(process.execPath, ["--import", "tsx", writerScript, link], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitForLine(writer, "ready");
      for (const other of [real, link]) {
        await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir: other } }), (error: unknown) => {
          assert.ok(isDashbaseError(error, "DASHBASE_E_DATA_DIR_LOCKED"), String(error));
          assert.match(error.message, new RegExp(`in use by process ${writer.pid}`));
          return true;
        });
      }
    } finally {
      writer.kill("SIGKILL");
      await new Promise((resolve) => writer.once("exit", resolve));
    }
  });

  it("opens a data directory below a symlinked parent, creating the missing directories", async () => {
    fs.mkdirSync(path.join(root, "volume"));
    fs.symlinkSync(path.join(root, "volume"), path.join(root, "app-volume"));
    const dataDir = path.join(root, "app-volume", "a", "b", "data");
    const db = await createDatabase({ settings: { kind: "embedded", dataDir }, template: await pgliteTemplate() });
    try {
      await db.exec("create table t (n integer)");
      assert.ok(fs.existsSync(path.join(root, "volume", "a", "b", "data", "PG_VERSION")));
    } finally {
      await db.close();
    }
  });

  it("refuses a dangling symlink with DASHBASE_E_DATA_DIR_UNUSABLE naming the path and its missing target", async () => {
    const dataDir = path.join(root, "dangling");
    fs.symlinkSync(path.join(root, "nowhere"), dataDir);
    await assert.rejects(
      createDatabase({ settings: { kind: "embedded", dataDir } }),
      unusable(dataDir, /symlink to .*nowhere, which does not exist/),
    );
  });

  it("refuses a symlink to a file, and a file, with DASHBASE_E_DATA_DIR_UNUSABLE", async () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "not a directory");
    const link = path.join(root, "link-to-file");
    fs.symlinkSync(file, link);
    await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir: link } }), unusable(link, /not a directory/));
    await assert.rejects(createDatabase({ settings: { kind: "embedded", dataDir: file } }), unusable(file, /not a directory/));
    await assert.rejects(
      createDatabase({ settings: { kind: "embedded", dataDir: path.join(file, "data") } }),
      unusable(path.join(file, "data"), /could not be created/),
    );
  });

  it("`dashbase start` with a dangling data directory prints the coded message, never [object Object]", () => {
    // Inside the repository, so that the app imports "dashbase" the way a user's project does.
    const artifacts = path.join(import.meta.dirname, "..", "..", "test-artifacts");
    fs.mkdirSync(artifacts, { recursive: true });
    const folder = fs.mkdtempSync(path.join(artifacts, "symlinked-data-app-"));
    after(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.writeFileSync(
      path.join(folder, "app.ts"),
      `import { createApp, html } from "dashbase";\nconst app = createApp({ title: "t" });\napp.page("/", { title: "t", layout: html.H1("t") });\nexport default app;\n`,
    );
    const dataDir = path.join(folder, "data");
    fs.symlinkSync(path.join(root, "missing"), dataDir);
    const bin = path.join(import.meta.dirname, "..", "..", "bin", "dashbase.js");
    const result = spawnSync(process.execPath, [bin, "start", "app.ts", "--port", "0", "--host", "127.0.0.1"], {
      cwd: folder,
      env: { ...process.env, DASHBASE_ENV: "development", DASHBASE_DATA_DIR: dataDir, SESSION_SECRET: "s".repeat(40), DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stderr, /\[object Object\]/);
    assert.match(result.stderr, /DASHBASE_E_DATA_DIR_UNUSABLE/);
    assert.ok(result.stderr.includes(dataDir), result.stderr);
  });
});
