import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const fixture = fileURLToPath(new URL("./fixtures/slow-app.ts", import.meta.url));

describe("app.listen() shutdown", () => {
  it("on SIGTERM finishes the request in flight, closes the database and exits with 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      env: { ...process.env, DASHBASE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: Array<Record<string, unknown>> = [];
    const waiters: Array<() => void> = [];
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let index;
      while ((index = buffer.indexOf("\n")) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, index)) as Record<string, unknown>);
        buffer = buffer.slice(index + 1);
        for (const wake of waiters.splice(0)) wake();
      }
    });
    const lineWith = async (key: string): Promise<Record<string, unknown>> => {
      for (;;) {
        const found = lines.find((line) => key in line);
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before printing ${key}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const exited = once(child, "exit");
    try {
      const { url } = (await lineWith("url")) as { url: string };
      const inFlight = fetch(`${url}/api/slow`);
      await lineWith("started");
      child.kill("SIGTERM");
      const answer = await inFlight;
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { done: true, n: 42 });
      const [code, signal] = await exited;
      assert.equal(signal, null);
      assert.equal(code, 0);
      await assert.rejects(fetch(`${url}/_dashbase/health`), "nothing listens any more");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
