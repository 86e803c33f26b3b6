/**
 * @module
 * How large V8's young generation (where new objects are made; each scavenge copies its
 * survivors) may grow. Under a server's allocation rate V8 grows it to two 16 MB semi-spaces, about
 * 30 MB resident, more than a small app's requests need (issue 15). Node reads
 * `--max-semi-space-size` only at launch, and at run time V8 lets only the growth factor change;
 * so the cap is kept by stopping growth once it is reached, checked after every garbage
 * collection (a new Worker, such as tsx's loader thread, puts V8's flags back to their launch
 * values). The check runs between turns of the event loop, as a server takes them between
 * requests: one long synchronous stretch that keeps many objects alive can grow past the cap.
 */
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import { readInteger, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";

/** The young generation's cap in MB when DASHBASE_YOUNG_GENERATION_MB is not set. */
export const defaultYoungGenerationMb = 16;

/** V8's own growth factor (`--semi-space-growth-factor`), put back below the cap. */
const v8GrowthFactor = 2;

/**
 * DASHBASE_YOUNG_GENERATION_MB: the young generation's cap in MB (both semi-spaces; V8 grows it
 * by doubling, so the cap is reached at the first power of two at or above it); 0 leaves V8's
 * own sizing (up to 32 MB).
 * @example
 * readYoungGenerationMb({ DASHBASE_YOUNG_GENERATION_MB: "16" }, problems) // 16
 */
export function readYoungGenerationMb(env: Env, problems: SettingProblem[]): number {
  return readInteger(env, "DASHBASE_YOUNG_GENERATION_MB", defaultYoungGenerationMb, 0, problems);
}

let capBytes = 0;
let observer: PerformanceObserver | undefined;

function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

/**
 * Growth (a doubling) is allowed only while it stays within the cap; it resumes when V8 shrinks
 * the young generation again (it does when allocation slows down). Two collections before a check
 * can still take it one doubling past. The flag is set again after every collection, not only when
 * the answer changes: a Worker started later puts V8's flags back, and this undoes that.
 */
function steer(): void {
  v8.setFlagsFromString(`--semi-space-growth-factor=${youngGenerationBytes() * v8GrowthFactor <= capBytes ? v8GrowthFactor : 1}`);
}

/**
 * Keeps V8's young generation at most `mb` MB from here on, process-wide; 0 gives V8 its own
 * sizing back. Calling it again changes the cap. A smaller young generation means more frequent
 * scavenges: see docs/configuration.md (Memory and start-up) for what the default costs.
 * @example
 * capYoungGeneration(8);
 */
export function capYoungGeneration(mb: number): void {
  if (mb === 0) {
    observer?.disconnect();
    observer = undefined;
    v8.setFlagsFromString(`--semi-space-growth-factor=${v8GrowthFactor}`);
    return;
  }
  capBytes = mb * 1024 * 1024;
  steer();
  if (observer === undefined) {
    observer = new PerformanceObserver(steer);
    observer.observe({ entryTypes: ["gc"] });
  }
}
