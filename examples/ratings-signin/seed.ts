/**
 * @module
 * Three things to rate and two people who can sign in (ada@example.org and bob@example.org, for
 * trying the example; create real accounts with `dashbase users create`). Safe to run twice.
 */
import type { Database } from "dashbase";
import { hashPassword, users } from "dashbase/auth";
import { items } from "./models.js";

/** The example's accounts and their passwords (never do this outside an example). */
export const exampleAccounts = [
  { name: "Ada", email: "ada@example.org", password: "correct horse battery" },
  { name: "Bob", email: "bob@example.org", password: "tremble purple sunrise" },
] as const;

export async function seed(db: Database): Promise<void> {
  await db
    .insert(items)
    .values([
      { id: 1, name: "Espresso" },
      { id: 2, name: "Green tea" },
      { id: 3, name: "Hot chocolate" },
    ])
    .onConflictDoNothing();
  await db.exec("select setval(pg_get_serial_sequence('items', 'id'), greatest((select max(id) from items), 1))");
  for (const account of exampleAccounts) {
    const passwordHash = await hashPassword(account.password);
    await db.insert(users).values({ name: account.name, email: account.email, passwordHash }).onConflictDoNothing();
  }
}
