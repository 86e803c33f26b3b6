/**
 * @module
 * Turns what a user types as a target (`head`, `base`, `-2`, `+1`, an id, a unique prefix of an
 * id, or a folder name) into a position in the revision chain.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { RevisionMeta } from "./revision.js";

/**
 * The index in `chain` that `target` names; -1 means base (nothing applied).
 * `current` is the index of the newest applied revision, for relative targets.
 * @throws DashbaseError DASHBASE_E_MIGRATION_UNKNOWN_REVISION
 */
export function resolveTarget(chain: readonly Pick<RevisionMeta, "id">[], target: string, current: number): number {
  const wanted = target.trim();
  if (wanted === "head") return chain.length - 1;
  if (wanted === "base") return -1;
  const relative = /^([+-])(\d+)$/.exec(wanted);
  if (relative !== null) {
    const step = Number(relative[2]) * (relative[1] === "-" ? -1 : 1);
    const index = current + step;
    if (index < -1 || index >= chain.length) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
        `${wanted} from the current revision (${current + 1} of ${chain.length} applied) goes past ${index < -1 ? "base" : "head"}: use a smaller step, "base" or "head"`,
      );
    }
    return index;
  }
  const id = wanted.split("_")[0]!;
  const exact = chain.findIndex((revision) => revision.id === id);
  if (exact >= 0) return exact;
  const matches = chain
    .map((revision, index) => ({ revision, index }))
    .filter(({ revision }) => id.length >= 4 && revision.id.startsWith(id));
  if (matches.length === 1) return matches[0]!.index;
  if (matches.length > 1) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
      `"${wanted}" matches ${matches.length} revisions (${matches.map((m) => m.revision.id).join(", ")}): type more of the id`,
    );
  }
  throw new DashbaseError(
    "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
    `no revision "${wanted}": expected "head", "base", -N, +N or a revision id (see \`dashbase db history\`)`,
  );
}
