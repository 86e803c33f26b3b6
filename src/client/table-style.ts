/**
 * @module
 * DataTable's conditional styles (`style_data_conditional`): which rules hold for a cell, and the
 * style and classes they give it. A rule's `filter` uses the filter language of the filter boxes.
 * Rules may come from a callback, so only their safe part is applied (style-rules.ts). Pure.
 */
import { isSafeClassName, safeStyle, styleTones } from "../components/data-table/style-rules.js";
import { valueMatches, type Row } from "./table-logic.js";

/** The facts about one cell that rules test. */
export interface CellFacts {
  readonly row: Row;
  /** The row's position on the page shown, from 0. */
  readonly rowIndex: number;
  readonly columnId: string;
  readonly active: boolean;
  readonly selected: boolean;
}

/** What the rules that hold give a cell. */
export interface CellLook {
  readonly style: Record<string, string | number>;
  readonly classes: readonly string[];
}

const noLook: CellLook = Object.freeze({ style: Object.freeze({}), classes: Object.freeze([]) as readonly string[] });

function holds(when: unknown, cell: CellFacts): boolean {
  if (when === undefined || when === null) return true;
  if (typeof when !== "object") return false;
  const { column_id: columnId, filter, row_index: rowIndex, state } = when as Record<string, unknown>;
  if (columnId !== undefined) {
    const ids = Array.isArray(columnId) ? columnId : [columnId];
    if (!ids.includes(cell.columnId)) return false;
  }
  if (rowIndex !== undefined) {
    if (rowIndex === "odd" ? cell.rowIndex % 2 !== 1 : rowIndex === "even" ? cell.rowIndex % 2 !== 0 : rowIndex !== cell.rowIndex)
      return false;
  }
  if (state === "active" && !cell.active) return false;
  if (state === "selected" && !cell.selected) return false;
  if (state !== undefined && state !== "active" && state !== "selected") return false;
  if (filter !== undefined) {
    if (typeof filter !== "object" || filter === null) return false;
    for (const [column, text] of Object.entries(filter as Record<string, unknown>)) {
      if (typeof text !== "string" || !valueMatches(cell.row[column], text)) return false;
    }
  }
  return true;
}

/**
 * The style and classes the rules that hold give one cell (later rules win per property).
 * @example
 * cellLook([{ if: { filter: { stars: "< 2" } }, tone: "danger" }], { row: { stars: 1 }, rowIndex: 0, columnId: "stars", active: false, selected: false });
 * // { style: {}, classes: ["is-tone-danger"] }
 */
export function cellLook(rules: unknown, cell: CellFacts): CellLook {
  if (!Array.isArray(rules) || rules.length === 0) return noLook;
  let style: Record<string, string | number> = {};
  const classes: string[] = [];
  for (const rule of rules as unknown[]) {
    if (typeof rule !== "object" || rule === null) continue;
    const { if: when, style: ruleStyle, className, tone } = rule as Record<string, unknown>;
    if (!holds(when, cell)) continue;
    if (ruleStyle !== undefined) style = { ...style, ...safeStyle(ruleStyle) };
    if ((styleTones as readonly unknown[]).includes(tone)) classes.push(`is-tone-${String(tone)}`);
    if (isSafeClassName(className)) classes.push(...className.trim().split(/\s+/));
  }
  return { style, classes };
}
