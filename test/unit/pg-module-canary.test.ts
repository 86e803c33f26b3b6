/**
 * src/db/pg-module.ts leans on how pg decides whether it runs in a Cloudflare Worker (it reads
 * `navigator.userAgent` first, and builds a `Response` only without it). These checks run in fresh
 * processes with source-map support on, as under tsx: loading the modules that use pg (the server
 * driver, the push hub's listener, pg-boss) must not load Node's fetch implementation, leave a
 * `navigator` behind, turn source maps off, or read the packages' own source maps; loading pg the
 * plain way still builds the `Response` (when an upgrade stops doing that, the shim can go).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { it } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");
const ownNavigator = "navigator" in globalThis ? "this Node has a navigator of its own" : false;

interface Loaded {
  fetchLoaded: boolean;
  navigator: string;
  sourceMaps: boolean;
  /** Whether Node keeps the source map of pg-protocol's and luxon's built code. */
  mapsRead: boolean;
  pool: string;
}

/** Runs `script` (ESM, in the package's folder; `require` is the package's) with source maps on and returns what it reports. */
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

it(
  "loads the server driver, the push listener and pg-boss without Node's fetch implementation, a leftover navigator or their source maps",
  { skip: ownNavigator },
  () => {
    // The driver first: it imports drizzle's node-postgres driver, which imports pg itself.
    const modules = ["db/drivers/node-postgres/pg-driver.js", "push/pg-notifier.js", "jobs/job-boss.js"].map((file) =>
      path.join(root, "dist", file),
    );
    const loaded = loadIn(`
    for (const file of ${JSON.stringify(modules)}) await import(file);
    return require("pg");`);
    assert.deepEqual(loaded, { fetchLoaded: false, navigator: "undefined", sourceMaps: true, mapsRead: false, pool: "function" });
  },
);

it("still builds a Response when pg is loaded the plain way (the shim is still needed)", { skip: ownNavigator }, () => {
  const loaded = loadIn(`return require("pg");`);
  assert.equal(loaded.fetchLoaded, true);
  assert.equal(loaded.mapsRead, true, "with source maps on, pg-protocol's map is read when loaded the plain way");
});
