/**
 * The flagship's optional sign-in over the wire, on every backend: anonymous use works as before;
 * a signed-in user's saved views are "Your saved views" in every browser the user signs in from
 * (they are saved under the user's id), and only the user can delete them, from any of those
 * browsers; another user or an anonymous visitor is told the view belongs to someone else.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "dashbase";
import { hashPassword, signInPath, users } from "dashbase/auth";
import { openTestApp, type TestAnswer, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/indicators/app.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { flagshipSave } from "../support/flagship-save.js";

const ada = { name: "Ada", email: "ada@example.org", password: "analytical engine notes" };
const bob = { name: "Bob", email: "bob@example.org", password: "difference engine plans" };

async function signIn(visitor: TestVisitor, account: { email: string; password: string }): Promise<void> {
  await visitor.open("/save");
  const answer = await visitor.post(signInPath, { email: account.email, password: account.password, next: "/save" });
  assert.equal(answer.status, 200, answer.text);
  // The session has a new CSRF token: load a page as the redirect would.
  await visitor.open("/save");
}

function save(visitor: TestVisitor, name: string): Promise<TestAnswer> {
  return visitor.callback(flagshipSave(name));
}

function savedId(answer: TestAnswer): number {
  const text = JSON.stringify(answer.body);
  const id = /Saved as #(\d+)/.exec(text)?.[1];
  assert.ok(id, `expected "Saved as #<id>" in ${text.slice(0, 300)}`);
  return Number(id);
}

/** The labels of "Your saved views" on the History page. */
async function ownSaves(visitor: TestVisitor): Promise<string[]> {
  const { boot } = await visitor.open("/history");
  const labels: string[] = [];
  JSON.stringify(boot["layout"], (key, value: unknown) => {
    if (key === "props" && typeof value === "object" && value !== null && (value as { id?: unknown }).id === "my-saves") {
      for (const option of ((value as { options?: { label: string }[] }).options ?? []) as { label: string }[]) labels.push(option.label);
    }
    return value;
  });
  return labels;
}

function remove(visitor: TestVisitor, id: number): Promise<TestAnswer> {
  return visitor.callback({
    outputs: [
      "history-url.href",
      "history.data_version",
      "my-saves.options",
      "my-saves.value",
      "my-saves-controls.hidden",
      "my-saves-empty.hidden",
      "history-message.children",
      "history-message.className",
    ].map((key) => {
      const [id, property] = key.split(".") as [string, string];
      return { id, property };
    }),
    inputs: [
      { id: "open-save", property: "n_clicks", value: undefined },
      { id: "delete-save", property: "n_clicks", value: 1 },
    ],
    state: [{ id: "my-saves", property: "value", value: id }],
    changed: ["delete-save.n_clicks"],
  });
}

const message = (answer: TestAnswer): string =>
  String(
    (answer.body as { response?: Record<string, Record<string, unknown>> }).response?.["history-message"]?.["children"] ?? answer.text,
  );

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the indicators app's optional sign-in on ${backend.name}`, () => {
    let db: Database;
    let served: TestApp;

    before(async () => {
      db = await backend.open();
      served = await openTestApp(app, { db, migrationsDir: "examples/indicators/migrations", seed: true });
      for (const account of [ada, bob]) {
        await db.insert(users).values({ name: account.name, email: account.email, passwordHash: await hashPassword(account.password) });
      }
    });
    after(async () => {
      await served?.close();
      await db?.close();
    });

    test("anonymous visitors save and delete their own views as before, and see a link to sign in", async () => {
      const visitor = await served.visitor("/save");
      const page = await visitor.get("/save");
      assert.match(page.text, /"href":"\/_dashbase\/auth\/sign-in\?next=%2Fsave"/);
      const id = savedId(await save(visitor, "Anonymous"));
      assert.ok((await ownSaves(visitor)).some((label) => label.startsWith(`#${id} `)));
      assert.equal(message(await remove(visitor, id)), `Deleted saved view #${id}.`);
    });

    test("a signed-in user's saved views follow her to another browser, where she can delete them; nobody else can", async () => {
      const first = await served.visitor();
      await signIn(first, ada);
      assert.match((await first.get("/save")).text, /Signed in as Ada/);
      const kept = savedId(await save(first, "Ada at work"));
      const gone = savedId(await save(first, "Ada, to delete"));

      const second = await served.visitor();
      await signIn(second, ada);
      const labels = await ownSaves(second);
      assert.ok(
        labels.some((label) => label.startsWith(`#${kept} · Ada at work`)),
        labels.join("\n"),
      );
      assert.ok(
        labels.some((label) => label.startsWith(`#${gone} · Ada, to delete`)),
        labels.join("\n"),
      );

      const bobs = await served.visitor();
      await signIn(bobs, bob);
      assert.deepEqual(await ownSaves(bobs), []);
      assert.equal(message(await remove(bobs, kept)), `Saved view #${kept} belongs to someone else: only they can delete it.`);
      const anonymous = await served.visitor("/history");
      assert.equal(message(await remove(anonymous, kept)), `Saved view #${kept} belongs to someone else: only they can delete it.`);

      assert.equal(message(await remove(second, gone)), `Deleted saved view #${gone}.`);
      const left = await ownSaves(first);
      assert.ok(left.some((label) => label.startsWith(`#${kept} `)));
      assert.ok(!left.some((label) => label.startsWith(`#${gone} `)), "deleted in one browser, gone in the other");
    });
  });
}
