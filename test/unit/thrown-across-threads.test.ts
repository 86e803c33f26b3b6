/**
 * What the embedded database's thread throws reaches the app's thread with the fields that the
 * error translation and the instance's recovery read (src/db/drivers/pglite/thrown-across-threads.ts).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { messages } from "@electric-sql/pglite";
import { endsEngine } from "../../src/db/drivers/pglite/pglite-engine.js";
import { carryThrown, reviveThrown } from "../../src/db/drivers/pglite/thrown-across-threads.js";
import { storageProblemOf, translateDatabaseError } from "../../src/db/translate-error.js";

/** As postMessage copies it. */
function across(thrown: unknown): unknown {
  return reviveThrown(structuredClone(carryThrown(thrown)));
}

it("keeps a PostgreSQL error's SQLSTATE, severity, constraint and detail, so it is translated as before", () => {
  const original = Object.assign(
    new messages.DatabaseError('duplicate key value violates unique constraint "notes_title_key"', 0, "error"),
    {
      code: "23505",
      severity: "ERROR",
      constraint: "notes_title_key",
      detail: "Key (title)=(x) already exists.",
      table: "notes",
    },
  );
  const revived = across(original) as Error & Record<string, unknown>;
  assert.ok(revived instanceof Error);
  for (const field of ["message", "code", "severity", "constraint", "detail", "table"])
    assert.equal(revived[field], (original as unknown as Record<string, unknown>)[field], field);
  assert.deepEqual(
    JSON.parse(JSON.stringify(translateDatabaseError(revived))),
    JSON.parse(JSON.stringify(translateDatabaseError(original))),
  );
});

it("keeps what ends the engine recognisable: PANIC, a WebAssembly trap, Emscripten's ErrnoError", () => {
  const panic = Object.assign(new Error("could not write to file"), { severity: "PANIC", code: "53100" });
  const trap = new WebAssembly.RuntimeError("unreachable");
  const errno = { name: "ErrnoError", errno: 51 };
  for (const thrown of [panic, trap, errno]) {
    assert.equal(endsEngine(thrown), true);
    assert.equal(endsEngine(across(thrown)), true, String((thrown as { name?: string }).name));
  }
  assert.ok(across(trap) instanceof WebAssembly.RuntimeError);
  assert.equal(storageProblemOf(across(panic)), "full");
  assert.equal(endsEngine(across(Object.assign(new Error("duplicate"), { severity: "ERROR" }))), false);
});

it("keeps causes, and things thrown that are not objects", () => {
  const wrapped = new Error("the query failed", { cause: Object.assign(new Error("disk"), { code: "ENOSPC" }) });
  const revived = across(wrapped) as Error & { cause: Error & { code: string } };
  assert.equal(revived.cause.message, "disk");
  assert.equal(revived.cause.code, "ENOSPC");
  assert.equal(storageProblemOf(revived), "full");
  assert.equal(across("plain text"), "plain text");
  assert.equal(across(undefined), undefined);
});
