/**
 * @module
 * The embedded database on a worker thread of its own (pglite-thread-host.ts). PGlite's
 * WebAssembly runs there while this thread answers HTTP, checks sessions and validates the next
 * request: on two cores an embedded save no longer waits for the other half of every other save
 * (issue 15). Statements are posted without waiting for the ones before; the thread runs them in
 * the order posted. Parameters and rows cross by structured clone: plain values, Dates, arrays,
 * plain objects and byte arrays cross as they are; a parameter that is or holds an instance of
 * another class is refused by name (it would cross as a plain object of its fields, its own
 * `toString()` and `toJSON()` left behind, and be stored as something else).
 */
import { Worker } from "node:worker_threads";
import type { Results } from "@electric-sql/pglite";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { isOrmTextRequest } from "./orm-parsers.js";
import { threadEndName, type PgliteEngine, type PgliteEngineOptions } from "./pglite-engine.js";
import type { ThreadAnswer, ThreadCall, ThreadOpened, ThreadRequest, ThreadStart } from "./pglite-thread-messages.js";
import { reviveThrown } from "./thrown-across-threads.js";

/**
 * The thread's code: pglite-thread-host.js beside this file; run from source (tests, tsx), the
 * .ts file beside it, loaded through tsx registered in the thread first.
 */
function hostEntry(): { entry: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith(".ts")) return { entry: new URL("./pglite-thread-host.js", import.meta.url), eval: false };
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const host = JSON.stringify(new URL("./pglite-thread-host.ts", import.meta.url).href);
  return { entry: `import(${api}).then((tsx) => { tsx.register(); return import(${host}); })`, eval: true };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** How deep into a parameter's arrays and objects the check for class instances looks. */
const maxCheckedDepth = 32;

/**
 * The name of the first value in `value` that a structured clone would change (an instance of a
 * class other than Date, a byte array or a plain object or array: it would cross as a plain
 * object of its fields, its own `toString()` and `toJSON()` left behind), else undefined.
 */
