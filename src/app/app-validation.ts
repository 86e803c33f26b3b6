/**
 * @module
 * `app.validate()`: reads the static layouts and checks the callbacks against them, throwing one
 * DASHBASE_E_APP_INVALID that lists every problem.
 */
import { validateCallbacks, type CallbackProblem } from "../callbacks/callback-validation.js";
import type { CallbackRegistry } from "../callbacks/callback-registry.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { summarizeLayout } from "../layout/layout-walk.js";
import type { PageRegistry } from "../pages/page-registry.js";
import { staticLayouts } from "../pages/page-render.js";

/** Collects every problem. */
export async function collectProblems(
  pages: PageRegistry,
  callbacks: CallbackRegistry,
  allowDynamicIds: boolean,
): Promise<CallbackProblem[]> {
  const { layouts, complete } = await staticLayouts(pages);
  const ids = new Set<string>();
  for (const layout of layouts) {
    const summary = summarizeLayout(layout);
    for (const id of summary.ids.keys()) ids.add(id);
  }
  return validateCallbacks(callbacks.all(), { ids, complete: complete && !allowDynamicIds });
}

/**
 * Throws DASHBASE_E_APP_INVALID when there is any problem.
 * @example
 * await assertValidApp(pages, callbacks, false);
 */
export async function assertValidApp(pages: PageRegistry, callbacks: CallbackRegistry, allowDynamicIds: boolean): Promise<void> {
  const problems = await collectProblems(pages, callbacks, allowDynamicIds);
  if (problems.length === 0) return;
  const list = problems.map((problem) => `  - ${problem.message}`).join("\n");
  throw new DashbaseError("DASHBASE_E_APP_INVALID", `the app has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${list}`, {
    details: { problems },
  });
}

/** What the development dev tools list: the problems start-up checks, and the ids they could not check. */
export interface DevelopmentProblems {
  problems: CallbackProblem[];
  /**
   * Ids of callbacks that no layout readable at start-up contains (skipped by the start-up check
   * when a layout is built per request or `allowDynamicIds` is set): right when a per-request
   * layout or a callback adds them, a typo otherwise.
   */
  warnings: CallbackProblem[];
}

/**
 * The problems and warnings for the development dev tools.
 * @example
 * const { problems, warnings } = await developmentProblems(app.pages, app.callbacks, false);
 */
export async function developmentProblems(
  pages: PageRegistry,
  callbacks: CallbackRegistry,
  allowDynamicIds: boolean,
): Promise<DevelopmentProblems> {
  const problems = await collectProblems(pages, callbacks, allowDynamicIds);
  const { layouts } = await staticLayouts(pages);
  const ids = new Set<string>();
  for (const layout of layouts) for (const id of summarizeLayout(layout).ids.keys()) ids.add(id);
  const reported = new Set(problems.map((problem) => problem.message));
  const warnings = validateCallbacks(callbacks.all(), { ids, complete: true }).filter(
    (problem) => problem.kind === "unknown-id" && !reported.has(problem.message),
  );
  return { problems, warnings };
}
