/**
 * The `dashbase` command as a whole, in-process: `--version`, exit codes returned by main(),
 * `.env` files, and `start` checking the app's own variables with dashbase's settings.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import type { CommandIo } from "../../src/cli/commands/db-context.js";

const root = path.join(import.meta.dirname, "..", "..");
const folder = path.join(root, "test-artifacts", `cli-main-${process.pid}`);
fs.mkdirSync(folder, { recursive: true });
after(() => fs.rmSync(folder, { recursive: true, force: true }));

async function dashbase(
  argv: readonly string[],
  io: Omit<CommandIo, "stdout" | "stderr"> = {},
): Promise<{ code: number; stdout: string; stderr: string; json(): Record<string, unknown> }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd: folder,
    env: {},
    ...io,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  assert.equal(process.exitCode, undefined, "main returns the code instead of setting process.exitCode");
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

fs.writeFileSync(
  path.join(folder, "app.ts"),
  [
    `import { createApp, html } from "dashbase";`,
    `import { z } from "zod";`,
    `const app = createApp({ title: "Map", env: z.object({ MAPBOX_TOKEN: z.string().min(1) }) });`,
    `app.page("/", { layout: html.P("map") });`,
    `export default app;`,
  ].join("\n"),
);

describe("dashbase", () => {
  it("prints its version with --version and -v", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const run = await dashbase([flag]);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  it("returns 2 for an unknown command, coded", async () => {
    const run = await dashbase(["deploy"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown command 'deploy' \[DASHBASE_E_CLI_USAGE\]/);
  });

  it("start checks the app's own variables with dashbase's settings, in one message", async () => {
    const run = await dashbase(["start", "app.ts", "--json"], {
      env: { DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const error = run.json()["error"] as { code: string; message: string };
    assert.equal(error.code, "DASHBASE_E_CONFIG");
    assert.match(error.message, /2 settings are missing or invalid \(profile production\)/);
    assert.match(error.message, /SESSION_SECRET: required in production/);
    assert.match(error.message, /MAPBOX_TOKEN: required by the app/);
  });

  it("start --port refuses a bad port with a coded usage error, before opening anything", async () => {
    const run = await dashbase(["start", "app.ts", "--port", "eighty"], { env: { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: ":memory:" } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--port: expected a port number from 0 to 65535, found "eighty" \[DASHBASE_E_CLI_USAGE\]/);
  });

  it("dev names a missing app file with a code", async () => {
    const run = await dashbase(["dev", "missing.ts"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /no app file at .*missing\.ts.* \[DASHBASE_E_APP_FILE\]/);
  });

  describe(".env files", () => {
    const project = path.join(folder, "dotenv");
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, "app.ts"), `export default { models: {} };`);
    fs.writeFileSync(path.join(project, ".env"), "DASHBASE_DATA_DIR=from-dotenv\n");
    fs.writeFileSync(path.join(project, ".env.test"), "DASHBASE_DATA_DIR=from-dotenv-test\n");
    // A missing app file stops the command after it named the database, before opening it.
    const where = async (env: Record<string, string>, json = true) =>
      dashbase(["db", "current", "--app", "nowhere.ts", ...(json ? ["--json"] : [])], { cwd: project, env });

    it("reads .env and .env.<profile>, says which, and lets the real environment win", async () => {
      const text = await where({ DASHBASE_ENV: "test" }, false);
      assert.deepEqual(text.stdout.split("\n").slice(0, 2), [
        `database: embedded ${path.join(project, "from-dotenv-test")} (profile test)`,
        "env files: .env, .env.test (the real environment wins over them)",
      ]);
      const json = (await where({ DASHBASE_ENV: "test" })).json();
      assert.deepEqual(json["envFiles"], [".env", ".env.test"]);
      assert.equal((json["database"] as { dataDir: string }).dataDir, path.join(project, "from-dotenv-test"));
      assert.equal(
        ((await where({ DASHBASE_ENV: "development" })).json()["database"] as { dataDir: string }).dataDir,
        path.join(project, "from-dotenv"),
      );
      assert.equal(
        ((await where({ DASHBASE_ENV: "test", DASHBASE_DATA_DIR: "real" })).json()["database"] as { dataDir: string }).dataDir,
        path.join(project, "real"),
      );
    });

    it("reads none in production unless DASHBASE_LOAD_DOTENV=true", async () => {
      const production = { DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded" };
      const plain = (await where(production)).json();
      assert.deepEqual(plain["envFiles"], []);
      assert.equal((plain["database"] as { dataDir: string }).dataDir, path.join(project, ".dashbase/data"));
      const opted = (await where({ ...production, DASHBASE_LOAD_DOTENV: "true" })).json();
      assert.deepEqual(opted["envFiles"], [".env"]);
      assert.equal((opted["database"] as { dataDir: string }).dataDir, path.join(project, "from-dotenv"));
    });
  });
});
