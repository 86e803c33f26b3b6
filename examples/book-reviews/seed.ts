/**
 * @module
 * Three books to review (public-domain novels); safe to run twice.
 */
import type { Database } from "dashbase";
import { books } from "./models.js";

const shelf = [
  { id: 1, title: "Frankenstein", author: "Mary Shelley" },
  { id: 2, title: "Pride and Prejudice", author: "Jane Austen" },
  { id: 3, title: "Moby-Dick", author: "Herman Melville" },
];

export async function seed(db: Database): Promise<void> {
  await db.insert(books).values(shelf).onConflictDoNothing();
  // The serial must continue after the fixed ids above.
  await db.exec("select setval(pg_get_serial_sequence('books', 'id'), greatest((select max(id) from books), 1))");
}
