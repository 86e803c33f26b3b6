/**
 * @module
 * The one SQL lexer dashbase uses to find where statements start and end: the raw-SQL
 * transaction-control guard and the migration runner's script splitter both read statements
 * through it, so they always agree on boundaries. It knows just enough of PostgreSQL's lexical
 * rules for that: quoted strings ('' doubling, E'' backslash escapes, continuation across a
 * newline), "quoted identifiers", -- and nested /* *\/ comments, $tag$ dollar quotes (not $1
 * parameters), and that a semicolon inside parentheses or inside a `CREATE FUNCTION ... BEGIN
 * ATOMIC ... END` body does not end a statement. It never rejects text: an unclosed quote or
 * comment runs to the end, and the database reports the error. Plain '' strings take backslashes
 * literally, as with standard_conforming_strings on (PostgreSQL's default since 9.1, and PGlite's).
 */

/** What a token is; every character of the text belongs to exactly one token. */
export type SqlTokenKind =
  /** Spaces, tabs, newlines, form feeds, vertical tabs. */
  | "space"
  /** `-- to the end of the line` or a (nested) `/* block *\/`. */
  | "comment"
  /** `'text'`, `E'te\'xt'`; a prefix such as E, B, X, N or U& is the word or symbol before it. */
  | "string"
  /** `"a name"`. */
  | "quoted-identifier"
  /** `$$body$$` or `$tag$body$tag$`. */
  | "dollar-string"
  /** `$1`, a positional parameter. */
  | "parameter"
  /** A keyword, an unquoted identifier (which may hold `$`) or a number. */
  | "word"
  | "semicolon"
  /** Any other single character: an operator character, a parenthesis, a comma, a dot. */
  | "symbol";

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** Offset of its first character. */
  readonly start: number;
  /** Offset just after its last character. */
  readonly end: number;
  /** True for a quote, dollar quote or block comment the text ends inside of. */
  readonly unterminated: boolean;
}

/** One statement of a text, as offsets into it. */
export interface SqlStatementSpan {
  /** Offset of its first character: 0, or just after the semicolon that ended the one before. */
  readonly start: number;
  /** Offset of the semicolon that ends it, or the text's length for the last one. */
  readonly end: number;
  /** Offset of its first token that is neither space nor comment; -1 when it has none. */
  readonly codeStart: number;
}

/**
 * The tokens of `text` from offset `from` (which must be a token boundary), lazily: a caller
 * that needs only the first few tokens stops early and pays for no more.
 * @example
 * [...sqlTokens("select $1 -- x")].map((token) => token.kind);
 * // ["word", "space", "parameter", "space", "comment"]
 */
export function* sqlTokens(text: string, from = 0): Generator<SqlToken, void, undefined> {
  const cursor = new TokenCursor(text, from);
  while (cursor.next()) yield { kind: cursor.kind, start: cursor.start, end: cursor.end, unterminated: cursor.unterminated };
}

