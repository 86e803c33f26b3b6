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
