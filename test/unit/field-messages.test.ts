import assert from "node:assert/strict";
import { it } from "node:test";
import { DashbaseError } from "dashbase";
import { fieldMessages, validationError } from "dashbase/db";

it("gives a validation error's messages by field, joining two for one field", () => {
  const error = validationError("review", [
    { field: "rating", message: "expected 1 to 5 stars, found 0" },
    { field: "summary", message: "expected a few words" },
    { field: "rating", message: "expected a whole number" },
  ]);
  assert.deepEqual(fieldMessages(error), {
    rating: "expected 1 to 5 stars, found 0; expected a whole number",
    summary: "expected a few words",
  });
});

it("names the columns of a constraint violation with the database's message, and leaves other errors to the caller", () => {
  const unique = new DashbaseError("DASHBASE_E_UNIQUE_VIOLATION", "email: must be unique", { details: { columns: ["email"] } });
  assert.deepEqual(fieldMessages(unique), { email: "email: must be unique" });
  assert.equal(fieldMessages(new DashbaseError("DASHBASE_E_DB_BUSY", "busy")), undefined);
  assert.equal(fieldMessages(new Error("boom")), undefined);
});
