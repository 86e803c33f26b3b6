/**
 * @module
 * Runs drizzle-kit (its differ, snapshot builder and introspection) so that it can neither stop
 * to ask a question nor end the process:
 * - it prompts about possible renames when it sees a terminal, so the terminal flags are turned
 *   off around the call (dashbase resolves renames from `--rename` hints before it gets there);
 * - its progress spinner is kept off stdout, where `--json` output must stay clean;
 * - on some failures it prints a message and calls `process.exit(1)` (a duplicate constraint
 *   name in the models, a failed introspection query), which would kill a server or the CLI
 *   without a word. During the call `process.exit` throws `DASHBASE_E_MIGRATION_TOOL_EXIT`
 *   instead, carrying what drizzle-kit printed, and is restored afterwards.
 */
import { stripVTControlCharacters } from "node:util";
import { DashbaseError } from "../errors/dashbase-error.js";

const spinnerText = /Pulling schema from database/;
const promptRefusal = /Interactive prompts require a TTY/;
const maxRecorded = 4000;

/** True when drizzle-kit refused to prompt (it met an ambiguity dashbase did not resolve). */
export function isPromptRefusal(error: unknown): boolean {
  return error instanceof Error && promptRefusal.test(error.message);
}

function overrideFlag(stream: object, value: boolean): () => void {
  const previous = Object.getOwnPropertyDescriptor(stream, "isTTY");
  Object.defineProperty(stream, "isTTY", { value, configurable: true, writable: true });
  return () => {
    if (previous === undefined) Reflect.deleteProperty(stream, "isTTY");
    else Object.defineProperty(stream, "isTTY", previous);
  };
}

type Write = typeof process.stdout.write;

/** Replaces a stream's `write` with one that records text (and drops the spinner); returns the undo. */
function recordWrites(stream: NodeJS.WriteStream, record: (text: string) => void): () => void {
  const write = stream.write;
  stream.write = function recorded(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string") {
      if (spinnerText.test(chunk)) return true;
      record(chunk);
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Write;
  return () => {
    stream.write = write;
  };
}

/** Sets the guards up; the returned function takes them down again. */
function guard(what: string): () => void {
  const restoreIn = overrideFlag(process.stdin, false);
  const restoreOut = overrideFlag(process.stdout, false);
  let printed = "";
  const record = (text: string): void => {
    printed = (printed + stripVTControlCharacters(text)).slice(-maxRecorded);
  };
  const restoreStdout = recordWrites(process.stdout, record);
  const restoreStderr = recordWrites(process.stderr, record);
  const logError = console.error;
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && isPromptRefusal(args[0])) return;
    logError(...args);
  };
  const exit = process.exit;
  process.exit = ((code?: number | string | null): never => {
    const said = printed.trim();
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_TOOL_EXIT",
      `drizzle-kit stopped while ${what} (it tried to end the process with exit code ${String(code ?? 0)})${said === "" ? "; it printed nothing" : `; it printed: ${said}`}`,
      { details: { exitCode: code ?? 0, printed: said } },
    );
  }) as typeof process.exit;
  return () => {
    process.exit = exit;
    console.error = logError;
    restoreStderr();
    restoreStdout();
    restoreOut();
    restoreIn();
  };
}

/**
 * Calls async `fn` (a drizzle-kit entry point) with stdin/stdout not looking like terminals,
 * drizzle-kit's own chatter filtered out and `process.exit` turned into a thrown
 * `DASHBASE_E_MIGRATION_TOOL_EXIT`. `what` completes "drizzle-kit stopped while ...".
 * @example
 * const statements = await quietly("comparing two snapshots", () => generateMigration(from, to));
 */
export async function quietly<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const restore = guard(what);
  try {
    return await fn();
  } finally {
    restore();
  }
}

/**
 * `quietly` for drizzle-kit's synchronous entry points (`generateDrizzleJson`).
 * @example
 * const snapshot = quietlySync("reading the models", () => generateDrizzleJson(models));
 */
export function quietlySync<T>(what: string, fn: () => T): T {
  const restore = guard(what);
  try {
    return fn();
  } finally {
    restore();
  }
}
