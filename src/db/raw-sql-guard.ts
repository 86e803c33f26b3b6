/**
 * @module
 * Refuses transaction control sent as raw SQL: on PGlite's single session a stray BEGIN
 * silently swallows every later statement of every caller into one transaction.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { sqlStatements, sqlTokens } from "./sql-lexer.js";

/** Statements that control a transaction by their first word alone. */
const controlWords = new Set(["begin", "commit", "end", "rollback", "abort", "savepoint", "release"]);
/** ...and those that do with "transaction" as their second word (`prepare name as ...` does not). */
const controlBeforeTransaction = new Set(["start", "prepare"]);

/**
 * Throws DASHBASE_E_RAW_TRANSACTION_CONTROL when any statement of `text` controls a transaction.
 * @example
 * assertNoTransactionControl("select 'begin'"); // passes
 * assertNoTransactionControl("select 1; commit"); // throws
 */
export function assertNoTransactionControl(text: string): void {
  for (const statement of sqlStatements(text)) {
    if (statement.codeStart < 0) continue;
    const control = transactionControl(leadingWords(text, statement.codeStart));
    if (control !== undefined) {
      throw new DashbaseError(
        "DASHBASE_E_RAW_TRANSACTION_CONTROL",
        `"${control.toUpperCase()}" cannot be sent through query() or exec(): wrap the statements in db.transaction(async (tx) => { ... }) instead`,
      );
    }
  }
}

/** "begin", "start transaction", ...: the transaction control a statement's leading words spell, if any. */
function transactionControl([first, second]: string[]): string | undefined {
  if (first === undefined) return undefined;
  if (controlWords.has(first)) return first;
  if (controlBeforeTransaction.has(first) && second === "transaction") return `${first} ${second}`;
  return undefined;
}

/** The first two words of the statement whose code starts at `from`, lower-cased; comments between them are skipped. */
function leadingWords(text: string, from: number): string[] {
  const words: string[] = [];
  for (const token of sqlTokens(text, from)) {
    if (token.kind === "space" || token.kind === "comment") continue;
    if (token.kind !== "word") break;
    words.push(text.slice(token.start, token.end).toLowerCase());
    if (words.length === 2) break;
  }
  return words;
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
