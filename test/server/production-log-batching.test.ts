/**
 * The production logger writes request lines in batches: a quiet server's lines still appear
 * within a moment (the periodic flush), and lines still queued when the process is stopped are
 * written before it exits. Driven through `dashbase start` in production, as deployed.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, it } from "node:test";
import { spawnDashbaseStart } from "../support/spawn-app.js";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-log-batching-"));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const requestLines = (output: string): number => output.split("\n").filter((line) => line.includes('"msg":"request completed"')).length;

/** Polls `read` until it is at least `wanted`, for at most `limitMs`; returns the last value. */
async function waitFor(read: () => number, wanted: number, limitMs: number): Promise<number> {
  const end = Date.now() + limitMs;
  while (read() < wanted && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return read();
}

it("writes a quiet server's request lines without waiting for a full batch, and every queued line before exiting", async () => {
  const app = await spawnDashbaseStart(path.join("examples", "minimal", "app.ts"), ["--migrate"], {
    DASHBASE_ENV: "production",
    NODE_ENV: "production",
    SESSION_SECRET: "l".repeat(40),
    DASHBASE_DATABASE: "embedded",
    DASHBASE_DATA_DIR: path.join(dataDir, "db"),
    DATABASE_URL: "",
  });
  try {
    // Three lines are far below a batch: the periodic flush writes them.
    for (let i = 0; i < 3; i += 1) assert.equal((await fetch(`${app.url}/_dashbase/health`)).status, 200);
    assert.equal(await waitFor(() => requestLines(app.output()), 3, 10_000), 3);
    // The line request-log.ts puts together is pino's, field for field and in pino's order.
    const first = app
      .output()
      .split("\n")
      .find((line) => line.includes('"msg":"request completed"'))!;
    const fields = JSON.parse(first) as Record<string, unknown>;
    assert.deepEqual(Object.keys(fields), ["level", "time", "pid", "hostname", "reqId", "req", "res", "responseTime", "msg"]);
    assert.equal(fields["level"], 30);
    assert.equal(fields["pid"], app.child.pid);
    assert.equal(fields["hostname"], os.hostname());
    assert.deepEqual([fields["req"], fields["res"]], [{ method: "GET", url: "/_dashbase/health" }, { statusCode: 200 }]);
    assert.equal(typeof fields["time"], "number");
    assert.equal(typeof fields["responseTime"], "number");
    // An id and a URL that need escaping stay intact.
    const odd = `/_dashbase/health?q="\\é`;
    const answer = await fetch(`${app.url}${odd}`, { headers: { "x-request-id": "odd.id:1" } });
    assert.equal(answer.status, 200);
    await waitFor(() => requestLines(app.output()), 4, 10_000);
    const logged = app
      .output()
      .split("\n")
      .filter((line) => line.includes('"reqId":"odd.id:1"'))
      .map((line) => JSON.parse(line) as { req: { url: string } });
    assert.deepEqual(
      logged.map((line) => line.req.url),
      [new URL(odd, app.url).pathname + new URL(odd, app.url).search],
    );
    // A burst, then a stop at once: what is still queued is written on the way out.
    const burst = 120;
    await Promise.all(Array.from({ length: burst }, () => fetch(`${app.url}/_dashbase/health`).then((response) => response.arrayBuffer())));
    assert.equal(await app.kill("SIGTERM"), 0);
    assert.equal(requestLines(app.output()), 4 + burst);
  } finally {
    await app.kill("SIGKILL");
  }
});
