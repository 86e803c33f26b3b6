/**
 * The SQL lexer's edge cases, and the promise it exists for: the raw-SQL guard and the migration
 * splitter see the same statement boundaries in the same text.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoTransactionControl } from "../../src/db/raw-sql-guard.js";
import { type SqlToken, sqlStatements, sqlTokens } from "../../src/db/sql-lexer.js";
import { isDashbaseError } from "../../src/errors/dashbase-error.js";
import { splitSqlStatements } from "../../src/migrations/sql-statements.js";

/** The tokens that are neither space nor comment, as [kind, text]. */
function code(text: string): [SqlToken["kind"], string][] {
  return [...sqlTokens(text)]
    .filter((token) => token.kind !== "space" && token.kind !== "comment")
    .map((token) => [token.kind, text.slice(token.start, token.end)]);
}

function statements(text: string): string[] {
  return sqlStatements(text).map((span) => text.slice(span.start, span.end));
}

describe("sqlTokens", () => {
  it("covers every character exactly once, in order", () => {
    for (const text of [
      "select 'a''b', E'\\'' from \"t\"\"x\" -- c\r\n/* a /* b */ */ $q$ $$ $q$ $1;",
      "",
      "  ",
      "'open",
      "/* open",
      "$$ open",
      '"open',
    ]) {
      let at = 0;
      for (const token of sqlTokens(text)) {
        assert.equal(token.start, at, text);
        assert.ok(token.end > token.start, text);
        at = token.end;
      }
      assert.equal(at, text.length, text);
    }
  });

  it("nests block comments as PostgreSQL does, and ends a line comment at \\n or \\r", () => {
    const text = "/* a /* b */ ; still comment */ select 1 -- x;\rselect 2; select 3";
    assert.deepEqual(
      [...sqlTokens(text)].filter((token) => token.kind === "comment").map((token) => text.slice(token.start, token.end)),
      ["/* a /* b */ ; still comment */", "-- x;"],
    );
    assert.deepEqual(statements(text), ["/* a /* b */ ; still comment */ select 1 -- x;\rselect 2", " select 3"]);
    assert.deepEqual(code("/*/ x */ y"), [["word", "y"]], "/*/ opens a comment, it does not close one");
    assert.deepEqual(code("/**/x"), [["word", "x"]]);
  });

  it("reads doubled quotes inside strings and quoted identifiers as part of them", () => {
    assert.deepEqual(code(`select 'it''s; here', "a""b;"`), [
      ["word", "select"],
      ["string", "'it''s; here'"],
      ["symbol", ","],
      ["quoted-identifier", '"a""b;"'],
    ]);
  });

  it("honours backslash escapes in E'' strings only", () => {
    assert.deepEqual(code("E'\\''"), [
      ["word", "E"],
      ["string", "'\\''"],
    ]);
    assert.deepEqual(code("e'\\\\'"), [
      ["word", "e"],
      ["string", "'\\\\'"],
    ]);
    // A plain string ends at the quote after the backslash.
    assert.deepEqual(code("'\\'; x"), [
      ["string", "'\\'"],
      ["semicolon", ";"],
      ["word", "x"],
    ]);
    // The E must be a word of its own: in `some'...'` the e ends a name.
    assert.deepEqual(code("some'\\'"), [
      ["word", "some"],
      ["string", "'\\'"],
    ]);
    assert.deepEqual(code("E '\\'"), [
      ["word", "E"],
      ["string", "'\\'"],
    ]);
  });

  it("joins a string continued on the next line, keeping E'' escapes in the continuation", () => {
    const text = "E'a'\n  -- note\n  '\\' still'; x";
    assert.deepEqual(code(text), [
      ["word", "E"],
      ["string", "'a'\n  -- note\n  '\\' still'"],
      ["semicolon", ";"],
      ["word", "x"],
    ]);
    assert.deepEqual(
      code("'a' 'b'"),
      [
        ["string", "'a'"],
        ["string", "'b'"],
      ],
      "without a newline between, two strings stay two",
    );
  });

  it("tells dollar quotes from $1 parameters and from $ inside names", () => {
    assert.deepEqual(code("select $1, $$;$$, $fn$ $$ ; $fn$, $12"), [
      ["word", "select"],
      ["parameter", "$1"],
      ["symbol", ","],
      ["dollar-string", "$$;$$"],
      ["symbol", ","],
      ["dollar-string", "$fn$ $$ ; $fn$"],
      ["symbol", ","],
      ["parameter", "$12"],
    ]);
    assert.deepEqual(
      code("x$a$ ; $a$"),
      [
        ["word", "x$a$"],
        ["semicolon", ";"],
        ["dollar-string", "$a$"],
      ],
      "a name may hold $, so only the last $a$ opens a quote",
    );
    assert.deepEqual(
      code("1$$;$$"),
      [
        ["word", "1"],
        ["dollar-string", "$$;$$"],
      ],
      "a number does not take in a $",
    );
    assert.deepEqual(
      code("$1$ ; $"),
      [
        ["parameter", "$1"],
        ["symbol", "$"],
        ["semicolon", ";"],
        ["symbol", "$"],
      ],
      "a tag does not start with a digit",
    );
    assert.deepEqual(code("$A$ x $a$ ; $A$"), [["dollar-string", "$A$ x $a$ ; $A$"]], "tags are case-sensitive");
  });

  it("runs an unterminated quote, dollar quote or comment to the end of the text", () => {
    for (const [text, kind] of [
      ["select 'abc; commit", "string"],
      ["select E'abc\\'; commit", "string"],
      ['select "abc; commit', "quoted-identifier"],
      ["select $x$ abc; commit $y$", "dollar-string"],
      ["select /* /* */ abc; commit", "comment"],
    ] as const) {
      const last = [...sqlTokens(text)].at(-1)!;
      assert.equal(last.kind, kind, text);
      assert.equal(last.unterminated, true, text);
      assert.equal(last.end, text.length, text);
      assert.equal(sqlStatements(text).length, 1, text);
    }
    assert.equal([...sqlTokens("'closed'")][0]!.unterminated, false);
  });

  it("starts at a given offset and yields lazily", () => {
    const tokens = sqlTokens("select 1; select 2", 10);
    assert.deepEqual(tokens.next().value, { kind: "word", start: 10, end: 16, unterminated: false });
  });
});

