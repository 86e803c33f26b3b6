/**
 * Runs an ES module script in a fresh Node process (its own V8 heap and flags) and answers what it
 * wrote to stdout; fails the test with its stderr when it exits with an error.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

export function stdoutOfFreshProcess(script: string): string {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}
