/**
 * @module
 * Saving a visitor's choice: the name and the indicators are checked (a clear message naming the
 * field), then one row per chosen indicator is inserted in one transaction, all or none.
 */
import { type DashbaseError, insertRow, type Database } from "dashbase";
import { validationError } from "dashbase/db";
import { legendOf } from "./indicators.js";
import { userPreferences } from "./models.js";

export interface Choice {
  name: unknown;
  indicators: unknown;
}

function problem(field: string, message: string): DashbaseError {
  return validationError("preferences", [{ field, message }]);
}

/**
 * Checks `choice` and saves it for `owner`; answers the saved rows.
 * @throws DashbaseError DASHBASE_E_VALIDATION naming the field: `name` (empty or over 100
 * characters) or `indicators` (none chosen, or one outside 1-5).
 * @example
 * await savePreferences(db, { name: "Ada", indicators: [1, 3] }, session.owner);
 */
export async function savePreferences(db: Database, choice: Choice, owner: string) {
  const name = typeof choice.name === "string" ? choice.name.trim() : "";
  if (name === "") throw problem("name", "expected your name, found nothing");
  const length = [...name].length;
  if (length > 100) throw problem("name", `expected at most 100 characters, found ${length}`);
  const chosen = Array.isArray(choice.indicators) ? (choice.indicators as unknown[]) : [];
  if (chosen.length === 0) throw problem("indicators", "expected at least one indicator, found none");
  const rows = chosen.map((selection) => {
    const legend = typeof selection === "number" ? legendOf(selection) : undefined;
    if (legend === undefined) throw problem("indicators", `expected an indicator from 1 to 5, found ${JSON.stringify(selection)}`);
    return { userName: name, selection: selection as number, legend, owner };
  });
  return db.transaction(async (tx) => {
    const saved = [];
    for (const row of rows) saved.push(await insertRow(tx, userPreferences, row));
    return saved;
  });
}
