/**
 * @module
 * The indicators example's reads: the indicator list, an indicator's entities and years, its
 * chart as a Plotly figure and its per-entity summary. All parameterized SQL; the summary is
 * computed by the database, not in JavaScript.
 */
import type { Queryable } from "dashbase";
import { plotFigure, type PlotlyFigure, type Series } from "./figure.js";

/** An indicator with what the database holds of it. */
export interface IndicatorInfo {
  code: string;
  name: string;
  unit: string;
  source: string;
  sourceUrl: string | null;
  notes: string | null;
  origin: string;
  entities: number;
  observations: number;
  firstYear: number | null;
  lastYear: number | null;
}

/** What the Explore page shows: an indicator, some of its entities, and an optional year range. */
export interface ViewQuery {
  indicator: string;
  entities: readonly string[];
  /** Inclusive; null or absent means from the first year. */
  yearFrom?: number | null | undefined;
  /** Inclusive; null or absent means to the last year. */
  yearTo?: number | null | undefined;
}

/** One row of the summary table: an entity over the chosen years. */
export interface SummaryRow {
  entity: string;
  points: number;
  firstYear: number;
  lastYear: number;
  first: number;
  last: number;
  min: number;
  max: number;
  /** last - first. */
  change: number;
  /**
   * (last - first) / first in percent, one decimal; null unless the first value is positive,
   * because a percent change across zero (a temperature anomaly) means nothing.
   */
  changePct: number | null;
}

const indicatorColumns = `
  i.code, i.name, i.unit, i.source, i.source_url as "sourceUrl", i.notes, i.origin,
  count(distinct o.entity)::int as entities, count(o.year)::int as observations,
  min(o.year) as "firstYear", max(o.year) as "lastYear"`;

/**
 * Every indicator, seeded ones first, each with its entity count and year span.
 * @example
 * const list = await listIndicators(db); // [{ code: "co2_concentration", name: "CO₂ concentration at Mauna Loa", ... }]
 */
export async function listIndicators(db: Queryable): Promise<IndicatorInfo[]> {
  const { rows } = await db.query<IndicatorInfo & Record<string, unknown>>(
    `select ${indicatorColumns}
       from indicators i left join observations o on o.indicator_code = i.code
      group by i.code
      order by (i.origin = 'seed') desc, i.name`,
  );
  return rows;
}

/** One indicator by code, or undefined. */
export async function getIndicator(db: Queryable, code: string): Promise<IndicatorInfo | undefined> {
  const { rows } = await db.query<IndicatorInfo & Record<string, unknown>>(
    `select ${indicatorColumns}
       from indicators i left join observations o on o.indicator_code = i.code
      where i.code = $1
      group by i.code`,
    [code],
  );
  return rows[0];
}

/** An indicator's code and name by code (no figures counted), or undefined: what a save needs. */
export async function getIndicatorName(db: Queryable, code: string): Promise<{ code: string; name: string } | undefined> {
  const { rows } = await db.query<{ code: string; name: string }>("select code, name from indicators where code = $1", [code]);
  return rows[0];
}

/**
 * The entities (countries, stations, sources) an indicator has figures for, alphabetically.
 * @example
 * await listEntities(db, "iowa_electricity"); // ["Fossil Fuels", "Nuclear Energy", "Renewables"]
 */
export async function listEntities(db: Queryable, indicator: string): Promise<string[]> {
  const { rows } = await db.query<{ entity: string }>(
    "select distinct entity from observations where indicator_code = $1 order by entity",
    [indicator],
  );
  return rows.map((row) => row.entity);
}

/**
 * An indicator's entities (alphabetically) and first and last year, in one statement: what
 * checking a view against the database needs (listEntities and yearBounds together).
 * @example
 * const { entities, bounds } = await indicatorShape(db, "population");
 */
export async function indicatorShape(
  db: Queryable,
  indicator: string,
): Promise<{ entities: string[]; bounds: { from: number; to: number } | null }> {
  const { rows } = await db.query<{ entities: string[] | null; from: number | null; to: number | null }>(
    `select array_agg(distinct entity order by entity) as entities, min(year) as "from", max(year) as "to"
       from observations where indicator_code = $1`,
    [indicator],
  );
  const row = rows[0];
  return {
    entities: row?.entities ?? [],
    bounds: row && row.from !== null && row.to !== null ? { from: row.from, to: row.to } : null,
  };
}

