/**
 * The users example (examples/users), over the wire on both backends: its revision and seed
 * apply, a user is added and listed, a duplicate email is refused under the email field with
 * nothing saved, and the app's own setting (`USERS_WELCOME_TEXT`) is shown, or named in the
 * DASHBASE_E_CONFIG message when it is invalid.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { isDashbaseError, type Database } from "dashbase";
import { loadSettings } from "dashbase/config";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import app, { envSchema } from "../../examples/users/app.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "users", "migrations");
const testEnv = { DASHBASE_ENV: "test", SESSION_SECRET: "t".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" };

function add(visitor: TestVisitor, user: { name: string; email: string }) {
  return visitor.callback({
    outputs: ["name-error.children", "email-error.children", "result.children", "name.value", "email.value", "users.data_version"].map(
      (key) => {
        const [id, property] = key.split(".") as [string, string];
        return { id, property };
      },
    ),
    inputs: [{ id: "add", property: "n_clicks", value: 1 }],
    state: [
      { id: "name", property: "value", value: user.name },
      { id: "email", property: "value", value: user.email },
    ],
  });
}

const outputs = (answer: { status: number; text: string; body: unknown }) => {
  assert.equal(answer.status, 200, answer.text);
  return (answer.body as { response: Record<string, Record<string, unknown>> }).response;
};

interface UserRows {
  rows: Array<Record<string, unknown>>;
  total: number;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the users example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let visitor: TestVisitor;

    before(async () => {
      db = await backend.open();
      const settings = loadSettings({ env: { ...testEnv, USERS_WELCOME_TEXT: "Hello from the test" }, appEnv: envSchema });
      test = await openTestApp(app, { db, migrationsDir, seed: true, settings });
      visitor = await test.visitor("/");
    });
    after(async () => {
      await test?.close();
      await db?.close();
    });

    it("shows the app's own welcome setting and the seeded users", async () => {
      assert.match((await visitor.get("/")).text, /Hello from the test/);
      const table = (await visitor.table("users", { sortBy: [{ column: "email", direction: "asc" }] })).body as UserRows;
      assert.equal(table.total, 2);
      assert.deepEqual(
        table.rows.map((row) => row["email"]),
        ["ada@example.org", "grace@example.org"],
      );
    });

    it("adds a user, clears the form, and lists the user", async () => {
      const added = outputs(await add(visitor, { name: " Alan Turing ", email: "Alan@Example.org" }));
      assert.match(String(added["result"]!["children"]), /^Added Alan Turing \(user #\d+\)\.$/);
      assert.equal(added["email"]!["value"], "");
      assert.equal(added["email-error"]!["children"], "");
      const table = (await visitor.table("users")).body as UserRows;
      assert.equal(table.total, 3);
      assert.equal(table.rows[0]!["email"], "alan@example.org", "newest first, stored in lower case");
    });

    it("refuses a duplicate email under the email field and saves nothing", async () => {
      const refused = outputs(await add(visitor, { name: "Another Ada", email: "ADA@example.org" }));
      assert.match(String(refused["email-error"]!["children"]), /^email: must be unique/);
      assert.equal(refused["name-error"]!["children"], "");
      assert.equal(refused["result"]!["children"], "Nothing was saved.");
      assert.equal(refused["email"]!["value"], "ADA@example.org", "what the visitor typed stays");
      const { rows } = await db.query<{ count: number }>("select count(*)::int as count from users where name = 'Another Ada'");
      assert.equal(rows[0]!.count, 0);
      assert.equal(((await visitor.table("users")).body as UserRows).total, 3);
    });

    it("refuses a blank name or a malformed email, field by field", async () => {
      const blank = outputs(await add(visitor, { name: "  ", email: "someone@example.org" }));
      assert.match(String(blank["name-error"]!["children"]), /expected a name/);
      const malformed = outputs(await add(visitor, { name: "Someone", email: "someone" }));
      assert.match(String(malformed["email-error"]!["children"]), /expected an address like name@example\.org/);
      assert.equal(((await visitor.table("users")).body as UserRows).total, 3);
    });
  });
}

describe("the users example's own setting", () => {
  it("names USERS_WELCOME_TEXT in the DASHBASE_E_CONFIG message when it is blank", async () => {
    const db = await backends[0]!.open();
    process.env["USERS_WELCOME_TEXT"] = "   ";
    try {
      await assert.rejects(openTestApp(app, { db, migrationsDir, settings: loadSettings({ env: testEnv }) }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
        assert.match(error.message, /USERS_WELCOME_TEXT/);
        return true;
      });
    } finally {
      delete process.env["USERS_WELCOME_TEXT"];
      await db.close();
    }
  });
});
