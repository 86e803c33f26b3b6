/**
 * @module
 * An exclusive lock on an embedded data directory: two processes writing one PGlite directory
 * silently lose rows, so the second one must fail at once and say who holds it.
 *
 * The lock is the file `<dataDir>.lock`. Every step that decides who holds it is one atomic
 * filesystem operation, so processes starting together can never both win:
 * - a holder record is written whole to a private draft file, then hard-linked to the lock path
 *   (`link` fails if the path exists), so a lock file is never seen empty or half-written;
 * - a lock left by a dead process is replaced only by the one process that first creates the
 *   claim file named after that exact lock file (`<lock>.takeover-<id>`, again by `link`), and
 *   only after it re-checks that the lock path still holds that file;
 * - a claim left by a process that died while taking over is taken over the same way, one level up.
 * proper-lockfile was considered: it judges staleness by mtime, which a PGlite query that blocks
 * the event loop longer than its stale time would break, and its lock cannot name the holder.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { currentHolder, isHolderGone, parseHolder, type LockHolder } from "./lock-holder.js";

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Locks this process holds, by lock path, with their tokens. Kept on the process, not the module:
 * two copies of dashbase in one process (a nested install, source and build) must see each
 * other's locks, or one would take the other's over as left by an earlier process with our pid.
 */
const registryKey = Symbol.for("dashbase.dataDirLocks");
const held: Map<string, string> = ((globalThis as Record<symbol, unknown>)[registryKey] ??= new Map<string, string>()) as Map<
  string,
  string
>;
const heldTokens = (): ReadonlySet<string> => new Set(held.values());

/** How long an unreadable (empty, half-written) lock file may be young before it counts as abandoned. */
const unreadableGraceMs = 1_000;
/** How long to keep retrying while other starters are mid-takeover. */
const contentionBudgetMs = 5_000;
/** Claims of claims: each level needs a crash inside a takeover, so a few suffice. */
const maxTakeoverDepth = 4;

const pause = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps synchronously: the lock is taken once at start-up, before anything else can run. */
function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

interface LockFile {
  /** Identifies this very file: inode plus a hash of its content (which holds a unique token). */
  id: string;
  holder: LockHolder | undefined;
  ageMs: number;
}