/** One object moved from token to token: splitting a long text allocates nothing per token. */
class TokenCursor implements SqlToken {
  kind: SqlTokenKind = "space";
  start: number;
  end: number;
  unterminated = false;
  // An E (or e) word right before a quote makes it an escape string; nothing else does.
  private escapePrefix = false;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.start = from;
    this.end = from;
  }

  /** Moves to the next token; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const start = this.end;
    if (start >= text.length) return false;
    let i = start;
    const c = text.charCodeAt(i);
    let kind: SqlTokenKind;
    let unterminated = false;
    let escapePrefix = false;
    if (isSpace(c)) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
      kind = "space";
    } else if (c === dash && text.charCodeAt(i + 1) === dash) {
      i = lineEnd(text, i);
      kind = "comment";
    } else if (c === slash && text.charCodeAt(i + 1) === star) {
      i = blockCommentEnd(text, i);
      kind = "comment";
    } else if (c === singleQuote) {
      i = stringEnd(text, i, this.escapePrefix);
      kind = "string";
    } else if (c === doubleQuote) {
      i = quotedEnd(text, i, doubleQuote, false);
      kind = "quoted-identifier";
    } else if (c === dollar) {
      const tagEnd = dollarTagEnd(text, i);
      if (tagEnd > 0) {
        const close = text.indexOf(text.slice(i, tagEnd), tagEnd);
        i = close < 0 ? -1 : close + (tagEnd - i);
        kind = "dollar-string";
      } else if (isDigit(text.charCodeAt(i + 1))) {
        i += 2;
        while (i < text.length && isDigit(text.charCodeAt(i))) i += 1;
        kind = "parameter";
      } else {
        i += 1;
        kind = "symbol";
      }
    } else if (isWordStart(c) || isDigit(c)) {
      // A number ends before a `$` (`1$$x$$` is 1 and a dollar quote); a name keeps it (`a$b`).
      const keepsDollar = !isDigit(c);
      i += 1;
      while (i < text.length && isWordPart(text.charCodeAt(i), keepsDollar)) i += 1;
      escapePrefix = i - start === 1 && (c === upperE || c === lowerE);
      kind = "word";
    } else {
      i += 1;
      kind = c === semicolon ? "semicolon" : "symbol";
    }
    // The scanners above answer -1 for a quote or comment the text ends inside of.
    if (i < 0) {
      unterminated = true;
      i = text.length;
    }
    this.kind = kind;
    this.start = start;
    this.end = i;
    this.unterminated = unterminated;
    this.escapePrefix = escapePrefix;
    return true;
  }
}

/**
 * Splits `text` into its statements at the semicolons that end one: not those inside a token,
 * inside parentheses (a `CREATE RULE ... DO (a; b)`), or inside a routine's `BEGIN ATOMIC ... END`
 * body. Always at least one span; empty and comment-only ones are kept (codeStart -1).
 * @example
 * sqlStatements("select ';'; -- done").map((span) => [span.start, span.end, span.codeStart]);
 * // [[0, 10, 0], [11, 19, -1]]
 */
export function sqlStatements(text: string): SqlStatementSpan[] {
  const spans: SqlStatementSpan[] = [];
  let start = 0;
  let codeStart = -1;
  let parens = 0;
  let body = new AtomicBodyTracker();
  const token = new TokenCursor(text, 0);
  while (token.next()) {
    if (token.kind === "space" || token.kind === "comment") continue;
    if (token.kind === "semicolon" && parens === 0 && !body.inside) {
      spans.push({ start, end: token.start, codeStart });
      start = token.end;
      codeStart = -1;
      body = new AtomicBodyTracker();
      continue;
    }
    if (codeStart < 0) codeStart = token.start;
    if (token.kind === "symbol") {
      const c = text.charCodeAt(token.start);
      if (c === openParen) parens += 1;
      // An unmatched ")" is a syntax error for the database; here it must not hide later semicolons.
      else if (c === closeParen && parens > 0) parens -= 1;
    }
    body.see(token, text, parens);
  }
  spans.push({ start, end: text.length, codeStart });
  return spans;
}

/**
 * Follows one statement's code tokens to know when it is inside the `BEGIN ATOMIC ... END` body
 * of `CREATE [OR REPLACE] FUNCTION|PROCEDURE`, where semicolons separate the body's statements.
 * Inside, CASE ... END pairs nest; `t.end` and `AS end` are names, not the body's end.
 */
class AtomicBodyTracker {
  private depth = 0;
  /** The statement's first code tokens while they may still spell the routine's header. */
  private readonly head: string[] = [];
  /** Whether the statement creates a function or procedure; undefined while its head is short. */
  private routine: boolean | undefined;
  private previous = "";

  get inside(): boolean {
    return this.depth > 0;
  }

  see(token: SqlToken, text: string, parens: number): void {
    if (this.routine === false) return;
    const word = token.kind === "word" ? text.slice(token.start, token.end).toLowerCase() : "";
    if (this.routine === undefined) {
      this.head.push(word);
      this.routine = routineHead(this.head);
      return;
    }
    const previous = this.previous;
    this.previous = token.kind === "symbol" ? text.charAt(token.start) : word;
    if (word === "" || previous === "." || previous === "as") return;
    if (this.depth > 0) {
      if (word === "case") this.depth += 1;
      else if (word === "end") this.depth -= 1;
    } else if (word === "atomic" && previous === "begin" && parens === 0) {
      this.depth = 1;
    }
  }
}

