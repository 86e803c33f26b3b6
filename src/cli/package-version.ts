/**
 * @module
 * dashbase's own version, from its package.json (two folders up from both src/cli and dist/cli).
 */
import fs from "node:fs";

/**
 * @example
 * packageVersion() // "0.1.0"
 */
export function packageVersion(): string {
  const file = new URL("../../package.json", import.meta.url);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}
