/**
 * @module
 * A database failure's answer in development carries the database's own reason and the fix when
 * known (a model table no revision created: `dashbase db generate` / `dashbase db upgrade`), and
 * not the statement's parameters; production keeps the generic message.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { createApp, dcc, html, Input, insertRow, Output, State } from "dashbase";
import { loadSettings } from "dashbase/config";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import { DashbaseError } from "../../src/errors/dashbase-error.js";
import { errorAnswer } from "../../src/server/error-reply.js";
import { fakeClientDir } from "./support/app-harness.js";

// A model whose table no migration creates: the app below is served without migrations.
const users = pgTable("reason_users", { id: serial("id").primaryKey(), name: text("name").notNull() });

function usersApp() {
  const app = createApp({ title: "Reasons", models: { users }, server: { clientDir: fakeClientDir() } });
  app.page("/", { layout: html.Div([dcc.Input({ id: "name" }), html.Button("Add", { id: "add" }), html.Div({ id: "out" })]) });
  app.callback(
    [Output<string>("out", "children")],
    [Input<number>("add", "n_clicks")],
    [State<string>("name", "value", { initial: "ada-secret-param" })],
    async ([clicks], [name], { db }) => {
      if (!clicks) return ["-"];
      await insertRow(db, users, { name });
      return ["added"];
    },
  );
  return app;
}

const call = {
  outputs: [{ id: "out", property: "children" }],
  inputs: [{ id: "add", property: "n_clicks", value: 1 }],
  state: [{ id: "name", property: "value" }],
};

describe("database failures in development", () => {
  let test: TestApp;
  let visitor: TestVisitor;
  before(async () => {
    test = await openTestApp(usersApp(), { migrate: false });
    visitor = await test.visitor("/");
  });
  after(() => test.close());

  it("carry the database's reason and the commands that create a model's table, without the parameters", async () => {
    const answer = await visitor.callback(call);
    assert.equal(answer.status, 500, answer.text);
    const { message } = (answer.body as { error: { message: string } }).error;
    assert.match(message, /relation "reason_users" does not exist/);
    assert.match(message, /dashbase db generate/);
    assert.match(message, /dashbase db upgrade/);
    assert.doesNotMatch(message, /ada-secret-param/, "the statement's parameters stay in the log");
  });
});

describe("database failures in production", () => {
  let test: TestApp;
  let visitor: TestVisitor;
  before(async () => {
    const settings = loadSettings({
      env: { DASHBASE_ENV: "production", SESSION_SECRET: "p".repeat(48), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    test = await openTestApp(usersApp(), { migrate: false, settings });
    visitor = await test.visitor("/");
  });
  after(() => test.close());

  it("keep the generic message", async () => {
    const answer = await visitor.callback(call);
    assert.equal(answer.status, 500, answer.text);
    const { message } = (answer.body as { error: { message: string } }).error;
    assert.match(message, /the server could not complete this request/);
    assert.doesNotMatch(message, /reason_users|dashbase db/);
  });
});

describe("errorAnswer with a database cause", () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
  const failed = (cause: Error) =>
    new DashbaseError(
      "DASHBASE_E_CALLBACK_FAILED",
      `callback "out.children" failed: Failed query: select "nme" from "users" where "dsn" = $1\nparams: postgres://app:hunter2@db/app`,
      {
        cause: new Error(`Failed query: select "nme" from "users"\nparams: postgres://app:hunter2@db/app`, { cause }),
      },
    );

  it("names a missing column and its fix, masks passwords, and leaves other errors alone", () => {
    const answer = errorAnswer(failed(pgError("42703", 'column "nme" does not exist')), "r1", false);
    assert.match(
      answer.body.error.message,
      /column "nme" does not exist; the table has no such column: if it is a model's, run `dashbase db generate`/,
    );
    assert.doesNotMatch(answer.body.error.message, /hunter2|params:/);
    assert.equal(errorAnswer(new Error("plain failure"), "r2", false).body.error.message, "plain failure");
    assert.doesNotMatch(
      errorAnswer(new Error("x", { cause: pgError("ERR_SOMETHING", "node's own") }), "r3", false).body.error.message,
      /database:/,
    );
  });
});
