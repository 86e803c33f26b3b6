/**
 * @module
 * Splits a revision script into its statements, so the runner can say which one the database
 * rejected. Semicolons inside quotes, dollar quotes and comments do not split.
 */

const onlyComments = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*$/;

/**
 * Returns the statements of `script` (each without its final semicolon), skipping empty and
 * comment-only pieces.
 * @example
 * splitSqlStatements("create table a (x int);\n-- note\ninsert into a values (1);")
 * // ["create table a (x int)", "-- note\ninsert into a values (1)"]
 */
export function splitSqlStatements(script: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === "'" || ch === '"') {
      let end = script.indexOf(ch, i + 1);
      // A doubled quote is an escaped quote, not the end.
      while (end >= 0 && script[end + 1] === ch) end = script.indexOf(ch, end + 2);
      if (end < 0) break;
      i = end;
    } else if (ch === "-" && script[i + 1] === "-") {
      const end = script.indexOf("\n", i);
      if (end < 0) break;
      i = end;
    } else if (ch === "/" && script[i + 1] === "*") {
      const end = script.indexOf("*/", i + 2);
      if (end < 0) break;
      i = end + 1;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_][A-Za-z_0-9]*\$|^\$\$/.exec(script.slice(i, i + 64))?.[0];
      if (tag !== undefined) {
        const end = script.indexOf(tag, i + tag.length);
        if (end < 0) break;
        i = end + tag.length - 1;
      }
    } else if (ch === ";") {
      pieces.push(script.slice(start, i));
      start = i + 1;
    }
    i += 1;
  }
  pieces.push(script.slice(start));
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== "" && !onlyComments.test(piece));
}
