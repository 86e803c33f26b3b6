/**
 * @module
 * Names the root export had in 0.1 and that now live in subpaths. Each is kept as a stub that
 * throws DASHBASE_E_API_CHANGED naming the new import, so code written against 0.1 stops with a
 * message that says what to write instead, not with an undefined import. TypeScript flags every
 * call (the parameter type spells the fix), and each is marked deprecated. Removed in 1.0.
 */
import { DashbaseError } from "./errors/dashbase-error.js";

type MovedTo<Subpath extends string> = `moved: import it from "${Subpath}"`;

function moved(name: string, subpath: string): never {
  throw new DashbaseError("DASHBASE_E_API_CHANGED", `${name} is no longer exported from "dashbase": import { ${name} } from "${subpath}"`);
}

/** @deprecated import { createDatabase } from "dashbase/db" */
export const createDatabase = (..._: MovedTo<"dashbase/db">[]): never => moved("createDatabase", "dashbase/db");
/** @deprecated import { translateDatabaseError } from "dashbase/db" */
export const translateDatabaseError = (..._: MovedTo<"dashbase/db">[]): never => moved("translateDatabaseError", "dashbase/db");
/** @deprecated import { validateInsert } from "dashbase/db" */
export const validateInsert = (..._: MovedTo<"dashbase/db">[]): never => moved("validateInsert", "dashbase/db");
/** @deprecated import { validateUpdate } from "dashbase/db" */
export const validateUpdate = (..._: MovedTo<"dashbase/db">[]): never => moved("validateUpdate", "dashbase/db");
/** @deprecated import { validationError } from "dashbase/db" */
export const validationError = (..._: MovedTo<"dashbase/db">[]): never => moved("validationError", "dashbase/db");
/** @deprecated import { ensureInternalSchema } from "dashbase/db" */
export const ensureInternalSchema = (..._: MovedTo<"dashbase/db">[]): never => moved("ensureInternalSchema", "dashbase/db");
/** @deprecated import { loadSettings } from "dashbase/config" */
export const loadSettings = (..._: MovedTo<"dashbase/config">[]): never => moved("loadSettings", "dashbase/config");
/** @deprecated import { maskSecrets } from "dashbase/config" */
export const maskSecrets = (..._: MovedTo<"dashbase/config">[]): never => moved("maskSecrets", "dashbase/config");
/** @deprecated import { createMigrator } from "dashbase/migrations" */
export const createMigrator = (..._: MovedTo<"dashbase/migrations">[]): never => moved("createMigrator", "dashbase/migrations");
/** @deprecated import { createStore } from "dashbase/store" */
export const createStore = (..._: MovedTo<"dashbase/store">[]): never => moved("createStore", "dashbase/store");
/** @deprecated import { encodeValue } from "dashbase/store" */
export const encodeValue = (..._: MovedTo<"dashbase/store">[]): never => moved("encodeValue", "dashbase/store");
/** @deprecated import { decodeValue } from "dashbase/store" */
export const decodeValue = (..._: MovedTo<"dashbase/store">[]): never => moved("decodeValue", "dashbase/store");
/** @deprecated import { createSessionManager } from "dashbase/session" */
export const createSessionManager = (..._: MovedTo<"dashbase/session">[]): never => moved("createSessionManager", "dashbase/session");
/** @deprecated import { resolveSessionSecret } from "dashbase/session" */
export const resolveSessionSecret = (..._: MovedTo<"dashbase/session">[]): never => moved("resolveSessionSecret", "dashbase/session");
/** @deprecated import { sessionSecretPath } from "dashbase/session" */
export const sessionSecretPath = (..._: MovedTo<"dashbase/session">[]): never => moved("sessionSecretPath", "dashbase/session");
