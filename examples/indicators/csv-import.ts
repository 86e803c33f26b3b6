/**
 * @module
 * Imports an uploaded CSV as a new indicator: the name and code are checked, every row is
 * checked, and only a file with no problem at all is written, in ONE transaction, reporting
 * progress as batches go in. A bad file leaves the database exactly as it was.
 */
import { eq } from "drizzle-orm";
import { insertRow, isDashbaseError, type Queryable } from "dashbase";
import { indicators } from "./models.js";
import { insertObservations } from "./seed.js";
import { defaultCsvLimits, parseIndicatorCsv, type CsvLimits, type CsvProblem } from "./csv-parse-indicator.js";
import { countOwnUploads, lockOwnerUploads, maxUploadsPerOwner, uploadCapMessage } from "./uploaded-indicators.js";
import { fitsLength, graphemeLength, invalidUnicodeMessage, isWellFormedText } from "./user-text.js";

export { describeProblem, decodeUpload, parseIndicatorCsv, type CsvProblem, type CsvLimits } from "./csv-parse-indicator.js";

/** What the Data page asks for besides the file. */
export interface NewIndicator {
  name: string;
  /** Derived from the name when left out (`"Forest area"` -> `forest_area`). */
  code?: string | undefined;
  unit?: string | undefined;
  source?: string | undefined;
  /** The session that uploads it. */
  owner?: string | undefined;
}

export interface ImportOptions {
  indicator: NewIndicator;
  /** The file's text (use `decodeUpload` on a `dcc.Upload` data URL first). */
  csv: string;
  /** Called after each batch of rows is written, with rows written so far and the total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Stops the import between batches: the transaction rolls back and nothing is written. */
  signal?: AbortSignal | undefined;
  limits?: CsvLimits | undefined;
  /** Uploaded indicators one owner may keep (default 10); a problem with field `uploads` when reached. */
  maxUploads?: number | undefined;
}

export type ImportResult = { ok: true; code: string; name: string; rows: number; entities: number } | { ok: false; problems: CsvProblem[] };

const codePattern = /^[a-z][a-z0-9_]{1,39}$/;
const limitsOf = { name: 80, unit: 40, source: 200 } as const;

/** `"Forest area (% of land)"` -> `forest_area_of_land`. */
export function codeFromName(name: string): string {
  const code = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return code;
}

function text(value: string | undefined): string {
  return (value ?? "").trim();
}

/**
 * The problem with a text field of `min` to `max` characters (counted as a reader sees them), if any.
 * `found nothing` when it is empty and required.
 */
function textProblem(field: string, value: string, min: number, max: number): CsvProblem | undefined {
  if (!isWellFormedText(value)) return { row: null, field, message: invalidUnicodeMessage };
  if (value === "" && min > 0) return { row: null, field, message: `expected ${min} to ${max} characters, found nothing` };
  if (fitsLength(value, max)) return undefined;
  const found = graphemeLength(value);
  return {
    row: null,
    field,
    message:
      min > 0 ? `expected ${min} to ${max} characters, found ${found} characters` : `expected at most ${max} characters, found ${found}`,
  };
}

/**
 * Checks the indicator's name, code, unit and source, naming each bad field. Lengths count
 * characters as a reader sees them (an emoji is one); text with a lone surrogate is refused.
 * @example
 * checkNewIndicator({ name: "" }); // { ok: false, problems: [{ row: null, field: "name", message: "expected 1 to 80 characters, found nothing" }] }
 */
