/**
 * @module
 * The DataTable filter language, one expression per column, shared by the browser (tables with
 * `data`) and the server (query-bound tables, compiled to parameterized SQL):
 * `> 10`, `<= 5`, `= "x"`, `!= 3`, `contains foo`, bare text (a substring), joined with `AND`
 * and `OR` (upper case; AND binds tighter). Double quotes keep spaces and keywords as text.
 * Parsing returns a result, so each side decides what a malformed filter means.
 */

/** The comparison operators. */
export type FilterOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** One test on a column's value. */
export type FilterTerm =
  | { readonly kind: "compare"; readonly op: FilterOperator; readonly operand: string }
  | { readonly kind: "contains"; readonly text: string; readonly bare: boolean };

/** A parsed filter: an OR of ANDs of terms (disjunctive form, as written). */
export interface FilterExpression {
  readonly any: readonly (readonly FilterTerm[])[];
}

export type FilterParse = { readonly ok: true; readonly expression: FilterExpression } | { readonly ok: false; readonly problem: string };

type Token = ({ kind: "word"; text: string; quoted: boolean } | { kind: "op"; text: string }) & { start: number; end: number };

const operators: readonly string[] = ["<=", ">=", "!=", "<", ">", "="];
const operatorChars = /[<>=!]/;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"') {
      const start = index;
      let value = "";
      index += 1;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === "\\" && index + 1 < text.length) index += 1;
        value += text[index];
        index += 1;
      }
      if (index >= text.length) return `a closing " for the text that starts at character ${text.indexOf('"') + 1}`;
      index += 1;
      tokens.push({ kind: "word", text: value, quoted: true, start, end: index });
    } else if (operatorChars.test(char)) {
      const start = index;
      let run = "";
      while (index < text.length && operatorChars.test(text[index]!)) run += text[index++];
      if (!operators.includes(run)) return `one of the operators ${operators.join(" ")}, found "${run}"`;
      tokens.push({ kind: "op", text: run, start, end: index });
    } else {
      const start = index;
      let word = "";
      while (index < text.length && !/\s/.test(text[index]!) && text[index] !== '"') word += text[index++];
      tokens.push({ kind: "word", text: word, quoted: false, start, end: index });
    }
  }
  return tokens;
}

const isKeyword = (token: Token | undefined, keyword: string): boolean =>
  token !== undefined && token.kind === "word" && !token.quoted && token.text === keyword;

/**
 * Parses one column's filter text.
 * @example
 * parseFilterExpression('> 10 AND < 20 OR = "n/a"');
 * // { ok: true, expression: { any: [[{ kind: "compare", op: ">", operand: "10" }, ...], [...]] } }
 */
export function parseFilterExpression(text: string): FilterParse {
  const tokens = tokenize(text);
  if (typeof tokens === "string") return { ok: false, problem: `expected ${tokens}` };
  const any: FilterTerm[][] = [[]];
  let index = 0;
  let expectTerm = true;
  while (index < tokens.length) {
    const token = tokens[index]!;
    if (isKeyword(token, "AND") || isKeyword(token, "OR")) {
      if (expectTerm) return { ok: false, problem: `expected a test before ${(token as { text: string }).text}` };
      if (isKeyword(token, "OR")) any.push([]);
      index += 1;
      expectTerm = true;
      continue;
    }
    if (!expectTerm) return { ok: false, problem: `expected AND or OR between tests, found "${token.text}"` };
    // The operand runs to the next AND/OR: `contains new york` searches for "new york".
    let end = index + 1;
    while (end < tokens.length && !isKeyword(tokens[end], "AND") && !isKeyword(tokens[end], "OR")) end += 1;
    const head = token.kind === "op" || isKeyword(token, "contains") ? token : undefined;
    const rest = tokens.slice(head === undefined ? index : index + 1, end);
    if (rest.some((part) => part.kind === "op") && head !== undefined && head.kind === "op")
      return { ok: false, problem: `expected one value after ${head.text}, found another operator` };
    // One token is its text (a quoted one without quotes); several are the text as typed.
    const operand = rest.length === 1 ? rest[0]!.text : rest.length === 0 ? "" : text.slice(rest[0]!.start, rest[rest.length - 1]!.end);
    if (head !== undefined && rest.length === 0) return { ok: false, problem: `expected a value after ${head.text}` };
    const term: FilterTerm =
      head === undefined || head.kind === "word"
        ? { kind: "contains", text: operand, bare: head === undefined && rest.every((part) => part.kind === "word" && !part.quoted) }
        : { kind: "compare", op: head.text as FilterOperator, operand };
    any[any.length - 1]!.push(term);
    index = end;
    expectTerm = false;
  }
  if (expectTerm && tokens.length > 0) return { ok: false, problem: "expected a test after the last AND/OR" };
  return { ok: true, expression: { any: any.filter((group) => group.length > 0) } };
}
