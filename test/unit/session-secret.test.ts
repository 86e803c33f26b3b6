/**
 * Where the session secret comes from: SESSION_SECRET, or one generated once and kept beside
 * the embedded data.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";
import { resolveSessionSecret, sessionSecretPath } from "dashbase/session";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-secret-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe("session secret", () => {
  it("uses SESSION_SECRET when it is set", async () => {
    const secret = "x".repeat(40);
    assert.equal(await resolveSessionSecret(loadSettings({ env: { SESSION_SECRET: secret }, cwd: root })), secret);
  });

  it("generates one secret in development, keeps it beside the data directory with mode 0600, and reuses it", async () => {
    const cwd = path.join(root, "app");
    const settings = loadSettings({ env: {}, cwd });
    const file = sessionSecretPath(settings);
    assert.equal(file, path.join(cwd, ".dashbase", "session-secret"));
    const secrets = await Promise.all(Array.from({ length: 5 }, () => resolveSessionSecret(settings)));
    assert.equal(new Set(secrets).size, 1);
    assert.match(secrets[0] as string, /^[0-9a-f]{64}$/);
    assert.equal(fs.statSync(file as string).mode & 0o777, 0o600);
    assert.equal(await resolveSessionSecret(settings), secrets[0]);
    assert.deepEqual(
      fs.readdirSync(path.dirname(file as string)).filter((name) => name.endsWith(".tmp")),
      [],
    );
  });

  it("keeps a development secret for a server database under .dashbase in the working directory", async () => {
    const cwd = path.join(root, "server-app");
    const settings = loadSettings({ env: { DATABASE_URL: "postgres://app@127.0.0.1:1/app" }, cwd });
    assert.equal(sessionSecretPath(settings, cwd), path.join(cwd, ".dashbase", "session-secret"));
    const secret = await resolveSessionSecret(settings, { cwd });
    assert.equal(fs.readFileSync(path.join(cwd, ".dashbase", "session-secret"), "utf8").trim(), secret);
  });

  it("makes a fresh secret for an in-memory database without writing a file", async () => {
    const settings = loadSettings({ env: { DASHBASE_DATA_DIR: ":memory:" }, cwd: root });
    assert.equal(sessionSecretPath(settings), null);
    assert.notEqual(await resolveSessionSecret(settings), await resolveSessionSecret(settings));
  });

  it("refuses a kept secret file that is too short, naming the file", async () => {
    const cwd = path.join(root, "broken");
    fs.mkdirSync(path.join(cwd, ".dashbase"), { recursive: true });
    fs.writeFileSync(path.join(cwd, ".dashbase", "session-secret"), "short\n");
    await assert.rejects(
      resolveSessionSecret(loadSettings({ env: {}, cwd })),
      (error: unknown) =>
        isDashbaseError(error, "DASHBASE_E_SESSION_SECRET") && error.message.includes(path.join(cwd, ".dashbase", "session-secret")),
    );
  });

  it("refuses to invent a secret in production", async () => {
    const settings = { ...loadSettings({ env: {}, cwd: root }), profile: "production" as const };
    await assert.rejects(resolveSessionSecret(settings), (error: unknown) => isDashbaseError(error, "DASHBASE_E_SESSION_SECRET"));
  });
});
