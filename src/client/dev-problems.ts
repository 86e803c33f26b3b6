/**
 * @module
 * Development only (part of the dev tools' chunk): the callbacks the current page cannot run as
 * written. The renderer skips a callback whose input or output is missing from the page without a
 * word (a topic input is on every page, other ids are not); the dev tools say so here. Only plain
 * string ids are checked: pattern ids match however many components there are.
 */
import type { CallbackSpec, DependencyRef } from "../protocol/callback-spec.js";

/** One problem of the page. */
export interface PageProblem {
  readonly callbackId: string;
  readonly message: string;
}

function plain(refs: readonly DependencyRef[]): DependencyRef<string>[] {
  return refs.filter((ref): ref is DependencyRef<string> => typeof ref.id === "string");
}

const name = (ref: DependencyRef<string>): string => `${ref.id}.${ref.property}`;

/**
 * The problems of `specs` on a page holding the ids `has` says it holds: a callback with some of
 * its inputs on the page and an input or output missing (it does not run), or a state (it runs
 * without that value).
 * @example
 * pageProblems(specs, (id) => store.has(id));
 * // [{ callbackId: "total", message: 'callback "total": output "sum.children" is not on this page, so the callback does not run here' }]
 */
export function pageProblems(specs: readonly CallbackSpec[], has: (id: string) => boolean): PageProblem[] {
  const problems: PageProblem[] = [];
  for (const spec of specs) {
    const inputs = plain(spec.inputs);
    if (!inputs.some((ref) => has(ref.id))) continue; // not a callback of this page
    const blocking = [
      ...inputs.filter((ref) => !has(ref.id)).map((ref) => `input "${name(ref)}"`),
      ...plain(spec.outputs)
        .filter((ref) => !has(ref.id))
        .map((ref) => `output "${name(ref)}"`),
    ];
    const state = plain(spec.state)
      .filter((ref) => !has(ref.id))
      .map((ref) => `state "${name(ref)}"`);
    const fix = "add the component to this page's layout, or check the id for a typo";
    if (blocking.length > 0) {
      const verb = blocking.length === 1 ? "is" : "are";
      problems.push({
        callbackId: spec.id,
        message: `callback "${spec.id}": ${blocking.join(", ")} ${verb} not on this page, so the callback does not run here; ${fix}`,
      });
    } else if (state.length > 0) {
      const verb = state.length === 1 ? "is" : "are";
      problems.push({
        callbackId: spec.id,
        message: `callback "${spec.id}": ${state.join(", ")} ${verb} not on this page, so the callback gets no value for it; ${fix}`,
      });
    }
  }
  return problems;
}
