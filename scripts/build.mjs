#!/usr/bin/env node
/**
 * @module build
 * `npm run build`: the server library (tsc -b, incremental, and not started at all when no file
 * under src/ is newer than its build info: a no-op when dist/ is current), the
 * browser renderer (scripts/build-client.mjs, skipped when its inputs are older than
 * dist/client/manifest.json), then each workspace package that changed since its last build.
 * `--force` rebuilds everything. Also run by `prepare`, so a fresh clone's `npm install` leaves a
 * working `npx dashbase`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isFresh } from "./build-freshness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const force = process.argv.includes("--force");
const quiet = process.argv.includes("--quiet");

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: "inherit", shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Deletes *.map files under `dir` (not dist/client, which esbuild owns): tsconfig emits no source
 * maps, so any there are left from an older build and would be published pointing at sources the
 * package does not ship.
 */
function removeSourceMaps(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && file !== path.join(root, "dist", "client")) removeSourceMaps(file);
    else if (entry.isFile() && entry.name.endsWith(".map")) fs.rmSync(file);
  }
}

// tsc -b is itself a no-op when dist/ is current, but starting TypeScript to find that out takes
// a second or more of `npm start`; no source or config newer than its build info says the same.
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const tsInputs = ["src", "tsconfig.json", "package.json"].map((name) => path.join(root, name));
if (force || !isFresh(tsInputs, path.join(root, "dist", ".tsbuildinfo"))) {
  run(process.execPath, [tsc, "-b", "tsconfig.json", ...(force ? ["--force"] : [])]);
  // tsc -b leaves its build info alone when only timestamps changed: touch it so the check above holds next time.
  const now = new Date();
  fs.utimesSync(path.join(root, "dist", ".tsbuildinfo"), now, now);
}
removeSourceMaps(path.join(root, "dist"));
run(process.execPath, [path.join(root, "scripts", "build-client.mjs"), ...(quiet ? ["--quiet"] : []), ...(force ? ["--force"] : [])]);

// Workspace packages: rebuilt when a file of theirs (outside dist/ and node_modules/) is newer
// than the stamp written after their last build. Stamps live in the root dist/, which the
// package's `files` leaves out, so a workspace's own dist/ stays exactly what it publishes.
const stamps = path.join(root, "dist", ".build-stamps");
const rootPackage = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
for (const pattern of rootPackage.workspaces ?? []) {
  const parent = path.join(root, pattern.replace(/\/\*$/, ""));
  if (!fs.existsSync(parent)) continue;
  for (const name of fs.readdirSync(parent).sort()) {
    const dir = path.join(parent, name);
    const manifestFile = path.join(dir, "package.json");
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    if (manifest.scripts?.build === undefined) continue;
    const stamp = path.join(stamps, `${name}.stamp`);
    if (!force && fs.existsSync(path.join(dir, "dist")) && isFresh([dir], stamp)) continue;
    run("npm", ["run", "build", "--silent", "--workspace", path.relative(root, dir)]);
    fs.mkdirSync(stamps, { recursive: true });
    fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  }
}
