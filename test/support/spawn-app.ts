/**
 * Starts an app in a child process and waits for its URL: the notes app through `listen()`, or
 * any app through the `dashbase` command, exactly as `npm start` runs the flagship.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

const script = path.join(import.meta.dirname, "notes-app-server.ts");
const root = path.join(import.meta.dirname, "..", "..");

/** Spawns the notes app with `env` added to this process's environment. Rejects with its output if it exits first. */
export function spawnNotesApp(env: Record<string, string>): Promise<AppProcess> {
  return spawnUntilListening(["--import", "tsx", script], { DASHBASE_ENV: "test", PORT: "0", ...env });
}

/** Spawns test/support/jobs-app-server.ts (an app with a durable job) with `env` added. */
export function spawnJobsApp(env: Record<string, string>): Promise<AppProcess> {
  return spawnUntilListening(["--import", "tsx", path.join(import.meta.dirname, "jobs-app-server.ts")], {
    DASHBASE_ENV: "test",
    PORT: "0",
    ...env,
  });
}

/** Spawns test/support/background-app-server.ts (an app with a background callback and a topic) with `env` added. */
export function spawnBackgroundApp(env: Record<string, string>): Promise<AppProcess> {
  return spawnUntilListening(["--import", "tsx", path.join(import.meta.dirname, "background-app-server.ts")], {
    DASHBASE_ENV: "test",
    PORT: "0",
    ...env,
  });
}

/**
 * Runs `dashbase start <app> <args>` through the package's own bin, as `npm start` does (the
 * built package, the app importing "dashbase" by name), on a free port of 127.0.0.1.
 */
export function spawnDashbaseStart(appFile: string, args: readonly string[], env: Record<string, string>): Promise<AppProcess> {
  return spawnUntilListening([path.join(root, "bin", "dashbase.js"), "start", appFile, "--port", "0", "--host", "127.0.0.1", ...args], env);
}

function spawnUntilListening(args: readonly string[], env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /(?:listening|is running at) (http:\/\/[^\s)]+)/.exec(output)?.[1];
      if (url) {
        resolve({
          url,
          child,
          output: () => output,
          kill: (signal = "SIGTERM") =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
              child.once("exit", (code) => done(code));
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) =>
      reject(Object.assign(new Error(`app exited with ${code} before listening:\n${output}`), { output, code })),
    );
  });
}
