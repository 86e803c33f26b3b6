/**
 * @module
 * `npm create dashbase` end to end, the way the docs say to try it before the packages are
 * published: pack dashbase and create-dashbase, scaffold with the packed create-dashbase pointing
 * at the dashbase tarball, `npm install` once (dashbase from the tarball, the rest from the
 * registry), then: `tsc --noEmit` under TypeScript 6 (the project's own) and 7 (when the
 * registry has it), the shipped first migration matches the models (`db generate` finds nothing
 * to write), the smoke test passes, and `dashbase start` serves the page. Needs the registry;
 * takes a minute or two. Run after `npm run build` (`npm run test:packaging` does).
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freePort } from "../support/free-port.js";

const run = promisify(execFile);
const root = path.join(import.meta.dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "create-dashbase-"));
const project = path.join(work, "my-app");
// The scaffold runs as a new user's project would: its own profile (not the suite's "test") and
// its own embedded database, whatever database this run was given; and its `node --test` reports
// for itself (NODE_TEST_CONTEXT would make it talk to this runner instead).
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(DASHBASE_|DATABASE_URL$|TEST_DATABASE_URL$|PG|NODE_ENV$|PORT$|HOST$|SESSION_SECRET$|NODE_TEST_CONTEXT$)/.test(name),
  ),
);
const npmEnv = { ...inherited, npm_config_fund: "false", npm_config_audit: "false" };

async function npm(args: readonly string[], cwd: string, timeoutMs = 240_000): Promise<{ stdout: string; stderr: string }> {
  return run("npm", args, { cwd, env: npmEnv, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
}

/** The tarball `npm pack` wrote for the package in `dir` (its name is the last line of output). */
async function pack(dir: string): Promise<string> {
  const { stdout } = await npm(["pack", "--ignore-scripts", "--pack-destination", work, "--silent"], dir);
  const name = stdout.trim().split("\n").at(-1)!;
  return path.join(work, name);
}

// The one test of the suite that needs the npm registry: DASHBASE_OFFLINE=1 skips it, saying so.
const offline = process.env["DASHBASE_OFFLINE"] === "1" ? "DASHBASE_OFFLINE=1: npm install from the registry is not possible" : false;

describe("npm create dashbase, from local tarballs", { timeout: 600_000, skip: offline }, () => {
  let installOutput = "";
  let dashbaseTarball = "";

  before(async () => {
    dashbaseTarball = await pack(root);
    const createTarball = await pack(path.join(root, "packages", "create-dashbase"));
    // the packed create-dashbase run the way npm create runs a published one (npm exec of its bin)
    await npm(
      [
        "exec",
        "--yes",
        `--package=${createTarball}`,
        "--",
        "create-dashbase",
        "my-app",
        "--dashbase",
        dashbaseTarball,
        "--docker",
        "--procfile",
      ],
      work,
      120_000,
    );
    const installed = await npm(["install", "--no-audit", "--no-fund"], project);
    installOutput = installed.stdout + installed.stderr;
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("scaffolds the documented files, with dashbase from the tarball", () => {
    for (const file of [
      "app.ts",
      "models.ts",
      "tsconfig.json",
      ".gitignore",
      ".env.example",
      "package.json",
      "test/app.test.ts",
      "Dockerfile",
      ".dockerignore",
      "Procfile",
    ]) {
      assert.ok(fs.existsSync(path.join(project, file)), `${file} is scaffolded`);
    }
    assert.equal(fs.readdirSync(path.join(project, "migrations")).length, 1, "one first migration");
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    assert.deepEqual(Object.keys(manifest.scripts).sort(), ["db", "dev", "start", "test", "typecheck"]);
    assert.match(manifest.dependencies["dashbase"]!, /^file:.*dashbase-[\d.]+\.tgz$/);
    const ignored = fs.readFileSync(path.join(project, ".gitignore"), "utf8");
    for (const entry of ["node_modules", ".dashbase", "dist", ".env"])
      assert.match(ignored, new RegExp(`^${entry.replace(".", "\\.")}/?$`, "m"));
  });

  it("installs with no engine warnings on this Node and one drizzle-orm", async () => {
    assert.doesNotMatch(installOutput, /EBADENGINE/, installOutput);
    const { stdout } = await npm(["ls", "drizzle-orm", "--all", "--parseable"], project);
    assert.equal(new Set(stdout.trim().split("\n")).size, 1, `one drizzle-orm: ${stdout}`);
  });

  it("refuses a drizzle-orm outside the peer range at install time (not as type errors later)", async () => {
    const other = path.join(work, "old-drizzle");
    fs.mkdirSync(other);
    fs.writeFileSync(
      path.join(other, "package.json"),
      JSON.stringify({ name: "old-drizzle", private: true, dependencies: { "drizzle-orm": "0.44.7" } }),
    );
    await assert.rejects(
      npm(["install", "--dry-run", "--no-audit", "--no-fund", dashbaseTarball], other, 120_000),
      (error: Error & { stderr?: string }) => {
        assert.match(error.stderr ?? "", /ERESOLVE[\s\S]*peer drizzle-orm@/);
        return true;
      },
    );
  });

  it("type-checks under TypeScript 6 (the project's own)", async () => {
    const { stdout } = await run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "--version"], {
      cwd: project,
    });
    assert.match(stdout, /Version 6\./);
    await run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit"], { cwd: project });
  });

  it("type-checks under TypeScript 7 when the registry has it", async (t) => {
    let version: string;
    try {
      version = (await npm(["view", "typescript@7", "version", "--json"], project, 30_000)).stdout.trim();
    } catch (error) {
      t.skip(`npm view typescript@7 failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      return;
    }
    const versions = version === "" ? [] : ([] as string[]).concat(JSON.parse(version) as string | string[]);
    const latest = versions.at(-1);
    if (latest === undefined) {
      t.skip("the registry has no typescript@7");
      return;
    }
    const checked = await npm(["exec", "--yes", `--package=typescript@${latest}`, "--", "tsc", "--version"], project, 120_000);
    assert.match(checked.stdout, /Version 7\./);
    await npm(["exec", "--yes", `--package=typescript@${latest}`, "--", "tsc", "--noEmit"], project, 120_000);
  });

  it("ships a first migration that matches the models (db generate has nothing to write)", async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(project, "node_modules", "dashbase", "bin", "dashbase.js"), "db", "generate", "--json"],
      {
        cwd: project,
        env: npmEnv,
      },
    );
    const result = JSON.parse(stdout) as { ok: boolean; created: boolean };
    assert.equal(result.ok, true, stdout);
    assert.equal(result.created, false, stdout);
  });

  it("passes its own smoke test (npm test)", async () => {
    const { stdout } = await npm(["test"], project, 120_000);
    assert.match(stdout, /# fail 0/);
  });

  it("serves the page with npm start (migrations applied first)", async () => {
    const port = await freePort();
    const child = spawn("npm", ["start"], {
      cwd: project,
      env: { ...npmEnv, PORT: String(port), HOST: "127.0.0.1" },
      detached: true,
      stdio: "ignore",
    });
    const started = performance.now();
    try {
      let status = 0;
      while (performance.now() - started < 60_000 && child.exitCode === null) {
        try {
          status = (await fetch(`http://127.0.0.1:${port}/`)).status;
          if (status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(status, 200, `first GET / (exit code ${String(child.exitCode)})`);
      assert.ok(fs.existsSync(path.join(project, ".dashbase")), "the embedded database lives in .dashbase/");
    } finally {
      // npm start runs dashbase in a child of its own: stop the whole group
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });
});
