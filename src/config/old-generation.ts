/**
 * @module
 * How far V8 lets the old generation (objects that survived young collections) grow past what
 * was live after its last full collection before it collects again. V8 picks a factor of up to
 * 4 by itself, and under a server's steady stream of requests it mostly picks a large one: the
 * flagship on PostgreSQL went from 135 MB after a burst to 190-210 MB in a flat-out soak before
 * its first full collection, with some 30 MB live (issue 15). A fixed 30% kept it at 137-149 MB.
 * Full collections are incremental and mostly run on V8's own threads; their cost is in
 * docs/configuration.md (Memory and start-up).
 */
import v8 from "node:v8";
import { readInteger, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";

/** The old generation's growth in percent when DASHBASE_OLD_GENERATION_GROWTH_PERCENT is not set. */
export const defaultOldGenerationGrowthPercent = 30;

/**
 * DASHBASE_OLD_GENERATION_GROWTH_PERCENT: how far, in percent of what was live, the old
 * generation may grow before the next full collection; 0 leaves V8's own choice.
 * @example
 * readOldGenerationGrowthPercent({ DASHBASE_OLD_GENERATION_GROWTH_PERCENT: "50" }, problems) // 50
 */
export function readOldGenerationGrowthPercent(env: Env, problems: SettingProblem[]): number {
  return readInteger(env, "DASHBASE_OLD_GENERATION_GROWTH_PERCENT", defaultOldGenerationGrowthPercent, 0, problems);
}

/**
 * Lets the old generation grow by `percent` between full collections from here on, process-wide
 * (V8's `--heap-growing-percent`, which it reads at every collection); 0 gives V8 its own choice back.
 * @example
 * limitOldGenerationGrowth(30);
 */
export function limitOldGenerationGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
