/**
 * @module
 * Runs drizzle-kit's differ so that it can never stop to ask a question: it prompts about
 * possible renames when it sees a terminal, so the terminal flags are turned off around the call
 * (dashbase resolves renames from `--rename` hints before it gets there), and its progress
 * spinner is kept off stdout, where `--json` output must stay clean.
 */

const spinnerText = /Pulling schema from database/;
const promptRefusal = /Interactive prompts require a TTY/;

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

/**
 * Calls `fn` with stdin/stdout not looking like terminals and drizzle-kit's own chatter
 * (its spinner, the error it logs before rethrowing a refused prompt) filtered out.
 */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const restoreIn = overrideFlag(process.stdin, false);
  const restoreOut = overrideFlag(process.stdout, false);
  const write = process.stdout.write;
  const logError = console.error;
  process.stdout.write = function filtered(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string" && spinnerText.test(chunk)) return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stdout.write;
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && isPromptRefusal(args[0])) return;
    logError(...args);
  };
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
    console.error = logError;
    restoreOut();
    restoreIn();
  }
}
