#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: test/) in one node:test run, so the
// output ends with a single summary for the whole suite.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const roots = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith("--"));
const files = [];
for (const root of roots.length > 0 ? roots : ["test"]) {
  const stat = fs.statSync(root);
  if (stat.isFile()) files.push(root);
  else
    for (const entry of fs.readdirSync(root, { recursive: true })) {
      if (String(entry).endsWith(".test.ts")) files.push(path.join(root, String(entry)));
    }
}
files.sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...passThrough, ...files],
  { stdio: "inherit", env: { ...process.env, DASHBASE_ENV: process.env.DASHBASE_ENV ?? "test" } },
);
process.exit(result.status ?? 1);
