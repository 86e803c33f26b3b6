/**
 * @module
 * The heart of `dashbase dev`: runs the app (`dashbase start`) in a child process, restarts it
 * when its folder changes, and says truthfully what happened: "restarted in N ms" once the new
 * app listens, or the exit of an app that crashed or could not start. Restarts are serialized and
 * the old child is stopped before the new one starts, so a stale app never keeps serving. While
 * no app runs after a failure, the port shows the error (dev-error-page.ts) until the next change.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { stripVTControlCharacters } from "node:util";
import { isListeningMessage } from "./dev-ipc.js";
import type { ErrorPage } from "./dev-error-page.js";
import { watchFolder } from "./dev-watch.js";
import type { WritableLike } from "./output.js";

export interface SupervisorOptions {
  /** The app's folder, watched. */
  folder: string;
  /** The child: `node bin/dashbase.js start app.ts ...`. */
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where the error page listens before the app ever did (after that: where the app listened). */
  port: number | undefined;
  host: string | undefined;
  /** The child's output is copied here, and the supervisor's own lines go to `stderr`. */
  stdout: WritableLike;
  stderr: WritableLike;
  /** Quiet time before a burst of changes becomes one restart (default 150 ms). */
  quietMs?: number;
  /** How long a stopping app may take before it is killed (default 5,000 ms). */
  killAfterMs?: number;
}

export interface Supervisor {
  /** Settles when the watcher has scanned the folder. */
  readonly ready: Promise<void>;
  /** Stops watching, the error page and the app. */
  stop(): Promise<void>;
}

/** How much of the app's last output the error page shows. */
const outputTail = 16_384;

/**
 * Starts the app and supervises it until `stop()`.
 * @example
 * const supervisor = superviseApp({ folder, args, cwd, env, port: 8050, host: undefined, stdout: process.stdout, stderr: process.stderr });
 */
export function superviseApp(options: SupervisorOptions): Supervisor {
  const say = (text: string): void => void options.stderr.write(`dashbase dev: ${text}\n`);
  let child: ChildProcess | undefined;
  let errorPage: ErrorPage | undefined;
  let listenedAt: URL | undefined;
  let stopping = false;
  /** Children being stopped on purpose: their exit is no news. */
  const expected = new WeakSet<ChildProcess>();
  /** Every start, stop and error page, one after the other. */
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (step: () => Promise<void>): Promise<void> => {
    queue = queue.then(step).catch((error: unknown) => say(`supervisor error: ${error instanceof Error ? error.message : String(error)}`));
    return queue;
  };

  const showError = async (headline: string, output: string): Promise<void> => {
    if (stopping || errorPage !== undefined) return;
    const port = listenedAt === undefined ? options.port : Number(listenedAt.port);
    // Port 0 means "any": there is no known address an open tab would come back to.
    if (port === undefined || port === 0) return;
    const host = listenedAt === undefined ? options.host : listenedAt.hostname.replace(/^\[|\]$/g, "");
    try {
      // Loaded when first needed: it is not on the way to the child's start.
      const { openErrorPage } = await import("./dev-error-page.js");
      errorPage = await openErrorPage({ host, port, headline, output });
    } catch (error) {
      say(`could not show the error page on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const launch = (changed: readonly string[] | undefined): void => {
    const started = performance.now();
    const current = spawn(process.execPath, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    child = current;
    let output = "";
    let listening = false;
    const keep = (chunk: string, to: WritableLike): void => {
      to.write(chunk);
      output = (output + chunk).slice(-outputTail);
    };
    current.stdout?.setEncoding("utf8").on("data", (chunk: string) => keep(chunk, options.stdout));
    current.stderr?.setEncoding("utf8").on("data", (chunk: string) => keep(chunk, options.stderr));
    current.on("message", (message) => {
      if (!isListeningMessage(message)) return;
      listening = true;
      listenedAt = new URL(message.url);
      const ms = Math.round(performance.now() - started);
      say(
        changed === undefined
          ? `started in ${ms} ms at ${message.url}`
          : `restarted in ${ms} ms at ${message.url} (${changed.join(", ")} changed)`,
      );
    });
    // "close", not "exit": the error page should show the output down to the last line.
    current.on("close", (code, signal) => {
      if (expected.has(current) || stopping) return;
      const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      const headline = listening ? `the app ${how}` : `the app ${how} before it listened`;
      say(`${headline}; waiting for a change to restart`);
      // A restart queued before this crash has already started another app: leave it the port.
      void enqueue(async () => {
        if (child === current) await showError(headline, stripVTControlCharacters(output).trim());
      });
    });
  };

  const stopChild = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    expected.add(current);
    const exited = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGTERM");
    const killer = setTimeout(() => current.kill("SIGKILL"), options.killAfterMs ?? 5_000);
    await exited;
    clearTimeout(killer);
  };

  const closeErrorPage = async (): Promise<void> => {
    const page = errorPage;
    errorPage = undefined;
    await page?.close();
  };

  // The app starts before the watcher loads and scans the folder: that work overlaps the start.
  launch(undefined);
  /** Changes seen since the last restart began; one restart takes them all. */
  let pending: Set<string> | undefined;
  const watching = watchFolder(options.folder, options.quietMs ?? 150, (names) => {
    if (stopping) return;
    if (pending !== undefined) {
      for (const name of names) pending.add(name);
      return;
    }
    pending = new Set(names);
    void enqueue(async () => {
      const changed = [...(pending ?? [])];
      pending = undefined;
      if (stopping) return;
      say(`${changed.join(", ")} changed, restarting`);
      await closeErrorPage();
      await stopChild();
      if (!stopping) launch(changed);
    });
  });

  // The app runs on without restarts when its folder cannot be watched.
  void watching.ready.catch((error: unknown) =>
    say(`cannot watch ${options.folder} (${error instanceof Error ? error.message : String(error)}): changes will not restart the app`),
  );
  return {
    ready: watching.ready,
    stop: async () => {
      stopping = true;
      try {
        await watching.close();
      } finally {
        await enqueue(async () => {
          await closeErrorPage();
          await stopChild();
        });
      }
    },
  };
}
