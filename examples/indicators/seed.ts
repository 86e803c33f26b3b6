/**
 * @module
 * The indicators example's seed: the real vega-datasets figures, written in one transaction
 * with multi-row inserts. Safe to run any number of times: rows already there are left as they
 * are (ON CONFLICT DO NOTHING), so a second run adds nothing and never overwrites.
 */
import type { Database, Queryable } from "dashbase";
import { indicators, observations } from "./models.js";
import { readVegaIndicators, type SeedIndicator } from "./vega-data.js";

/** Rows per INSERT: 4 parameters each keeps a statement far below PostgreSQL's 65,535. */
const batchSize = 1000;

export interface SeedReport {
  /** Indicators inserted by this run (0 when they were all there). */
  indicators: number;
  /** Observations inserted by this run. */
  observations: number;
}

/**
 * Writes `rows` into observations in batches, skipping rows whose (indicator, entity, year)
 * already exists; returns how many were inserted. `onBatch` runs after each batch, awaited.
 */
export async function insertObservations(
  tx: Queryable,
  rows: ReadonlyArray<typeof observations.$inferInsert>,
  onBatch?: (done: number) => void | Promise<void>,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const result = await tx.insert(observations).values(batch).onConflictDoNothing().returning({ year: observations.year });
    inserted += result.length;
    await onBatch?.(start + batch.length);
  }
  return inserted;
}

async function writeIndicator(tx: Queryable, indicator: SeedIndicator): Promise<SeedReport> {
  const { observations: rows, ...meta } = indicator;
  const created = await tx
    .insert(indicators)
    .values({ ...meta, origin: "seed" })
    .onConflictDoNothing()
    .returning({ code: indicators.code });
  const inserted = await insertObservations(
    tx,
    rows.map((row) => ({ indicatorCode: indicator.code, ...row })),
  );
  return { indicators: created.length, observations: inserted };
}

/**
 * Loads every seeded indicator and its observations; `dashbase db seed` and
 * `dashbase start --seed` call it through the app's `seed` option.
 * @example
 * const report = await seed(db); // { indicators: 6, observations: 2...} on an empty database
 */
export async function seed(db: Database): Promise<SeedReport> {
  // Read and check every file before opening the transaction, so a bad file never holds it open.
  const data = readVegaIndicators();
  return db.transaction(async (tx) => {
    const total: SeedReport = { indicators: 0, observations: 0 };
    for (const indicator of data) {
      const report = await writeIndicator(tx, indicator);
      total.indicators += report.indicators;
      total.observations += report.observations;
    }
    return total;
  });
}
