/**
 * @module
 * Names of prepared statements sent through `query(text, params, { name })`. On a PostgreSQL
 * server node-postgres prepares a named statement once per connection and afterwards sends only
 * its parameters, skipping the server's parse and plan; so a name must always stand for the same
 * text. This keeps that promise for one database handle: a name is checked once, remembered with
 * its text, and refused when it comes back with another text.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

/** A PostgreSQL identifier: letters, digits and underscores, at most 63 characters. */
const namePattern = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The names one database handle (and its transactions) has used, each with its text.
 * @example
 * const names = new StatementNames();
 * names.check("notes_by_id", "select title from notes where id = $1"); // remembered
 * names.check("notes_by_id", "select * from notes where id = $1");     // throws DASHBASE_E_STATEMENT_NAME
 */
export class StatementNames {
  private readonly texts = new Map<string, string>();

  /** Throws DASHBASE_E_STATEMENT_NAME for a malformed name, or a known name with another text. */
  check(name: unknown, text: string): void {
    const known = typeof name === "string" ? this.texts.get(name) : undefined;
    if (known === text) return;
    if (typeof name !== "string" || !namePattern.test(name)) {
      throw new DashbaseError(
        "DASHBASE_E_STATEMENT_NAME",
        `query(text, params, { name }): expected a statement name of letters, digits and underscores (at most 63, not starting with a digit), found ${JSON.stringify(typeof name === "string" ? name.slice(0, 80) : typeof name)}`,
      );
    }
    if (known !== undefined) {
      throw new DashbaseError(
        "DASHBASE_E_STATEMENT_NAME",
        `the statement name "${name}" was already used for another text on this database handle; a name must always stand for the same text (give each statement its own name, or leave the name out for text that varies)`,
        { details: { name } },
      );
    }
    this.texts.set(name, text);
  }
}
