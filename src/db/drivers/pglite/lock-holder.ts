/**
 * @module
 * Who holds a data-directory lock, and whether that holder is provably gone: a lock is taken
 * over only when its process is dead on this host (or the host rebooted, or the pid now belongs
 * to another process). A holder on another host, or one we cannot check, is treated as alive.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";

/** What a lock file says about its holder (older dashbase versions wrote the first four only). */
export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  since: string;
  /** Unique per acquisition: tells two lock files of one pid apart (a container's pid 1 restarting). */
  token?: string;
  /** Linux: /proc/sys/kernel/random/boot_id of the holder's boot. */
  bootId?: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks?: string;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** State and start time of `pid` from /proc (Linux); undefined where /proc is not there. */
function procStat(pid: number): { state: string; startTicks: string } | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTicks = fields[19];
  return state === undefined || startTicks === undefined ? undefined : { state, startTicks };
}

const bootId = readText("/proc/sys/kernel/random/boot_id");

/**
 * The holder record for this process, with a fresh token.
 * @example
 * const me = currentHolder(); // { pid: 4242, hostname: "web-1", token: "9f…", … }
 */
export function currentHolder(): LockHolder & { token: string } {
  const startTicks = procStat(process.pid)?.startTicks;
  return {
    pid: process.pid,
    hostname: os.hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    since: new Date().toISOString(),
    token: randomBytes(16).toString("hex"),
    ...(bootId === undefined ? {} : { bootId }),
    ...(startTicks === undefined ? {} : { startTicks }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True only when `holder` certainly no longer runs: same host and its pid is dead (or a zombie,
 * or reused by a later process), or the host has rebooted since. `ownTokens` are the tokens of
 * locks this process holds: a holder with our pid but another token was an earlier process.
 * @example
 * if (isHolderGone(holder, new Set())) takeOver();
 */
export function isHolderGone(holder: LockHolder, ownTokens: ReadonlySet<string>): boolean {
  if (holder.hostname !== os.hostname()) return false;
  if (holder.bootId !== undefined && bootId !== undefined && holder.bootId !== bootId) return true;
  // Our pid: ours if we hold its token; else an earlier process that had our pid (a container's
  // pid 1 after a restart). A record without a token (an older dashbase) cannot be told apart.
  if (holder.pid === process.pid) return holder.token !== undefined && !ownTokens.has(holder.token);
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (!isAlive(holder.pid)) return true;
  const now = procStat(holder.pid);
  if (now === undefined) return false;
  if (now.state === "Z" || now.state === "X") return true;
  return holder.startTicks !== undefined && now.startTicks !== holder.startTicks;
}

/** Parses a lock file's text; undefined when it is empty, half-written or not a lock record. */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder> | null;
    if (value === null || typeof value !== "object" || typeof value.pid !== "number" || typeof value.hostname !== "string")
      return undefined;
    return { command: "", since: "", ...value } as LockHolder;
  } catch {
    return undefined;
  }
}
