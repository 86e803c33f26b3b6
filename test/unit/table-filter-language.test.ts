import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PgDialect, integer, pgTable, text } from "drizzle-orm/pg-core";
import { parseFilterExpression } from "../../src/protocol/filter-expression.js";
import { filterSql } from "../../src/tables/filter-sql.js";
import { csvField, csvText } from "../../src/protocol/csv-field.js";
import { DashbaseError } from "dashbase";
import { filterRows, nextSort, sortRows } from "../../src/client/table-logic.js";

const items = pgTable("items", { name: text("name").notNull(), stars: integer("stars").notNull() });
const dialect = new PgDialect();
const compiled = (column: "name" | "stars", text: string) => {
  const condition = filterSql("items", column, items[column], column === "stars" ? "numeric" : "text", text);
  assert.ok(condition !== undefined);
  return dialect.sqlToQuery(condition);
};
const filterCode = (error: unknown): boolean => error instanceof DashbaseError && error.code === "DASHBASE_E_TABLE_FILTER";

describe("the DataTable filter language", () => {
  it("reads comparisons, contains, bare text and quoted text joined by AND and OR", () => {
    const parsed = parseFilterExpression('> 10 AND <= 20 OR = "a OR b" OR contains new york OR rock and roll');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.expression.any, [
      [
        { kind: "compare", op: ">", operand: "10" },
        { kind: "compare", op: "<=", operand: "20" },
      ],
      [{ kind: "compare", op: "=", operand: "a OR b" }],
      [{ kind: "contains", text: "new york", bare: false }],
      [{ kind: "contains", text: "rock and roll", bare: true }],
    ]);
  });

  it("keeps bare text with operator characters inside as typed", () => {
    const parsed = parseFilterExpression("1=1 --");
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.expression.any, [[{ kind: "contains", text: "1=1 --", bare: true }]]);
  });

  it("refuses unknown operators, a missing value and a dangling AND, saying what it expected", () => {
    for (const [text, problem] of [
      ["=> 3", /operators .* found "=>"/],
      [">", /a value after >/],
      ["> 3 AND", /after the last AND/],
      ["OR 3", /before OR/],
      ['= "open', /closing "/],
      ["> 3 < 4", /one value after >/],
    ] as const) {
      const parsed = parseFilterExpression(text);
      assert.equal(parsed.ok, false, text);
      assert.match((parsed as { problem: string }).problem, problem, text);
    }
  });

  it("compiles to SQL with every typed value a parameter", () => {
    const query = compiled("stars", "> 3 AND < 8 OR = 0");
    assert.equal(query.sql, '(("items"."stars" > $1 and "items"."stars" < $2) or "items"."stars" = $3)');
    assert.deepEqual(query.params, [3, 8, 0]);
    const injection = compiled("name", `= "x' OR 1=1 --" OR contains '); DROP TABLE items;--`);
    assert.doesNotMatch(injection.sql, /DROP|1=1/);
    assert.deepEqual(injection.params, ["x' or 1=1 --", "%'); DROP TABLE items;--%"]);
  });

  it("refuses a comparison whose value does not fit the column, naming the column", () => {
    assert.throws(
      () => compiled("stars", "> abc"),
      (error: unknown) => filterCode(error) && /filter\.stars: expected a number/.test(String(error)),
    );
    assert.throws(() => compiled("stars", "=> 3"), filterCode);
  });
});

describe("CSV cells", () => {
  it("quotes separators and prefixes text a spreadsheet would run as a formula", () => {
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvField("+1"), "'+1");
    assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvField("-2+3"), "'-2+3");
    assert.equal(csvField(-5), "-5");
    assert.equal(csvField(null), "");
    assert.equal(csvField(new Date(Date.UTC(2024, 0, 2))), "2024-01-02T00:00:00.000Z");
  });
});

describe("the filter language in the browser, and multi-column sort", () => {
  const rows = [
    { name: "Ada", stars: 5 },
    { name: "Bob", stars: 2 },
    { name: "Cy", stars: 9 },
    { name: "Dee", stars: 2 },
  ];
  it("filters rows of `data` with the same grammar as the server", () => {
    const names = (filters: Record<string, string>) => filterRows(rows, filters).map((row) => row.name);
    assert.deepEqual(names({ stars: "> 2 AND < 9" }), ["Ada"]);
    assert.deepEqual(names({ stars: "= 9 OR = 2" }), ["Bob", "Cy", "Dee"]);
    assert.deepEqual(names({ name: "contains d OR = cy" }), ["Ada", "Cy", "Dee"]);
    assert.deepEqual(names({ name: '!= "Bob"', stars: "<= 2" }), ["Dee"]);
    assert.deepEqual(names({ stars: ">" }), [], "a filter still being typed searches for its text");
  });

  it("adds, turns and removes sort keys on shift-click, and resets to one key on a plain click", () => {
    const one = nextSort([], "stars");
    const two = nextSort(one, "name", true);
    assert.deepEqual(two, [
      { column: "stars", direction: "asc" },
      { column: "name", direction: "asc" },
    ]);
    const turned = nextSort(two, "name", true);
    assert.deepEqual(turned[1], { column: "name", direction: "desc" });
    assert.deepEqual(nextSort(turned, "name", true), [{ column: "stars", direction: "asc" }]);
    assert.deepEqual(nextSort(turned, "name"), [{ column: "name", direction: "asc" }]);
    assert.deepEqual(
      sortRows(rows, [
        { column: "stars", direction: "asc" },
        { column: "name", direction: "desc" },
      ]).map((row) => row.name),
      ["Dee", "Bob", "Ada", "Cy"],
    );
  });

  it("writes CSV of the rows shown, formula-safe", () => {
    assert.equal(
      csvText(
        [
          { id: "name", name: "Name" },
          { id: "stars", name: "Stars" },
        ],
        [{ name: "=1+1", stars: 3 }, { name: "a,b" }],
      ),
      'Name,Stars\r\n\'=1+1,3\r\n"a,b",\r\n',
    );
  });
});
