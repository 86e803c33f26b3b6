/**
 * @module
 * Adding a user: the name and email are checked here (a message per field), and the database's
 * unique constraint on `email` refuses a second user with the same address, as a coded
 * DASHBASE_E_UNIQUE_VIOLATION naming the column.
 */
import { type DashbaseError, insertRow, type Queryable } from "dashbase";
import { validationError } from "dashbase/db";
import { users } from "./models.js";

function problem(field: string, message: string): DashbaseError {
  return validationError("user", [{ field, message }]);
}

/**
 * Checks and stores one user; the email is kept trimmed and in lower case.
 * @throws DashbaseError DASHBASE_E_VALIDATION naming the field, DASHBASE_E_UNIQUE_VIOLATION for a known email.
 * @example
 * await addUser(db, { name: "Ada Lovelace", email: "ada@example.org" });
 */
export async function addUser(db: Queryable, input: { name: unknown; email: unknown }) {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name === "") throw problem("name", "expected a name, found nothing");
  if (name.length > 100) throw problem("name", `expected at most 100 characters, found ${name.length}`);
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw problem("email", `expected an address like name@example.org, found ${JSON.stringify(email)}`);
  }
  return insertRow(db, users, { name, email });
}
