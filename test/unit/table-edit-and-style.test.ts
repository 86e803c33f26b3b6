/**
 * DataTable's logic for cell edits and conditional styles: which rules hold for a cell and what
 * they give it (filter language, row position, active and selected state), which styles are safe
 * (no url(), only listed properties), the value an edited cell's text stands for, and how a
 * declaration's `editable` and an edit's body are checked before anything is written.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { createApp, DataTable, isDashbaseError } from "dashbase";
import { cellLook, type CellFacts } from "../../src/client/table-style.js";
import { editedValue, editText, localEditProblem, valueMatches } from "../../src/client/table-logic.js";
import { safeStyle, styleProblems, styleValueProblem } from "../../src/components/data-table/style-rules.js";
import { declareTable } from "../../src/tables/declared-table.js";
import { parseTableEdit } from "../../src/tables/table-edit.js";

const cell = (over: Partial<CellFacts> = {}): CellFacts => ({
  row: { name: "Ada", stars: 4, done: true },
  rowIndex: 0,
  columnId: "stars",
  active: false,
  selected: false,
  ...over,
});

describe("conditional styles", () => {
  it("applies a rule whose filter holds for the row, in the filter language", () => {
    const rules = [{ if: { filter: { stars: ">= 4 AND < 5" } }, tone: "success", style: { fontWeight: 700 } }];
    assert.deepEqual(cellLook(rules, cell()), { style: { fontWeight: 700 }, classes: ["is-tone-success"] });
    assert.deepEqual(cellLook(rules, cell({ row: { stars: 2 } })), { style: {}, classes: [] });
    assert.equal(valueMatches("Ada Lovelace", "contains ada OR = x"), true);
    assert.equal(valueMatches(3, "> 3"), false);
  });

  it("limits a rule to its columns, row positions and states", () => {
    const byColumn = [{ if: { column_id: ["name"] }, className: "mine" }];
    assert.deepEqual(cellLook(byColumn, cell()).classes, []);
    assert.deepEqual(cellLook(byColumn, cell({ columnId: "name" })).classes, ["mine"]);
    const odd = [{ if: { row_index: "odd" }, tone: "muted" }];
    assert.deepEqual(cellLook(odd, cell({ rowIndex: 0 })).classes, []);
    assert.deepEqual(cellLook(odd, cell({ rowIndex: 3 })).classes, ["is-tone-muted"]);
    assert.deepEqual(cellLook([{ if: { row_index: 2 }, tone: "accent" }], cell({ rowIndex: 2 })).classes, ["is-tone-accent"]);
    const states = [
      { if: { state: "active" }, tone: "accent" },
      { if: { state: "selected" }, className: "picked" },
    ];
    assert.deepEqual(cellLook(states, cell()).classes, []);
    assert.deepEqual(cellLook(states, cell({ active: true, selected: true })).classes, ["is-tone-accent", "picked"]);
  });

  it("lets a later rule win per property and requires every part of if", () => {
    const rules = [
      { style: { color: "red", fontStyle: "italic" } },
      { if: { column_id: "stars", filter: { name: "= ada" } }, style: { color: "var(--dashbase-danger)" } },
      { if: { column_id: "stars", filter: { name: "= bob" } }, style: { color: "green" } },
    ];
    assert.deepEqual(cellLook(rules, cell()).style, { color: "var(--dashbase-danger)", fontStyle: "italic" });
  });

  it("drops unsafe parts of a rule a callback sent: url(), unlisted properties, odd class names", () => {
    const rules = [
      {
        style: { backgroundColor: "url(https://evil.example/x)", backgroundImage: "none", color: "blue", width: "1px" },
        className: 'x" onclick="y',
        tone: "rainbow",
      },
    ];
    assert.deepEqual(cellLook(rules, cell()), { style: { color: "blue" }, classes: [] });
    assert.deepEqual(safeStyle({ color: "rgb(1, 2, 3)", border: "1px solid var(--dashbase-border)" }), {
      color: "rgb(1, 2, 3)",
      border: "1px solid var(--dashbase-border)",
    });
    for (const bad of ["url(x)", "URL (x)", "image-set(x 1x)", "expression(alert(1))", "red; background: url(x)", "\\75rl(x)", "'x'"])
      assert.ok(styleValueProblem(bad) !== undefined, bad);
    assert.deepEqual(styleProblems({ color: "red", fontWeight: 600 }), []);
    assert.match(styleProblems({ backgroundImage: "none" })[0]!, /backgroundImage: not a property/);
  });

  it("refuses an unsafe rule in the factory with a coded error naming it", () => {
    const refused = (rules: unknown): string => {
      try {
        DataTable({ id: "t", data: [], style_data_conditional: rules as never });
      } catch (error) {
        assert.ok(isDashbaseError(error, "DASHBASE_E_APP_INVALID"));
        return error.message;
      }
      throw new Error("not refused");
    };
    assert.match(refused([{ style: { color: "url(x)" } }]), /style_data_conditional\[0\]: style\.color: url\(\) is not allowed/);
    assert.match(refused([{}, { tone: "pink" }]), /\[1\]: tone: expected one of/);
    assert.match(refused([{ if: { row_index: -1 } }]), /if\.row_index/);
    assert.match(refused([{ if: { state: "hover" } }]), /if\.state/);
    assert.match(refused([{ className: "a;b" }]), /className/);
    const node = DataTable({ id: "t", data: [], style_data_conditional: [{ if: { filter: { stars: "> 3" } }, tone: "success" }] });
    assert.equal(node.props.style_data_conditional?.length, 1);
  });
});

describe("edited values", () => {
  it("reads an edited cell's text as its column's kind, leaving bad text for the model to name", () => {
    assert.equal(editedValue("12", "numeric"), 12);
    assert.equal(editedValue(" -1.5 ", "numeric"), -1.5);
    assert.equal(editedValue("", "numeric"), null);
    assert.equal(editedValue("abc", "numeric"), "abc");
    assert.equal(editedValue("yes", "boolean"), true);
    assert.equal(editedValue("False", "boolean"), false);
    assert.equal(editedValue("maybe", "boolean"), "maybe");
    assert.equal(editedValue(" x ", "text"), " x ");
    assert.equal(localEditProblem("abc", "numeric"), 'expected a number, found "abc"');
    assert.equal(localEditProblem(3, "numeric"), undefined);
    assert.equal(localEditProblem("maybe", "boolean"), 'expected true or false, found "maybe"');
    assert.equal(editText(null), "");
    assert.equal(editText(4), "4");
  });
});

const notes = pgTable("unit_notes", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  stars: integer("stars").notNull(),
  due: timestamp("due"),
});

describe("editable declarations and edit requests", () => {
  it("marks declared editable columns and needs a one-column primary key", () => {
    const declared = declareTable("notes", { from: notes, columns: ["title", "stars"], editable: ["stars"] });
    assert.deepEqual(
      declared.ref.columns.map((column) => [column.id, column.editable === true]),
      [
        ["title", false],
        ["stars", true],
      ],
    );
    assert.equal(declared.rowKey, "id");
    assert.deepEqual([...declareTable("all", { from: notes, editable: true }).editable], ["title", "stars", "due"]);
    assert.equal(declareTable("ro", { from: notes }).editable.size, 0);
    const byColumn = declareTable("c", { from: notes, columns: ["title", { id: "stars", name: "Stars", editable: true }] });
    assert.deepEqual([...byColumn.editable], ["stars"]);
    assert.equal(byColumn.ref.columns[1]!.name, "Stars");
    assert.equal(declareTable("d", { from: notes, columns: [{ id: "due" }] }).ref.columns[0]!.name, "Due");
    const keyless = pgTable("keyless", { title: text("title") });
    assert.throws(() => declareTable("k", { from: keyless, editable: ["title"] }), /one-column primary key/);
    assert.throws(() => declareTable("n", { from: notes, columns: ["title"], editable: ["stars"] }), /not one of its columns/);
    assert.throws(() => declareTable("p", { from: notes, editable: ["id"] }), /primary key "id"/);
  });

  it("checks an edit's body: only editable columns, a row id of the key's kind, a plain value", () => {
    const declared = declareTable("notes", { from: notes, columns: ["title", "stars", "due"], editable: ["stars", "due"] });
    assert.deepEqual(parseTableEdit(declared, { rowId: 3, column: "stars", value: 4 }), { path: "/", rowId: 3, column: "stars", value: 4 });
    assert.equal(parseTableEdit(declared, { rowId: "12", column: "stars", value: 4 }).rowId, 12);
    assert.ok(parseTableEdit(declared, { rowId: 1, column: "due", value: "2026-01-02" }).value instanceof Date);
    const code = (body: unknown): string => {
      try {
        parseTableEdit(declared, body);
      } catch (error) {
        return (error as { code: string }).code;
      }
      return "accepted";
    };
    assert.equal(code({ rowId: 1, column: "title", value: "x" }), "DASHBASE_E_TABLE_EDIT_REFUSED");
    assert.equal(code({ rowId: 1, column: "id", value: 2 }), "DASHBASE_E_TABLE_EDIT_REFUSED");
    assert.equal(code({ rowId: 1, column: "__proto__", value: 2 }), "DASHBASE_E_TABLE_EDIT_REFUSED");
    assert.equal(code({ rowId: "1; drop table", column: "stars", value: 2 }), "DASHBASE_E_TABLE_QUERY");
    assert.equal(code({ rowId: 1.5, column: "stars", value: 2 }), "DASHBASE_E_TABLE_QUERY");
    assert.equal(code({ rowId: 1, column: "stars", value: [2] }), "DASHBASE_E_TABLE_QUERY");
    assert.equal(code([]), "DASHBASE_E_TABLE_QUERY");
    assert.equal(code({ rowId: 1, column: "stars", value: 2 }), "accepted");
    const readOnly = declareTable("ro", { from: notes });
    assert.throws(() => parseTableEdit(readOnly, { rowId: 1, column: "stars", value: 2 }), /is not editable; declare/);
  });

  it("lists editable columns as app.table options, typed by the model's keys", () => {
    const app = createApp({});
    app.table("typed", { from: notes, editable: ["stars"] });
    // @ts-expect-error "nope" is not a column of the model
    assert.throws(() => createApp({}).table("typed", { from: notes, editable: ["nope"] }), /not one of its columns/);
  });
});
