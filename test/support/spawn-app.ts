/**
 * Starts the notes app in a child process and waits for its URL.
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

/** Spawns the app with `env` added to this process's environment. Rejects with its output if it exits first. */
export function spawnNotesApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, DASHBASE_ENV: "test", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /listening (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        resolve({
          url,
          child,
          output: () => output,
          kill: (signal = "SIGTERM") => new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill(signal);
          }),
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
    child.once("exit", (code) => reject(Object.assign(new Error(`app exited with ${code} before listening:\n${output}`), { output, code })));
  });
}
