/**
 * @module
 * `dashbase/db`: the database handle on its own (embedded PGlite or a PostgreSQL pool), validated
 * writes, error translation and dashbase's own tables.
 */
export { createDatabase, type CreateDatabaseOptions } from "./create-database.js";
export type { Database, Transaction, Queryable, QueryResult, HealthReport, PoolStats, Orm, DriverKind, ReadOptions } from "./database.js";
export { translateDatabaseError } from "./translate-error.js";
export {
  checkConnectionBudget,
  connectionNeeds,
  connectionsNeeded,
  readServerSlots,
  weighConnectionBudget,
  type ConnectionBudget,
  type ConnectionNeeds,
  type ServerSlots,
} from "./connection-budget.js";
export { validateInsert, validateUpdate, validationError, type FieldProblem } from "../models/model-validators.js";
export { fieldMessages } from "../models/field-messages.js";
export { insertRow, updateRows } from "../models/validated-writes.js";
export { ensureInternalSchema, internalTableNames } from "../models/internal-tables.js";