/**
 * A good first choice of entities: all of them when there are few, else the `limit` largest by
 * their latest value, so a first look at an indicator shows its main series.
 */
export async function defaultEntities(db: Queryable, indicator: string, limit = 5): Promise<string[]> {
  const { rows } = await db.query<{ entity: string }>(
    `select entity from (
       select distinct on (entity) entity, value
         from observations where indicator_code = $1
        order by entity, year desc
     ) latest
     order by value desc, entity
     limit $2`,
    [indicator, limit],
  );
  return rows.map((row) => row.entity).sort((a, b) => a.localeCompare(b));
}

/**
 * The first and last year with figures for an indicator (and entities, when given), or null
 * when there are none.
 */
export async function yearBounds(
  db: Queryable,
  indicator: string,
  entities?: readonly string[],
): Promise<{ from: number; to: number } | null> {
  const { rows } = await db.query<{ from: number | null; to: number | null }>(
    `select min(year) as "from", max(year) as "to" from observations
      where indicator_code = $1 and ($2::text[] is null or entity = any($2::text[]))`,
    [indicator, entities === undefined ? null : [...entities]],
  );
  const row = rows[0];
  return row && row.from !== null && row.to !== null ? { from: row.from, to: row.to } : null;
}

const viewFilter = `indicator_code = $1 and entity = any($2::text[])
  and ($3::int is null or year >= $3) and ($4::int is null or year <= $4)`;

function viewParams(view: ViewQuery): unknown[] {
  return [view.indicator, [...view.entities], view.yearFrom ?? null, view.yearTo ?? null];
}

/** The observations of a view, one series per entity in the order the entities were given. */
export async function seriesFor(db: Queryable, view: ViewQuery): Promise<Series[]> {
  if (view.entities.length === 0) return [];
  const { rows } = await db.query<{ entity: string; year: number; value: number }>(
    `select entity, year, value from observations where ${viewFilter} order by entity, year`,
    viewParams(view),
  );
  const byEntity = new Map<string, Series>(view.entities.map((entity) => [entity, { name: entity, x: [], y: [] }]));
  for (const row of rows) {
    const series = byEntity.get(row.entity);
    series?.x.push(row.year);
    series?.y.push(row.value);
  }
  return [...byEntity.values()].filter((series) => series.x.length > 0);
}

/**
 * The Explore chart: a Plotly line chart with one trace per entity, titled with the indicator's
 * name, the unit on the y axis and the source under the plot. An empty view gives an empty
 * chart that says what to choose.
 * @example
 * const figure = await figureFor(db, { indicator: "population", entities: ["India", "China"], yearFrom: 1960 });
 */
export async function figureFor(db: Queryable, view: ViewQuery): Promise<PlotlyFigure> {
  const indicator = await getIndicator(db, view.indicator);
  if (indicator === undefined)
    return plotFigure({ title: "No indicator chosen", unit: "", series: [], empty: "Choose an indicator to see its chart." });
  const series = await seriesFor(db, view);
  const empty =
    view.entities.length === 0
      ? "Choose one or more series to plot."
      : series.length === 0
        ? "No figures for this choice in these years."
        : undefined;
  return plotFigure({ title: indicator.name, unit: indicator.unit, source: indicator.source, series, empty });
}

/**
 * Per entity over the chosen years: first, last, min, max and the change (absolute and in percent), computed
 * in the database; sorted by the last value, largest first.
 * @example
 * const rows = await summaryFor(db, { indicator: "population", entities: ["India"], yearFrom: 1955, yearTo: 2005 });
 * rows[0].changePct; // the change from 1955 to 2005 in percent
 */
export async function summaryFor(db: Queryable, view: ViewQuery): Promise<SummaryRow[]> {
  if (view.entities.length === 0) return [];
  const { rows } = await db.query<SummaryRow & Record<string, unknown>>(
    `with stats as (
       select entity,
              count(*)::int as points,
              min(year) as "firstYear",
              max(year) as "lastYear",
              (array_agg(value order by year))[1] as first,
              (array_agg(value order by year desc))[1] as last,
              min(value) as min,
              max(value) as max
         from observations
        where ${viewFilter}
        group by entity
     )
     select *,
            last - first as change,
            case when first > 0 then round(((last - first) / first * 100)::numeric, 1)::float8 end as "changePct"
       from stats
      order by last desc, entity`,
    viewParams(view),
  );
  return rows;
}
