/**
 * Runs every benchmark under bench/ (or those named on the command line) one after another, each
 * in its own process so that one's warm caches and heap do not colour the next.
 * Each prints its own numbers with ratios against a baseline measured in the same run
 * (clientside.bench.ts: a clientside chain against the same chain on the server, in Chromium).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", path.join(dir, file)], { stdio: "inherit" });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${files.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
