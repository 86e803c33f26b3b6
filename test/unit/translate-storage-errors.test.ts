/**
 * Storage failures from either driver become coded errors: PostgreSQL's SQLSTATEs 53100
 * (disk_full), 53000 (insufficient_resources) and 25006 (read_only_sql_transaction), ENOSPC and
 * EROFS as PGlite's file layer reports them, bare or wrapped by drizzle; and a thrown non-Error
 * gets readable text instead of "[object Object]".
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { isDashbaseError } from "../../src/errors/dashbase-error.js";
import { translateDatabaseError } from "../../src/db/translate-error.js";

function pgError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, severity: "ERROR", ...extra });
}

/** drizzle wraps driver errors: "Failed query: ..." with the driver's error as `cause`. */
function wrapped(cause: unknown): Error {
  return new Error("Failed query: insert into notes ...", { cause });
}

it("maps disk_full (53100) and insufficient_resources (53000) to a 507 DASHBASE_E_DB_STORAGE_FULL that says what happened", () => {
  for (const error of [
    pgError("53100", 'could not extend file "base/16384/16385": No space left on device'),
    pgError("53000", "insufficient resources"),
    wrapped(pgError("53100", 'could not write to file "pg_wal/xlogtemp.42": No space left on device', { severity: "PANIC" })),
  ]) {
    const translated = translateDatabaseError(error);
    assert.ok(isDashbaseError(translated, "DASHBASE_E_DB_STORAGE_FULL"), String(translated));
    assert.equal(translated.status, 507);
    assert.match(translated.message, /storage is full/);
    assert.match(translated.message, /free disk space/);
  }
});

it("maps read_only_sql_transaction (25006) to a 503 DASHBASE_E_DB_READ_ONLY", () => {
  for (const error of [
    pgError("25006", "cannot execute INSERT in a read-only transaction"),
    wrapped(pgError("25006", "cannot execute CREATE TABLE in a read-only transaction")),
  ]) {
    const translated = translateDatabaseError(error);
    assert.ok(isDashbaseError(translated, "DASHBASE_E_DB_READ_ONLY"), String(translated));
    assert.equal(translated.status, 503);
    assert.match(translated.message, /read-only/);
    assert.equal(translated.details["sqlstate"], "25006");
  }
});

it("maps ENOSPC and EROFS from the embedded database's files, whatever form they come in", () => {
  const cases: [unknown, string][] = [
    [{ name: "ErrnoError", errno: 51 }, "DASHBASE_E_DB_STORAGE_FULL"],
    [{ name: "ErrnoError", errno: 69 }, "DASHBASE_E_DB_READ_ONLY"],
    [Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }), "DASHBASE_E_DB_STORAGE_FULL"],
    [pgError("42501", 'could not extend file "base/5/16384": Read-only file system'), "DASHBASE_E_DB_READ_ONLY"],
  ];
  for (const [error, code] of cases) {
    const translated = translateDatabaseError(error);
    assert.ok(isDashbaseError(translated) && translated.code === code, `${JSON.stringify(error)} -> ${String(translated)}`);
    assert.doesNotMatch(translated.message, /\[object Object\]/);
  }
});

it("leaves other permission errors alone, and gives anything thrown that is not an Error a readable message", () => {
  const denied = pgError("42501", "permission denied for table notes");
  assert.equal(translateDatabaseError(denied), denied);
  const odd = translateDatabaseError({ name: "ErrnoError", errno: 44 });
  assert.ok(isDashbaseError(odd, "DASHBASE_E_DB_QUERY"));
  assert.match(odd.message, /errno 44 \(ENOENT/);
  const plain = translateDatabaseError({ reason: "something" });
  assert.ok(isDashbaseError(plain));
  assert.match(plain.message, /reason: 'something'/);
});