function readLockFile(file: string): LockFile | undefined {
  try {
    const stat = fs.statSync(file);
    const text = fs.readFileSync(file, "utf8");
    const digest = createHash("sha256").update(text).digest("hex").slice(0, 24);
    return { id: `${stat.ino.toString(36)}-${digest}`, holder: parseHolder(text), ageMs: Date.now() - stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Atomically creates `target` as a second name of the complete `draft`; false if `target` exists. */
function linkExclusive(draft: string, target: string): boolean {
  try {
    fs.linkSync(draft, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
      throw new DashbaseError(
        "DASHBASE_E_DATA_DIR_UNUSABLE",
        `cannot lock ${target}: the filesystem there does not support hard links (${code}), which the data-directory lock needs; put the data directory on a local filesystem (DASHBASE_DATA_DIR)`,
        { cause: error, details: { lockPath: target } },
      );
    }
    throw error;
  }
}

function unlinkQuietly(file: string): void {
  fs.rmSync(file, { force: true });
}

type Verdict = "free" | "wait" | "held";

/** Whether the lock in `file` may be taken over: its holder is gone, or it was abandoned unreadable. */
function judge(file: LockFile): Verdict {
  if (file.holder === undefined) return file.ageMs > unreadableGraceMs ? "free" : "wait";
  return isHolderGone(file.holder, heldTokens()) ? "free" : "held";
}

/**
 * Replaces the stale file `stale` at `target` with `draft`. True when `draft` is now at `target`;
 * false when another process got there first or is still doing so (the caller re-reads and retries).
 */
function takeOver(target: string, stale: LockFile, draft: string, depth: number): boolean {
  if (depth > maxTakeoverDepth) return false;
  const claim = `${target}.takeover-${stale.id}`;
  if (!linkExclusive(draft, claim)) {
    const other = readLockFile(claim);
    if (other === undefined || judge(other) !== "free" || !takeOver(claim, other, draft, depth + 1)) return false;
  }
  // We alone hold the claim on this very file: no one else may remove it, and its holder is gone.
  try {
    if (readLockFile(target)?.id === stale.id) unlinkQuietly(target);
    return linkExclusive(draft, target);
  } finally {
    unlinkQuietly(claim);
  }
}

/**
 * Takes `<dataDir>.lock`, replacing a lock whose process has died (after a crash or kill -9).
 * @throws DashbaseError DASHBASE_E_DATA_DIR_LOCKED naming the live holder.
 * @example
 * const lock = lockDataDir("/srv/app/.dashbase/data");
 * try { ... } finally { lock.release(); }
 */
export function lockDataDir(dataDir: string): DataDirLock {
  // The real directory: a second opener through a symlink (or through the real path) meets the same lock.
  const lockPath = `${realDirectory(dataDir)}.lock`;
  const me = currentHolder();
  const heldHere = held.get(lockPath);
  if (heldHere !== undefined) {
    throw locked(dataDir, me, "this process already has it open: share one Database handle instead of opening the directory twice");
  }
  const draft = `${lockPath}.${me.token}.tmp`;
  fs.writeFileSync(draft, JSON.stringify(me), { flag: "wx" });
  try {
    const deadline = Date.now() + contentionBudgetMs;
    while (Date.now() < deadline) {
      if (linkExclusive(draft, lockPath)) return makeLock(lockPath, me.token);
      const current = readLockFile(lockPath);
      if (current === undefined) continue; // released just now: try again
      const verdict = judge(current);
      if (verdict === "held") {
        throw locked(
          dataDir,
          current.holder!,
          // Only one process can open the directory, so no other tool can reach it while the holder runs (db serve included).
          `stop that process (pid ${current.holder!.pid}: the app, or a dashbase db command) first and run this again, or give this one another directory with DASHBASE_DATA_DIR; to work on the data while the app runs, run both on a PostgreSQL server (DATABASE_URL)`,
        );
      }
      if (verdict === "free" && takeOver(lockPath, current, draft, 1)) return makeLock(lockPath, me.token);
      // Another starter is taking it over, or an unreadable lock is still young: look again shortly.
      sleepSync(5 + Math.random() * 20);
    }
  } finally {
    unlinkQuietly(draft);
  }
  throw new DashbaseError(
    "DASHBASE_E_DATA_DIR_LOCKED",
    `could not take the lock ${lockPath} within ${contentionBudgetMs} ms: it keeps changing hands; if no other process uses ${dataDir}, delete ${lockPath} and start again`,
    {
      details: { dataDir, lockPath },
    },
  );
}

function realDirectory(dataDir: string): string {
  try {
    return fs.realpathSync(dataDir);
  } catch {
    return path.resolve(dataDir);
  }
}

/** Removes drafts and claims that crashed starters left next to the lock (best effort, and safe: every takeover re-checks). */
function sweepLeftovers(lockPath: string): void {
  const prefix = `${path.basename(lockPath)}.`;
  try {
    for (const name of fs.readdirSync(path.dirname(lockPath))) {
      if (!name.startsWith(prefix) || !(name.endsWith(".tmp") || name.includes(".takeover-"))) continue;
      const file = readLockFile(path.join(path.dirname(lockPath), name));
      if (file !== undefined && judge(file) === "free") unlinkQuietly(path.join(path.dirname(lockPath), name));
    }
  } catch {
    // Leftovers are harmless; a directory we cannot list is not worth failing the start for.
  }
}

function locked(dataDir: string, holder: LockHolder, fix: string): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_DATA_DIR_LOCKED",
    `the embedded database ${dataDir} is in use by process ${holder.pid} on ${holder.hostname} ("${holder.command}", since ${holder.since}): ${fix}`,
    { details: { dataDir, pid: holder.pid, hostname: holder.hostname } },
  );
}

function makeLock(lockPath: string, token: string): DataDirLock {
  held.set(lockPath, token);
  sweepLeftovers(lockPath);
  let holding = true;
  const release = (): void => {
    if (!holding) return;
    holding = false;
    held.delete(lockPath);
    process.removeListener("exit", release);
    // Only our own file: no one else can have replaced it while we lived, but check anyway.
    if (readLockFile(lockPath)?.holder?.token === token) unlinkQuietly(lockPath);
  };
  process.on("exit", release);
  return { path: lockPath, release };
}
