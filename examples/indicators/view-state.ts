/**
 * @module
 * The Explore view a user last looked at (indicator, series, years), kept where dashbase's
 * `persistence: "server"` keeps component values: the per-user store's "persist" namespace,
 * under `<component id>.<property>`. The components save and restore it by themselves (whether
 * the user or a callback set the value); this module lets the Explore layout build options that
 * match it, the Save page read it, and code outside Explore's callbacks set it (a link that
 * opens an indicator, History's "Open in Explore").
 */
import type { OwnerStore, Queryable } from "dashbase";
import { defaultEntities, getIndicator, indicatorShape, listIndicators, type IndicatorInfo } from "./queries.js";

/** Component ids of the Explore controls; their `value`s make up the view. */
export const viewIds = { indicator: "indicator", entities: "entities", years: "years" } as const;

const persistNamespace = "persist";
const keys = [`${viewIds.indicator}.value`, `${viewIds.entities}.value`, `${viewIds.years}.value`] as const;

/** A complete, checked view: what the Explore page shows and the Save page saves. */
export interface ExploreView {
  indicator: IndicatorInfo;
  /** Every entity the indicator has, for the series picker. */
  options: string[];
  entities: string[];
  /** The indicator's first and last year. */
  bounds: { from: number; to: number };
  years: [number, number];
}

/** The indicator shown to a first-time visitor. */
export const firstIndicator = "population";

/** What the store holds, unchecked (a value may be from an older version of the data). */
export async function readStoredView(store: OwnerStore): Promise<{ indicator?: unknown; entities?: unknown; years?: unknown }> {
  const [indicator, entities, years] = await store.namespace(persistNamespace).getMany(keys);
  return { indicator, entities, years };
}

/** Records a view, so the next visit (and the Save page) sees exactly it. */
export async function writeStoredView(
  store: OwnerStore,
  view: { indicator: string; entities: readonly string[]; years: readonly [number, number] },
): Promise<void> {
  await store.namespace(persistNamespace).setMany([
    [keys[0], view.indicator],
    [keys[1], [...view.entities]],
    [keys[2], [...view.years]],
  ]);
}

function clampYears(value: unknown, bounds: { from: number; to: number }): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((year) => typeof year === "number" && Number.isFinite(year)))
    return [bounds.from, bounds.to];
  const [a, b] = (value as number[]).map((year) => Math.min(Math.max(Math.round(year), bounds.from), bounds.to)) as [number, number];
  return a <= b ? [a, b] : [b, a];
}

/**
 * Builds a valid view for `wanted` (e.g. the stored one): an unknown indicator falls back to the
 * first one, unknown series are dropped (the largest series are chosen when none is left) and
 * years are clamped to the indicator's. Returns undefined when there is no indicator at all.
 */
export async function resolveView(
  db: Queryable,
  wanted: { indicator?: unknown; entities?: unknown; years?: unknown },
): Promise<ExploreView | undefined> {
  let indicator = typeof wanted.indicator === "string" ? await getIndicator(db, wanted.indicator) : undefined;
  let sameIndicator = indicator !== undefined;
  // The first indicator on its own first: listing every indicator counts all their figures.
  if ((indicator === undefined || indicator.observations === 0) && wanted.indicator !== firstIndicator) {
    indicator = await getIndicator(db, firstIndicator);
    sameIndicator = false;
  }
  if (indicator === undefined || indicator.observations === 0) {
    const all = await listIndicators(db);
    indicator =
      all.find((candidate) => candidate.code === firstIndicator && candidate.observations > 0) ??
      all.find((candidate) => candidate.observations > 0);
    sameIndicator = false;
  }
  if (indicator === undefined) return undefined;
  const shape = await indicatorShape(db, indicator.code);
  const options = shape.entities;
  const bounds = shape.bounds ?? { from: 0, to: 0 };
  // A Set: a request may send a long list, and each entry is looked up once.
  const known = new Set(options);
  const chosen =
    sameIndicator && Array.isArray(wanted.entities)
      ? [...new Set(wanted.entities)].filter((entity): entity is string => typeof entity === "string" && known.has(entity))
      : [];
  const entities =
    chosen.length > 0 || (sameIndicator && Array.isArray(wanted.entities) && wanted.entities.length === 0)
      ? chosen
      : await defaultEntities(db, indicator.code);
  return { indicator, options, entities, bounds, years: sameIndicator ? clampYears(wanted.years, bounds) : [bounds.from, bounds.to] };
}

/** The stored view, checked against the database. */
export async function currentView(db: Queryable, store: OwnerStore): Promise<ExploreView | undefined> {
  return resolveView(db, await readStoredView(store));
}
