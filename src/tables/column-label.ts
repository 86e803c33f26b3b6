/**
 * @module
 * The header a declared table's column gets when `columns` gives no name: the model's key made
 * readable ("createdAt" → "Created at", "user_name" → "User name", "bookId" → "Book ID"). A
 * header showing the TypeScript key read as code on a page meant for people.
 */

/**
 * @example
 * columnLabel("createdAt") // "Created at"
 * columnLabel("id") // "ID"
 */
export function columnLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter((word) => word !== "")
    // An acronym (URL, GDP) keeps its capitals; "id" reads as "ID".
    .map((word) => (word.toLowerCase() === "id" ? "ID" : word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  if (words.length === 0) return key;
  const first = words[0]!;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}