export function checkNewIndicator(
  input: NewIndicator,
): { ok: true; value: Required<Omit<NewIndicator, "owner">> & { owner: string | null } } | { ok: false; problems: CsvProblem[] } {
  const name = text(input.name);
  const unit = text(input.unit);
  const source = text(input.source) || "Uploaded on the Data page";
  const nameProblem = textProblem("name", name, 1, limitsOf.name);
  // A code derived from a name that is refused anyway would only repeat the name's problem.
  const code = text(input.code) || (isWellFormedText(name) ? codeFromName(name) : "");
  const codeProblem =
    codePattern.test(code) || (code === "" && nameProblem !== undefined)
      ? undefined
      : {
          row: null,
          field: "code",
          message: `expected 2 to 40 lowercase letters, digits or underscores, starting with a letter, found ${code === "" ? "nothing" : JSON.stringify(code)}`,
        };
  const problems = [
    nameProblem,
    codeProblem,
    textProblem("unit", unit, 0, limitsOf.unit),
    textProblem("source", source, 0, limitsOf.source),
  ].filter((problem): problem is CsvProblem => problem !== undefined);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { name, code, unit, source, owner: input.owner ?? null } };
}

function taken(code: string): CsvProblem {
  return { row: null, field: "code", message: `an indicator with code "${code}" already exists; choose another code or name` };
}

function capReached(max: number): CsvProblem {
  return { row: null, field: "uploads", message: uploadCapMessage(max) };
}

/** Thrown inside the transaction to roll it back when the cap is reached there. */
class UploadCapReached extends Error {}

/**
 * Checks the indicator and the file, then writes both in one transaction; returns every problem
 * instead when there is any, and then writes nothing. An owner who already has `maxUploads`
 * uploaded indicators gets that one problem (field `uploads`), before the file is read.
 * @example
 * const result = await importIndicatorCsv(db, {
 *   indicator: { name: "Forest area", unit: "% of land" },
 *   csv: "entity,year,value\nRegion A,2000,21.5\n",
 *   onProgress: (done, total) => console.log(`${done}/${total}`),
 * });
 * if (!result.ok) console.log(result.problems.map(describeProblem).join("\n"));
 */
export async function importIndicatorCsv(db: Queryable, options: ImportOptions): Promise<ImportResult> {
  const owner = options.indicator.owner ?? null;
  const maxUploads = options.maxUploads ?? maxUploadsPerOwner;
  // A quick answer before a large file is parsed; the count that holds is the one in the transaction.
  if (owner !== null && (await countOwnUploads(db, owner)) >= maxUploads) return { ok: false, problems: [capReached(maxUploads)] };
  const meta = checkNewIndicator(options.indicator);
  const parsed = parseIndicatorCsv(options.csv, options.limits ?? defaultCsvLimits);
  const problems = [...(meta.ok ? [] : meta.problems), ...(parsed.ok ? [] : parsed.problems)];
  if (!meta.ok || !parsed.ok) return { ok: false, problems };

  const { code } = meta.value;
  const exists = await db.select({ code: indicators.code }).from(indicators).where(eq(indicators.code, code));
  if (exists.length > 0) return { ok: false, problems: [taken(code)] };

  const total = parsed.rows.length;
  try {
    await db.transaction(async (tx) => {
      if (owner !== null) {
        await lockOwnerUploads(tx, owner);
        if ((await countOwnUploads(tx, owner)) >= maxUploads) throw new UploadCapReached();
      }
      options.signal?.throwIfAborted();
      await insertRow(tx, indicators, { ...meta.value, origin: "upload" });
      options.onProgress?.(0, total);
      await insertObservations(
        tx,
        parsed.rows.map((row) => ({ indicatorCode: code, ...row })),
        async (done) => {
          options.signal?.throwIfAborted();
          options.onProgress?.(done, total);
          // A turn of the event loop between batches: the embedded database answers without one,
          // and the app must hear a Cancel and send the progress while the transaction runs.
          await new Promise((resolve) => setImmediate(resolve));
          options.signal?.throwIfAborted();
        },
      );
    });
  } catch (error) {
    if (error instanceof UploadCapReached) return { ok: false, problems: [capReached(maxUploads)] };
    // Another upload took the code between the check and the insert.
    if (isDashbaseError(error, "DASHBASE_E_UNIQUE_VIOLATION")) return { ok: false, problems: [taken(code)] };
    throw error;
  }
  return { ok: true, code, name: meta.value.name, rows: total, entities: new Set(parsed.rows.map((row) => row.entity)).size };
}
