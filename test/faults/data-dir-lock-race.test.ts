/**
 * Many processes starting together on one embedded data directory: at most one of them ever
 * holds its lock, with no lock file, a lock left by a dead process, an empty lock file, or a
 * half-written one present when they start.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { after, it } from "node:test";

const processes = 12;
const rounds = 20;
const contender = path.join(import.meta.dirname, "..", "support", "lock-contender.ts");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-lock-race-"));
const dataDir = path.join(root, "data");
const lockPath = `${dataDir}.lock`;
fs.mkdirSync(dataDir);

interface Contender {
  child: ChildProcess;
  next(): Promise<string>;
}

function startContender(): Contender {
  const child = spawn(process.execPath, ["--import", "tsx", contender], { stdio: ["pipe", "pipe", "inherit"] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    const resolve = waiting.shift();
    if (resolve === undefined) lines.push(line);
    else resolve(line);
  });
  return {
    child,
    next: () =>
      lines.length > 0
        ? Promise.resolve(lines.shift()!)
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("a contender did not answer within 20 s")), 20_000);
            waiting.push((line) => {
              clearTimeout(timer);
              resolve(line);
            });
          }),
  };
}

/** A pid that certainly belonged to a process that has exited (and was reaped). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(result.stdout);
}

const oldTime = new Date(Date.now() - 60_000);
const setups: Record<string, () => void> = {
  "no lock file": () => undefined,
  "a lock left by a dead process": () => {
    fs.writeFileSync(
      lockPath,
      JSON.stringify({ pid: deadPid(), hostname: os.hostname(), command: "crashed app", since: oldTime.toISOString(), token: "dead" }),
    );
  },
  "an empty lock file (a crash between create and write)": () => {
    fs.writeFileSync(lockPath, "");
    fs.utimesSync(lockPath, oldTime, oldTime);
  },
  "a half-written lock file": () => {
    fs.writeFileSync(lockPath, `{"pid":${deadPid()},"hostna`);
    fs.utimesSync(lockPath, oldTime, oldTime);
  },
};
const kinds = Object.keys(setups);

const contenders: Contender[] = [];
after(() => {
  for (const { child } of contenders) child.kill("SIGKILL");
  fs.rmSync(root, { recursive: true, force: true });
});

it(`${processes} processes × ${rounds} rounds starting together never see two holders of the lock`, { timeout: 240_000 }, async () => {
  for (let i = 0; i < processes; i += 1) contenders.push(startContender());
  for (const c of contenders) assert.equal(await c.next(), "ready");
  const holdersPerRound: Record<string, number[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds; round += 1) {
    const kind = kinds[round % kinds.length]!;
    setups[kind]!();
    const startAt = Date.now() + 200;
    for (const c of contenders) c.child.stdin!.write(`go ${dataDir} ${startAt}\n`);
    const answers = await Promise.all(contenders.map((c) => c.next()));
    const holders = contenders.filter((_, i) => answers[i] === "got");
    holdersPerRound[kind]!.push(holders.length);
    assert.deepEqual(
      answers.filter((a) => a !== "got" && a !== "refused DASHBASE_E_DATA_DIR_LOCKED"),
      [],
      `round ${round} (${kind}): every contender either holds the lock or is refused with DASHBASE_E_DATA_DIR_LOCKED`,
    );
    assert.equal(holders.length, 1, `round ${round} (${kind}): exactly one holder, found ${holders.length}`);
    for (const holder of holders) {
      holder.child.stdin!.write("release\n");
      assert.equal(await holder.next(), "released");
    }
    assert.deepEqual(fs.readdirSync(root), ["data"], `round ${round} (${kind}): released, and no draft or claim left behind`);
  }
  // The counts, for the report: one holder in every round of every kind.
  console.log(`lock race: ${processes} processes, ${rounds} rounds, holders per round by setup: ${JSON.stringify(holdersPerRound)}`);
});
