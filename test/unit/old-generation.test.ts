import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";
import { stdoutOfFreshProcess } from "../support/fresh-process.js";
import { defaultOldGenerationGrowthPercent, readOldGenerationGrowthPercent } from "../../src/config/old-generation.js";

/**
 * In a fresh process: limits the old generation's growth to `percent` (V8's own choice when
 * undefined), keeps 200,000 objects live and makes batches that live a few turns of the event
 * loop (long enough to be promoted) before they become garbage, and answers the old
 * generation's largest size in MB.
 */
function oldGenerationPeak(percent: number | undefined): number {
  const module = new URL("../../dist/config/old-generation.js", import.meta.url).href;
  const script = `
    const { limitOldGenerationGrowth } = await import(${JSON.stringify(module)});
    ${percent === undefined ? "" : `limitOldGenerationGrowth(${percent});`}
    const live = Array.from({ length: 200_000 }, (_, index) => ({ index, text: "live " + index }));
    let batches = [];
    let peak = 0;
    for (let round = 0; round < 400; round += 1) {
      batches.push(Array.from({ length: 20_000 }, (_, index) => ({ index, text: "row " + index })));
      if (batches.length > 8) batches.shift();
      await new Promise((resolve) => setImmediate(resolve));
      peak = Math.max(peak, v8.getHeapSpaceStatistics().find((space) => space.space_name === "old_space").space_size);
    }
    process.stdout.write(String(live.length === 200_000 ? peak / 2 ** 20 : -1));
  `;
  return Number(stdoutOfFreshProcess(script));
}

describe("the old generation's growth", () => {
  it("reads DASHBASE_OLD_GENERATION_GROWTH_PERCENT, with 0 for V8's own choice", () => {
    assert.equal(readOldGenerationGrowthPercent({}, []), defaultOldGenerationGrowthPercent);
    assert.equal(readOldGenerationGrowthPercent({ DASHBASE_OLD_GENERATION_GROWTH_PERCENT: "0" }, []), 0);
    assert.equal(
      loadSettings({ env: { DASHBASE_OLD_GENERATION_GROWTH_PERCENT: "50" }, cwd: "/srv/app" }).server.oldGenerationGrowthPercent,
      50,
    );
    assert.equal(loadSettings({ env: {}, cwd: "/srv/app" }).server.oldGenerationGrowthPercent, undefined);
    assert.throws(
      () => loadSettings({ env: { DASHBASE_OLD_GENERATION_GROWTH_PERCENT: "some" }, cwd: "/srv/app" }),
      (error: unknown) =>
        isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_OLD_GENERATION_GROWTH_PERCENT/.test((error as Error).message),
    );
  });

  it("collects before the old generation grows far past what is live; V8 alone lets it grow much further", () => {
    // Measured here: 70-80 MB with 30%, 125-140 MB with V8's own choice.
    const limited = oldGenerationPeak(30);
    const own = oldGenerationPeak(undefined);
    assert.ok(limited < own * 0.8, `old generation peaked at ${limited} MB with 30%, ${own} MB with V8's own growth`);
  });
});
