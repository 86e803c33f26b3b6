#!/usr/bin/env node
/**
 * @module measure-start
 * Times "start to first page": runs a command (default `npm start`) with PORT set, polls
 * http://127.0.0.1:PORT/ until it answers 200, prints the seconds elapsed, then stops the command.
 * Used to report what a change to the build does to `npm start`; not part of the test suite.
 *
 * node scripts/measure-start.mjs [--port 8093] [-- command args...]
 */
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const portAt = args.indexOf("--port");
const port = portAt >= 0 ? Number(args[portAt + 1]) : 8093;
const dashes = args.indexOf("--");
const command = dashes >= 0 ? args.slice(dashes + 1) : ["npm", "start", "--silent"];
const limitMs = 180_000;

const started = performance.now();
// detached: the command gets its own process group, so stopping it stops npm's children too
const child = spawn(command[0], command.slice(1), {
  env: { ...process.env, PORT: String(port) },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});

function stop(code) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
  process.exit(code);
}

child.on("exit", (code) => {
  console.error(`the command ended (exit ${String(code)}) before the first page`);
  process.exit(1);
});

for (;;) {
  if (performance.now() - started > limitMs) {
    console.error(`no page after ${limitMs / 1000} s`);
    stop(1);
  }
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    if (answer.status === 200) {
      console.log(`first page (200) after ${((performance.now() - started) / 1000).toFixed(1)} s: ${command.join(" ")}`);
      stop(0);
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
