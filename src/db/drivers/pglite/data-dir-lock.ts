/**
 * @module
 * An exclusive lock on an embedded data directory: two processes writing one PGlite directory
 * silently lose rows, so the second one must fail at once and say who holds it.
 */
import fs from "node:fs";
import os from "node:os";
import { DashbaseError } from "../../../errors/dashbase-error.js";

interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  since: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<dataDir>.lock`, replacing a lock whose process has died (after a crash or kill -9).
 * @throws DashbaseError DASHBASE_E_DATA_DIR_LOCKED naming the live holder.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockPath = `${dataDir}.lock`;
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      return makeLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockPath);
    if (owner !== undefined && owner.hostname === me.hostname && owner.pid === me.pid) {
      throw locked(dataDir, owner, "this process already has it open: share one Database handle instead of opening the directory twice");
    }
    if (owner !== undefined && (owner.hostname !== me.hostname || isAlive(owner.pid))) {
      // Only one process can open the directory, so no other tool can reach it while the holder runs (db serve included).
      throw locked(
        dataDir,
        owner,
        `stop that process (pid ${owner.pid}: the app, or a dashbase db command) first and run this again, or give this one another directory with DASHBASE_DATA_DIR; to work on the data while the app runs, run both on a PostgreSQL server (DATABASE_URL)`,
      );
    }
    // The holder is gone: take the lock over.
    fs.rmSync(lockPath, { force: true });
  }
  throw new DashbaseError("DASHBASE_E_DATA_DIR_LOCKED", `could not take the lock ${lockPath}: it keeps changing hands`);
}

function locked(dataDir: string, owner: LockOwner, fix: string): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_DATA_DIR_LOCKED",
    `the embedded database ${dataDir} is in use by process ${owner.pid} on ${owner.hostname} ("${owner.command}", since ${owner.since}): ${fix}`,
    { details: { dataDir, pid: owner.pid, hostname: owner.hostname } },
  );
}

function makeLock(lockPath: string): DataDirLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener("exit", release);
    fs.rmSync(lockPath, { force: true });
  };
  process.on("exit", release);
  return { path: lockPath, release };
}