/** True for `create [or replace] function|procedure`, false once it cannot be, else undefined. */
function routineHead(head: readonly string[]): boolean | undefined {
  const spelling = head[1] === "or" ? ["create", "or", "replace"] : ["create"];
  for (const [index, word] of head.entries()) {
    if (index === spelling.length) return word === "function" || word === "procedure";
    if (word !== spelling[index]) return false;
  }
  return undefined;
}

const space = 32;
const tab = 9;
const newline = 10;
const verticalTab = 11;
const formFeed = 12;
const carriageReturn = 13;
const dash = 45;
const slash = 47;
const star = 42;
const singleQuote = 39;
const doubleQuote = 34;
const dollar = 36;
const backslash = 92;
const semicolon = 59;
const openParen = 40;
const closeParen = 41;
const underscore = 95;
const upperE = 69;
const lowerE = 101;

function isSpace(c: number): boolean {
  return c === space || c === tab || c === newline || c === carriageReturn || c === formFeed || c === verticalTab;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters, underscore, and every non-ASCII character, as PostgreSQL's identifiers allow. */
function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === underscore || c >= 128;
}

function isWordPart(c: number, keepsDollar: boolean): boolean {
  return isWordStart(c) || isDigit(c) || (keepsDollar && c === dollar);
}

/** Offset of the newline ending the line comment at `i` (not included), or the text's end. */
function lineEnd(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) !== newline && text.charCodeAt(i) !== carriageReturn) i += 1;
  return i;
}

/** Offset just after the block comment opened at `i`, counting nested openings; -1 if unclosed. */
function blockCommentEnd(text: string, i: number): number {
  let depth = 1;
  i += 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === slash && text.charCodeAt(i + 1) === star) {
      depth += 1;
      i += 2;
    } else if (c === star && text.charCodeAt(i + 1) === slash) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return -1;
}

/**
 * Offset just after the quoted run opened at `i`: a doubled quote is a quote inside it, and with
 * `backslashes` (E'' strings) a backslash escapes the character after it. -1 if unclosed.
 */
function quotedEnd(text: string, i: number, quote: number, backslashes: boolean): number {
  i += 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (backslashes && c === backslash) i += 2;
    else if (c !== quote) i += 1;
    else if (text.charCodeAt(i + 1) === quote) i += 2;
    else return i + 1;
  }
  return -1;
}

/**
 * Offset just after the string opened at `i`, taking in its continuations: PostgreSQL joins
 * 'a'<newline>'b' into one string, and an E'' string's continuations keep backslash escapes.
 */
function stringEnd(text: string, i: number, backslashes: boolean): number {
  for (;;) {
    const end = quotedEnd(text, i, singleQuote, backslashes);
    if (end < 0) return -1;
    const next = continuationQuote(text, end);
    if (next < 0) return end;
    i = next;
  }
}

/** Offset of a quote continuing the string that ended at `i`: only space and comments with a newline between. */
function continuationQuote(text: string, i: number): number {
  let sawNewline = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === newline || c === carriageReturn) {
      sawNewline = true;
      i += 1;
    } else if (isSpace(c)) {
      i += 1;
    } else if (c === dash && text.charCodeAt(i + 1) === dash) {
      i = lineEnd(text, i);
    } else {
      return sawNewline && c === singleQuote ? i : -1;
    }
  }
  return -1;
}

/** Offset just after the `$tag$` opening at `i` (a tag is a name without `$`, or empty); -1 if none. */
function dollarTagEnd(text: string, i: number): number {
  let j = i + 1;
  if (j < text.length && isWordStart(text.charCodeAt(j))) {
    j += 1;
    while (j < text.length && isWordPart(text.charCodeAt(j), false)) j += 1;
  }
  return text.charCodeAt(j) === dollar ? j + 1 : -1;
}