describe("sqlStatements", () => {
  it("reports each statement's span and where its code starts (-1 for none)", () => {
    assert.deepEqual(sqlStatements("select ';'; -- done"), [
      { start: 0, end: 10, codeStart: 0 },
      { start: 11, end: 19, codeStart: -1 },
    ]);
    assert.deepEqual(sqlStatements(""), [{ start: 0, end: 0, codeStart: -1 }]);
    assert.deepEqual(sqlStatements(" /* c */ x;"), [
      { start: 0, end: 10, codeStart: 9 },
      { start: 11, end: 11, codeStart: -1 },
    ]);
  });

  it("does not split inside parentheses (CREATE RULE ... DO (a; b)), and an unmatched ) does not hide later semicolons", () => {
    assert.equal(sqlStatements("create rule r as on insert to t do also (insert into a values (1); delete from b); select 1").length, 2);
    assert.equal(sqlStatements("select 1); select 2").length, 2);
  });

  it("does not split inside a routine's BEGIN ATOMIC ... END body, with CASE ... END inside", () => {
    const routine =
      "create or replace function f() returns int language sql begin atomic select 1; select case when t.end then 2 else 3 end as end from t; end";
    assert.deepEqual(statements(`${routine}; select 2`), [routine, " select 2"]);
    const procedure = "CREATE PROCEDURE p() BEGIN ATOMIC insert into t values (1); END";
    assert.deepEqual(statements(`${procedure};commit`), [procedure, "commit"]);
    // Only a routine's header opens a body: elsewhere begin and atomic are ordinary words.
    assert.equal(sqlStatements("select begin atomic; select 2").length, 2);
    assert.equal(sqlStatements("create table begin (atomic int); select 2").length, 2);
  });
});

describe("the guard and the splitter", () => {
  const refuses = (text: string): boolean => {
    try {
      assertNoTransactionControl(text);
      return false;
    } catch (error) {
      if (isDashbaseError(error, "DASHBASE_E_RAW_TRANSACTION_CONTROL")) return true;
      throw error;
    }
  };
  /** What the splitter says: some statement of `text` starts with COMMIT or START TRANSACTION (after comments). */
  const splitterSeesControl = (text: string): boolean =>
    splitSqlStatements(text).some((statement) => {
      const words = code(statement).map(([, word]) => word.toLowerCase());
      return words[0] === "commit" || (words[0] === "start" && words[1] === "transaction");
    });

  // Each text hides or shows a COMMIT at a place only a correct lexer gets right; [text, statements].
  const samples: [string, number][] = [
    ["select 1; commit", 2],
    ["select 'x; commit'", 1],
    ["select 'it''s'; commit", 2],
    ["select E'\\'; commit; --'", 1],
    ["select '\\'; commit; --'", 2],
    ["select E'a'\n'\\' ' ; commit; --'", 2],
    ["select 'a'\n'b'; commit", 2],
    ['select "x;"" commit"', 1],
    ["select /* /* */ ; commit */ 1", 1],
    ["select 1 -- ; commit\n; commit", 2],
    ["select $1; commit", 2],
    ["select $$; commit; $$", 1],
    ["select $a$ $$; commit $a$", 1],
    ["select 1 as x$a$ ; commit ; select 1 as y$a$", 3],
    ["create rule r as on insert to t do also (insert into a values (1); commit)", 1],
    ["create function f() returns int language sql begin atomic select 1; end; commit", 2],
    ["create function f() returns int language sql begin atomic select case when true then 1 end; end; commit", 2],
    ["select 'open; commit", 1],
    ["/* c */ commit", 1],
    ["start /* c */ transaction; select 1", 2],
  ];

  for (const [text, count] of samples) {
    it(`agree on ${JSON.stringify(text)}`, () => {
      assert.equal(splitSqlStatements(text).length, count, "statements the splitter finds");
      assert.equal(sqlStatements(text).filter((span) => span.codeStart >= 0).length, count, "statements the guard reads");
      assert.equal(
        refuses(text),
        splitterSeesControl(text),
        "the guard refuses exactly when the splitter finds a transaction-control statement",
      );
    });
  }

  it("the splitter trims statements and drops empty and comment-only ones", () => {
    assert.deepEqual(splitSqlStatements("create table a (x int);\n-- note\ninsert into a values (1);\n/* end */ ;;"), [
      "create table a (x int)",
      "-- note\ninsert into a values (1)",
    ]);
  });
});
