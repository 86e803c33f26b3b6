#!/usr/bin/env node
// The `dashbase` command. An app written in TypeScript (app.ts, models.ts) needs no build step of
// its own: the CLI compiles it once (src/cli/compiled-app.ts). tsx's loader is registered only for
// an app that cannot be compiled so, just before its file loads (the CLI calls
// registerAppLoader): every module imported while it is registered passes through
// its loader thread, which for the CLI and the library's ~150 modules and their dependencies cost
// seconds of start-up and hundreds of MB that stayed held, and made loading the embedded
// database's driver several times slower (issue 15). Modules already loaded are not loaded again
// when the app imports "dashbase". `dev` itself never loads the app (its child does): no tsx there.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";

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

// V8's young generation is capped before dashbase's modules load (loading them would grow it to
// 16 MB), and again once tsx's loader thread exists (a new thread puts V8's flags back).
const youngGeneration = new URL("../dist/config/young-generation.js", import.meta.url);
const { capYoungGeneration, readYoungGenerationMb } = await import(youngGeneration.href);
const youngGenerationMb = readYoungGenerationMb(process.env, []);
capYoungGeneration(youngGenerationMb);
const command = process.argv[2];
// `dev` only supervises a child that runs `start`: its own program has only that command, and
// loads neither the app nor the database layer.
const run =
  command === "dev" ? (await import(new URL("../dist/cli/dev-main.js", import.meta.url).href)).devMain : (await import(main.href)).main;
let appLoader;
const registerAppLoader = () =>
  (appLoader ??= (async () => {
    // What an app file imports first, loaded before tsx is registered (not through its thread).
    await import(new URL("../dist/index.js", import.meta.url).href);
    const { register } = await import("tsx/esm/api");
    register();
    capYoungGeneration(youngGenerationMb);
  })());
process.exitCode = await run(process.argv.slice(2), { registerAppLoader });
