/**
 * `.env` files: read in development and test, never over the real environment, `.env.<profile>`
 * over `.env`, and not in production unless DASHBASE_LOAD_DOTENV=true.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-dotenv-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(
  path.join(dir, ".env"),
  [
    "DASHBASE_DATA_DIR=from-dotenv",
    "PORT=7001",
    `SESSION_SECRET=${"dotenv-secret-".padEnd(48, "s")}`,
    "# a comment",
    "HOST='10.0.0.1'",
  ].join("\n"),
);
fs.writeFileSync(path.join(dir, ".env.test"), "PORT=7002\nDASHBASE_ENV=production\n");
fs.writeFileSync(path.join(dir, ".env.production"), "DATABASE_URL=postgres://app:hunter2@db/app\n");

const load = (env: Record<string, string>) => loadSettings({ env, cwd: dir, dotenv: true });

describe("loadSettings({ dotenv: true })", () => {
  it("reads .env and .env.<profile>: the real environment wins, then .env.<profile>, then .env", () => {
    const settings = load({ DASHBASE_ENV: "test", HOST: "127.0.0.2" });
    assert.deepEqual(settings.origin?.dotenvFiles, [path.join(dir, ".env"), path.join(dir, ".env.test")]);
    assert.equal(settings.server.port, 7002, ".env.test over .env");
    assert.equal(settings.server.host, "127.0.0.2", "the real environment over .env");
    assert.deepEqual(settings.database, { kind: "embedded", dataDir: path.join(dir, "from-dotenv"), tierUp: false });
    assert.equal(settings.session.secret, "dotenv-secret-".padEnd(48, "s"));
  });

  it("takes the profile from the real environment only, and says when a file tried to set it", () => {
    const settings = load({ DASHBASE_ENV: "test" });
    assert.equal(settings.profile, "test");
    assert.deepEqual(settings.origin?.notices, [
      "DASHBASE_ENV=production in .env.test is ignored: the profile (test) comes from the real environment, since it decides which .env files are read",
    ]);
  });

  it("reads no file in production unless DASHBASE_LOAD_DOTENV=true", () => {
    const production = { DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", SESSION_SECRET: "p".repeat(40) };
    const plain = load(production);
    assert.deepEqual(plain.origin?.dotenvFiles, []);
    assert.equal(plain.server.port, 8050);
    const opted = load({ ...production, DASHBASE_LOAD_DOTENV: "true" });
    assert.deepEqual(opted.origin?.dotenvFiles, [path.join(dir, ".env"), path.join(dir, ".env.production")]);
    assert.equal(opted.server.port, 7001);
    assert.throws(
      () => load({ ...production, DASHBASE_LOAD_DOTENV: "perhaps" }),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_LOAD_DOTENV: expected true or false/.test(error.message),
    );
  });

  it("reads nothing unless asked, and never changes the environment it was given", () => {
    const env = { DASHBASE_ENV: "test" };
    assert.deepEqual(loadSettings({ env, cwd: dir }).origin?.dotenvFiles, []);
    load(env);
    assert.deepEqual(env, { DASHBASE_ENV: "test" });
    assert.equal(process.env["DASHBASE_DATA_DIR"] === "from-dotenv", false);
  });

  it("checks a URL from a .env file like any other, never showing its password", () => {
    assert.throws(
      () => load({ DASHBASE_ENV: "production", DASHBASE_LOAD_DOTENV: "1" }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"));
        // .env names a data directory and .env.production a server: both kinds at once.
        assert.match(error.message, /DATABASE_URL and DASHBASE_DATA_DIR are both set/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
});
