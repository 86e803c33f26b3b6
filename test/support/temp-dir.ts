/**
 * @module
 * Temporary folders for tests, removed when the test file's process exits (node's test runner runs
 * each file in a process of its own), so runs leave nothing behind under the system's temp folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const made: string[] = [];

process.once("exit", () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A new, empty folder named `dashbase-<prefix>-…` under the system's temporary folder.
 * @example
 * const dir = tempDir("migrations"); // /tmp/dashbase-migrations-Ab12Cd
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dashbase-${prefix}-`));
  made.push(dir);
  return dir;
}
