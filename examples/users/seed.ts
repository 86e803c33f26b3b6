/**
 * @module
 * Two users to start with (`dashbase db seed`, or `db reset` followed by it); safe to run twice.
 */
import type { Database } from "dashbase";
import { users } from "./models.js";

export async function seed(db: Database): Promise<void> {
  await db
    .insert(users)
    .values([
      { name: "Ada Lovelace", email: "ada@example.org" },
      { name: "Grace Hopper", email: "grace@example.org" },
    ])
    .onConflictDoNothing();
}
