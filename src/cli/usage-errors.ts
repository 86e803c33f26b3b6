/**
 * @module
 * Commander's own errors (an unknown option, a missing argument) in dashbase's coded form:
 * `error: ... [DASHBASE_E_CLI_USAGE]` on stderr, or with `--json` anywhere on the command line
 * one `{ "ok": false, "error": { "code", "message" } }` document on stdout.
 */
import type { OutputConfiguration } from "commander";
import type { WritableLike } from "./output.js";

/**
 * The output configuration that codes commander's errors; `argv` is the command line being parsed.
 * @example
 * program.configureOutput(codedUsageOutput(argv, { stdout: process.stdout, stderr: process.stderr }));
 */
export function codedUsageOutput(argv: readonly string[], streams: { stdout: WritableLike; stderr: WritableLike }): OutputConfiguration {
  const json = argv.includes("--json");
  return {
    writeOut: (text) => void streams.stdout.write(text),
    writeErr: (text) => void streams.stderr.write(text),
    outputError: (text, write) => {
      const message = text.trim().replace(/^error:\s*/, "");
      if (json) streams.stdout.write(`${JSON.stringify({ ok: false, error: { code: "DASHBASE_E_CLI_USAGE", message } }, null, 2)}\n`);
      else write(`${text.trimEnd()} [DASHBASE_E_CLI_USAGE]\n`);
    },
  };
}