function uncopyableIn(value: unknown, depth = 0): string | undefined {
  if (typeof value !== "object" || value === null || depth > maxCheckedDepth) return undefined;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== null && prototype !== Object.prototype && prototype !== Array.prototype) {
    return (value as { constructor?: { name?: string } }).constructor?.name || "an object of a class";
  }
  for (const item of Object.values(value)) {
    const found = uncopyableIn(item, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Refuses parameters that would not cross the thread as they are, naming the first one. */
function checkedParams(params: unknown[]): unknown[] {
  for (const [index, param] of params.entries()) {
    const found = uncopyableIn(param);
    if (found !== undefined) {
      throw new DashbaseError(
        "DASHBASE_E_DB_QUERY",
        `parameter $${index + 1} of the statement is (or holds) a ${found}, which cannot be sent to the embedded database as it is: convert it first (String(value) for a value such as a decimal; plain objects and arrays, or JSON.stringify, for a JSON column)`,
        // Refused here, before the statement went anywhere: it may be sent again without this value.
        { details: { parameter: index + 1, sent: false } },
      );
    }
  }
  return params;
}

/** The query options that can cross: drizzle's row mode, and its request to keep its text types as text. */
function crossingOptions(options: Record<string, unknown> | undefined): { rowMode?: "array" | "object"; orm: boolean } {
  if (options === undefined) return { orm: false };
  const { rowMode, parsers, ...rest } = options;
  const others = Object.keys(rest);
  const orm = typeof parsers === "object" && parsers !== null && isOrmTextRequest(parsers);
  if (others.length > 0 || (parsers !== undefined && !orm) || (rowMode !== undefined && rowMode !== "array" && rowMode !== "object")) {
    throw new DashbaseError(
      "DASHBASE_E_DB_QUERY",
      `the embedded database's thread takes no query option but rowMode and drizzle's parsers (got ${Object.keys(options).join(", ")})`,
    );
  }
  return { ...(rowMode === undefined ? {} : { rowMode }), orm };
}

/**
 * PGlite on a thread of its own, as a PgliteEngine.
 * @example
 * const engine = await PgliteThread.open({ dataDir: "/srv/app/data" });
 * const { rows } = await engine.query("select 1 as one");
 */
export class PgliteThread implements PgliteEngine {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Why the thread ended, once it has: every call then fails with it. */
  #end: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (answer: ThreadAnswer) => {
      const pending = this.#pending.get(answer.id);
      if (pending === undefined) return;
      this.#pending.delete(answer.id);
      // An idle thread does not keep the process alive, as an idle database handle does not.
      if (this.#pending.size === 0) worker.unref();
      if ("error" in answer) pending.reject(reviveThrown(answer.error));
      else pending.resolve(answer.value);
    });
    worker.on("error", (error) => this.#ended(`the embedded database's thread failed: ${error.message}`));
    worker.on("exit", (code) => this.#ended(`the embedded database's thread exited (code ${code})`));
    worker.unref();
  }

  /** Starts the thread and opens the database in it; what PGlite threw there is thrown here. */
  static async open(options: PgliteEngineOptions): Promise<PgliteThread> {
    const template = options.template === undefined ? undefined : await options.template.arrayBuffer();
    const start: ThreadStart = {
      dataDir: options.dataDir,
      ...(template === undefined ? {} : { template }),
      ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
      ...(options.tierUp === undefined ? {} : { tierUp: options.tierUp }),
    };
    const host = hostEntry();
    // None of the process's own flags: a thread refuses some (`--input-type`, `-e`), and loaders
    // given with `--import` would only slow the thread's start.
    const worker = new Worker(host.entry, {
      eval: host.eval,
      execArgv: [],
      workerData: start,
      transferList: template === undefined ? [] : [template],
    });
    const opened = await new Promise<ThreadOpened>((resolve, reject) => {
      // Only these listeners go once it answers: the worker's own keep its message port running.
      const onMessage = (message: ThreadOpened): void => settle(() => resolve(message));
      const onError = (error: Error): void => settle(() => reject(error));
      const onExit = (code: number): void =>
        settle(() => reject(new Error(`the embedded database's thread exited (code ${code}) before it opened the database`)));
      const settle = (then: () => void): void => {
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        then();
      };
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    });
    if (!opened.opened) {
      await worker.terminate();
      throw reviveThrown(opened.error);
    }
    return new PgliteThread(worker);
  }

  query<T>(text: string, params: unknown[] = [], options?: Record<string, unknown>): Promise<Results<T>> {
    return this.#send({ op: "query", text, params: checkedParams(params), ...crossingOptions(options) }) as Promise<Results<T>>;
  }

  exec(script: string, options?: Record<string, unknown>): Promise<Results[]> {
    // A script has no rows to shape: options are only checked, so none is dropped unsaid.
    crossingOptions(options);
    return this.#send({ op: "exec", script }) as Promise<Results[]>;
  }

  async begin(): Promise<void> {
    await this.#send({ op: "begin" });
  }

  async end(commit: boolean): Promise<void> {
    await this.#send({ op: "end", commit });
  }

  async close(): Promise<void> {
    try {
      if (this.#end === undefined) await this.#send({ op: "close" });
    } finally {
      await this.#worker.terminate();
    }
  }

  async abandon(): Promise<void> {
    this.#ended("the embedded database stopped");
    await this.#worker.terminate();
  }

  #send(call: ThreadCall): Promise<unknown> {
    if (this.#end !== undefined) return Promise.reject(this.#end);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#worker.ref();
      try {
        this.#worker.postMessage({ id, ...call } satisfies ThreadRequest);
      } catch (error) {
        // A parameter that cannot be copied (a function, a symbol): that statement alone fails.
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#worker.unref();
        reject(
          new DashbaseError(
            "DASHBASE_E_DB_QUERY",
            `a parameter of the statement cannot be sent to the embedded database: ${(error as Error).message}`,
            // Refused here, before the statement went anywhere: it may be sent again without this value.
            { cause: error, details: { sent: false } },
          ),
        );
      }
    });
  }

  /** Fails every call still waiting, and every later one, with why the thread ended. */
  #ended(reason: string): void {
    this.#end ??= Object.assign(new Error(reason), { name: threadEndName });
    for (const pending of this.#pending.values()) pending.reject(this.#end);
    this.#pending.clear();
  }
}
