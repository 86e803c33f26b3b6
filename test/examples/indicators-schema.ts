/**
 * Creates the indicators example's tables in a test database from its drizzle models, with the
 * same differ `dashbase db generate` uses, so the tests never carry a hand-written copy of the DDL.
 */
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import type { Database } from "dashbase";
import * as models from "../../examples/indicators/models.js";

let statements: Promise<string[]> | undefined;

function createStatements(): Promise<string[]> {
  statements ??= generateMigration(generateDrizzleJson({}), generateDrizzleJson(models));
  return statements;
}

/** Creates indicators, observations and user_preferences in `db`. */
export async function createIndicatorTables(db: Database): Promise<void> {
  await db.exec((await createStatements()).join("\n"));
}
