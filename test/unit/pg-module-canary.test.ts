/**
 * src/db/pg-module.ts leans on how pg 8.23.1 decides whether it runs in a Cloudflare Worker (it
 * reads `navigator.userAgent` first, and builds a `Response` only without it), so pg is pinned
 * exactly. These checks run in fresh processes with source-map support on, as under tsx:
 * loading pg and pg-boss through dashbase must not load Node's fetch implementation, leave a
 * `navigator` behind, turn source maps off, or read the packages' own source maps; loading pg
 * the plain way still builds the `Response` (when an upgrade stops doing that, the shim can go).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

interface Loaded {
  fetchLoaded: boolean;
  navigator: string;
  sourceMaps: boolean;
  /** Whether Node keeps the source map of pg-protocol's and luxon's built code. */
  mapsRead: boolean;
  pool: string;
}

/** Runs `script` (ESM, in the package's folder) with source maps on and returns what it reports. */
function loadIn(script: string): Loaded {
  const report = `
    import { createRequire, findSourceMap } from "node:module";
    const require = createRequire(${JSON.stringify(path.join(root, "package.json"))});
    const pg = await (async () => { ${script} })();
    const mapsRead = ["pg-protocol/dist/index.js", "luxon/build/node/luxon.js"].some((name) => {
      try { return findSourceMap(require.resolve(name)) !== undefined; } catch { return false; }
    });
    console.log(JSON.stringify({
      fetchLoaded: process.moduleLoadList.some((name) => name.includes("undici")),
      navigator: typeof globalThis.navigator,
      sourceMaps: process.sourceMapsEnabled,
      mapsRead,
      pool: typeof pg.Pool,
    }));`;
  const run = spawnSync(process.execPath, ["--enable-source-maps", "--input-type=module", "-e", report], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Loaded;
}

it("pins pg 8.23.1 exactly, and that is the version installed", () => {
  const ours = readJson(path.join(root, "package.json")) as { dependencies: Record<string, string> };
  assert.equal(ours.dependencies["pg"], "8.23.1");
  assert.equal(readJson(path.join(root, "node_modules", "pg", "package.json"))["version"], "8.23.1");
});

it(
  "loads pg and pg-boss without Node's fetch implementation, a leftover navigator or their source maps",
  { skip: "navigator" in globalThis ? "this Node has a navigator of its own" : false },
  () => {
    const loaded = loadIn(`
    const { pgModule } = await import(${JSON.stringify(path.join(root, "dist", "db", "pg-module.js"))});
    await import(${JSON.stringify(path.join(root, "dist", "jobs", "job-boss.js"))});
    return pgModule;`);
    assert.deepEqual(loaded, { fetchLoaded: false, navigator: "undefined", sourceMaps: true, mapsRead: false, pool: "function" });
  },
);

it(
  "still builds a Response when pg is loaded the plain way (the shim is still needed)",
  { skip: "navigator" in globalThis ? "this Node has a navigator of its own" : false },
  () => {
    const loaded = loadIn(`return require("pg");`);
    assert.equal(loaded.fetchLoaded, true);
    assert.equal(loaded.mapsRead, true, "with source maps on, pg-protocol's map is read when loaded the plain way");
  },
);
