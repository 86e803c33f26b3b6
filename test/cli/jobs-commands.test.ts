/**
 * `dashbase jobs list | retry | cancel` run in-process with captured output, on every backend:
 * the JSON documents, the exit codes, and coded errors for unknown ids.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "dashbase/db";
import type { DatabaseSettings } from "dashbase/config";
import { main } from "../../src/cli/main.js";
import { JobQueue } from "../../src/jobs/job-queue.js";
import { JobRegistry } from "../../src/jobs/job-registry.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { tempDir } from "../support/temp-dir.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json(): Record<string, unknown>;
}

async function dashbaseJobs(env: Record<string, string | undefined>, cwd: string, argv: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(["jobs", ...argv], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`dashbase jobs on ${backend.name}`, () => {
    it("lists jobs, retries a failed one, cancels a queued one, and refuses unknown ids with DASHBASE_E_JOB_NOT_FOUND", async () => {
      const cwd = tempDir("jobs-cli");
      let settings: DatabaseSettings;
      let env: Record<string, string | undefined>;
      if (backend.name === "pglite") {
        const dataDir = path.join(cwd, "data");
        settings = { kind: "embedded", dataDir };
        env = { DASHBASE_ENV: "test", DASHBASE_DATA_DIR: dataDir };
      } else {
        settings = await backend.settings();
        assert.equal(settings.kind, "postgres");
        env = { DASHBASE_ENV: "test", DATABASE_URL: settings.displayUrl.replace("***", settings.password ?? "") };
      }
      const db = await createDatabase({ settings });
      const registry = new JobRegistry();
      registry.add(
        "breaks",
        () => {
          throw new Error("broken on purpose");
        },
        { retries: 0 },
      );
      registry.add("waits", () => undefined);
      const queue = await JobQueue.open({ db, registry, timings: { pollMs: 100, cancelPollMs: 100 }, onError: () => undefined });
      const failed = await queue.enqueue("breaks", { n: 1 });
      const queued = await queue.enqueue("waits", { n: 2 }, { startAfterMs: 600_000, owner: "owner-x" });
      while ((await queue.get(failed))?.state !== "failed") await sleep(50);
      await queue.stop();
      await db.close();

      const listed = await dashbaseJobs(env, cwd, ["list", "--json"]);
      assert.equal(listed.code, 0, listed.stderr);
      const jobs = listed.json()["jobs"] as { id: string; state: string; name: string; owner?: string }[];
      assert.deepEqual(
        jobs.map((job) => [job.id, job.state]).sort(),
        [
          [failed, "failed"],
          [queued, "created"],
        ].sort(),
      );
      assert.equal(jobs.find((job) => job.id === queued)?.owner, "owner-x");
      const onlyFailed = await dashbaseJobs(env, cwd, ["list", "--state", "failed", "--json"]);
      assert.deepEqual(
        (onlyFailed.json()["jobs"] as { id: string }[]).map((job) => job.id),
        [failed],
      );
      const human = await dashbaseJobs(env, cwd, ["list", "--name", "waits"]);
      assert.match(human.stdout, new RegExp(`${queued}\\s+created\\s+waits`));

      const retried = await dashbaseJobs(env, cwd, ["retry", failed, "--json"]);
      assert.equal(retried.code, 0, retried.stderr);
      assert.equal((retried.json()["job"] as { state: string }).state, "retry");
      const cancelled = await dashbaseJobs(env, cwd, ["cancel", queued, "--json"]);
      assert.equal(cancelled.code, 0, cancelled.stderr);
      assert.equal((cancelled.json()["job"] as { state: string }).state, "cancelled");
      const again = await dashbaseJobs(env, cwd, ["cancel", queued, "--json"]);
      assert.equal(again.code, 3);
      assert.equal(again.json()["changed"], false);

      for (const argv of [
        ["cancel", "00000000-0000-4000-8000-000000000000", "--json"],
        ["retry", "not-an-id", "--json"],
      ]) {
        const unknown = await dashbaseJobs(env, cwd, argv);
        assert.equal(unknown.code, 1);
        assert.equal((unknown.json()["error"] as { code: string }).code, "DASHBASE_E_JOB_NOT_FOUND");
      }
      const badState = await dashbaseJobs(env, cwd, ["list", "--state", "nope", "--json"]);
      assert.equal(badState.code, 1);
    });
  });
}
