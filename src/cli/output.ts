/**
 * @module
 * What every `dashbase` command writes: human lines (coloured only on a terminal), or one JSON
 * document with `--json`; progress for long runs on a terminal only; and the exit codes.
 */
import { maskSecrets } from "../config/mask-secret.js";
import { isDashbaseError } from "../errors/dashbase-error.js";
import type { ErrorCode } from "../errors/error-codes.js";

/** Exit codes shared by all commands. */
export const exitCodes = {
  ok: 0,
  /** Something failed (database refused, file missing, ...). */
  error: 1,
  /** The command line was wrong (unknown option, bad argument). */
  usage: 2,
  /** The command worked and found something to act on (drift, pending revisions). */
  attention: 3,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export interface WritableLike {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface OutputOptions {
  /** Print one JSON document on stdout instead of human text. */
  json?: boolean;
  /** Defaults to process.stdout / process.stderr. */
  stdout?: WritableLike;
  stderr?: WritableLike;
  /** Force colour on or off; default: on when stdout is a terminal and NO_COLOR is unset. */
  color?: boolean;
}

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

export interface Progress {
  /** Shows `label` as step `index` of `total`. */
  step(index: number, total: number, label: string): void;
  /** Clears the progress line. */
  done(): void;
}

export interface Output {
  readonly json: boolean;
  readonly style: Styles;
  /** A human line on stdout; ignored with --json (the JSON document carries the facts). */
  line(text?: string): void;
  /** A warning on stderr (in both modes: stdout stays clean JSON). */
  warn(text: string): void;
  /** An error line on stderr, for failures already described in the JSON result. */
  error(text: string): void;
  /** The command's result: `data` as JSON with --json, else `human` lines on stdout. */
  result(data: Record<string, unknown>, human?: () => string | readonly string[]): void;
  /**
   * Reports an error (message masked, code shown: DASHBASE_E_CLI_FAILED for an uncoded one) and
   * returns the exit code for it: usage for DASHBASE_E_CLI_USAGE, error otherwise.
   */
  fail(error: unknown, extra?: Record<string, unknown>): ExitCode;
  /** A progress line on a terminal's stderr; a no-op otherwise. */
  progress(): Progress;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string): string => text;

/**
 * @example
 * const out = createOutput({ json: options.json });
 * out.result({ applied: ["a1"] }, () => ["applied a1"]);
 */
export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.json === true;
  const color = options.color ?? (stdout.isTTY === true && !process.env["NO_COLOR"]);
  const style: Styles = color
    ? { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) }
    : { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  const errStyle = (options.color ?? (stderr.isTTY === true && !process.env["NO_COLOR"])) ? ansi(31, 39) : plain;
  const warnStyle = (options.color ?? (stderr.isTTY === true && !process.env["NO_COLOR"])) ? ansi(33, 39) : plain;

  return {
    json,
    style,
    line(text = "") {
      if (!json) stdout.write(`${maskSecrets(text)}\n`);
    },
    warn(text) {
      stderr.write(`${warnStyle("warning:")} ${maskSecrets(text)}\n`);
    },
    error(text) {
      stderr.write(`${errStyle("error:")} ${maskSecrets(text)}\n`);
    },
    result(data, human) {
      if (json) {
        stdout.write(`${maskSecrets(JSON.stringify(data, null, 2))}\n`);
        return;
      }
      const lines = human?.() ?? [];
      for (const text of typeof lines === "string" ? [lines] : lines) stdout.write(`${maskSecrets(text)}\n`);
    },
    fail(error, extra = {}) {
      const message = maskSecrets(error instanceof Error ? error.message : String(error));
      // Every failure carries a code; one dashbase did not foresee (the app's own code threw) gets the catch-all.
      const code: ErrorCode = isDashbaseError(error) ? error.code : "DASHBASE_E_CLI_FAILED";
      if (json) {
        stdout.write(`${maskSecrets(JSON.stringify({ ok: false, ...extra, error: { code, message } }, null, 2))}\n`);
      } else {
        stderr.write(`${errStyle("error:")} ${message} [${code}]\n`);
      }
      return code === "DASHBASE_E_CLI_USAGE" ? exitCodes.usage : exitCodes.error;
    },
    progress() {
      if (json || stderr.isTTY !== true) return { step: () => undefined, done: () => undefined };
      let shown = false;
      return {
        step(index, total, label) {
          shown = true;
          stderr.write(`\r\u001b[2K[${index}/${total}] ${label.slice(0, 100)}`);
        },
        done() {
          if (shown) stderr.write("\r\u001b[2K");
          shown = false;
        },
      };
    },
  };
}
