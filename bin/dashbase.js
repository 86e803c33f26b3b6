#!/usr/bin/env node
// The `dashbase` command. tsx's loader is registered first so that apps written in TypeScript
// (app.ts, models.ts) load with no build step of their own.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// In a clone of the repository (scripts/ is never published) with no dist/ yet, build once, so
// `npx dashbase` works right after `npm install` without an install script in the published
// package (npm lists every package with one as wanting approval).
const main = new URL("../dist/cli/main.js", import.meta.url);
const build = new URL("../scripts/build.mjs", import.meta.url);
if (!fs.existsSync(main) && fs.existsSync(build)) {
  process.stderr.write("dashbase: dist/ is missing in this clone; building it once (npm run build)...\n");
  const result = spawnSync(process.execPath, [fileURLToPath(build), "--quiet"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// `dashbase db history | head -1`: a reader that stops early is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
