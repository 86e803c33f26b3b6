/**
 * @module
 * Refuses transaction control sent as raw SQL: on PGlite's single session a stray BEGIN
 * silently swallows every later statement of every caller into one transaction.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

const leadingComments = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/;
const transactionControl = /^(begin|start\s+transaction|commit|end|rollback|abort|savepoint|release|prepare\s+transaction)\b/i;

/** Throws DASHBASE_E_RAW_TRANSACTION_CONTROL when any statement of `text` controls a transaction. */
export function assertNoTransactionControl(text: string): void {
  for (const statement of splitStatements(text)) {
    const body = statement.replace(leadingComments, "");
    const match = transactionControl.exec(body);
    if (match) {
      throw new DashbaseError(
        "DASHBASE_E_RAW_TRANSACTION_CONTROL",
        `"${match[1]!.toUpperCase()}" cannot be sent through query() or exec(): wrap the statements in db.transaction(async (tx) => { ... }) instead`,
      );
    }
  }
}

/**
 * The same check, remembering statement texts that passed: an app sends the same few texts over
 * and over, and scanning each one again was a measurable part of a short query. Only passing
 * texts are kept (a refused one throws every time), at most `maxEntries` of them, each at most
 * `maxTextLength` characters; when full, the memory starts over. One per database handle.
 * @example
 * const guard = new TransactionControlGuard();
 * guard.check("insert into notes (title) values ($1)"); // scanned
 * guard.check("insert into notes (title) values ($1)"); // remembered
 */
export class TransactionControlGuard {
  private readonly passed = new Set<string>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly maxTextLength = 4096,
  ) {}

  /** Throws DASHBASE_E_RAW_TRANSACTION_CONTROL as assertNoTransactionControl does. */
  check(text: string): void {
    if (this.passed.has(text)) return;
    assertNoTransactionControl(text);
    if (text.length > this.maxTextLength) return;
    if (this.passed.size >= this.maxEntries) this.passed.clear();
    this.passed.add(text);
  }

  /** How many texts are remembered (for tests). */
  get size(): number {
    return this.passed.size;
  }
}

/** Splits on semicolons outside quotes, dollar quotes and comments: enough to find statement starts. */
function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      i = text.indexOf(ch, i + 1);
      if (i < 0) break;
    } else if (ch === "-" && text[i + 1] === "-") {
      i = text.indexOf("\n", i);
      if (i < 0) break;
    } else if (ch === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) break;
      i += 1;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        if (end < 0) break;
        i = end + tag.length - 1;
      }
    } else if (ch === ";") {
      statements.push(text.slice(start, i));
      start = i + 1;
    }
    i += 1;
  }
  statements.push(text.slice(start));
  return statements;
}
