import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";
import { stdoutOfFreshProcess } from "../support/fresh-process.js";
import { capYoungGeneration, defaultYoungGenerationMb, readYoungGenerationMb } from "../../src/config/young-generation.js";

/**
 * In a fresh process (this one's young generation has grown while its modules loaded, and a cap
 * only stops growth): caps the young generation at `capMb` (none when undefined), allocates
 * objects that survive a few scavenges (what makes V8 grow it) with turns of the event loop in
 * between, and answers its size in MB.
 */
function youngGenerationAfterChurn(capMb: number | undefined): number {
  const module = new URL("../../dist/config/young-generation.js", import.meta.url).href;
  const script = `
    const { capYoungGeneration } = await import(${JSON.stringify(module)});
    ${capMb === undefined ? "" : `capYoungGeneration(${capMb});`}
    let kept = [];
    for (let index = 0; index < 2_000_000; index += 1) {
      kept.push({ index, text: "row " + index });
      if (kept.length > 200_000) kept = [];
      // as a server does between requests: the cap is checked after collections, between turns
      if (index % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    process.stdout.write(String(young.space_size / 2 ** 20));
  `;
  return Number(stdoutOfFreshProcess(script));
}

describe("the young generation's cap", () => {
  it("reads DASHBASE_YOUNG_GENERATION_MB, with 0 for V8's own sizing", () => {
    assert.equal(readYoungGenerationMb({}, []), defaultYoungGenerationMb);
    assert.equal(readYoungGenerationMb({ DASHBASE_YOUNG_GENERATION_MB: "0" }, []), 0);
    assert.equal(loadSettings({ env: { DASHBASE_YOUNG_GENERATION_MB: "32" }, cwd: "/srv/app" }).server.youngGenerationMb, 32);
    assert.equal(loadSettings({ env: {}, cwd: "/srv/app" }).server.youngGenerationMb, undefined);
    assert.throws(
      () => loadSettings({ env: { DASHBASE_YOUNG_GENERATION_MB: "small" }, cwd: "/srv/app" }),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_YOUNG_GENERATION_MB/.test((error as Error).message),
    );
  });

  it("keeps the young generation near the cap under allocation; without one V8 grows it far past", () => {
    // The cap is checked after collections, between turns of the event loop: two scavenges
    // before a check can grow it one doubling past (seen once in five quiet runs), never more.
    const capped = youngGenerationAfterChurn(4);
    assert.ok(capped <= 8, `young generation ${capped} MB, cap 4 MB`);
    const uncapped = youngGenerationAfterChurn(undefined);
    assert.ok(uncapped > 8, `young generation ${uncapped} MB without a cap`);
  });

  it("gives V8 its own sizing back with 0", () => {
    capYoungGeneration(0);
    assert.ok(youngGenerationAfterChurn(0) > 4);
  });
});
