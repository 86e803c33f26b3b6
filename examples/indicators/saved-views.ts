/**
 * @module
 * Saved views (the `user_preferences` table): saving the current Explore view under a name,
 * listing them page by page with sorting and a name filter done in SQL, and deleting one, which
 * only the session that saved it may do.
 */
import { and, eq } from "drizzle-orm";
import { insertRow, isDashbaseError, type FieldProblem, type Queryable } from "dashbase";
import { userPreferences, type UserPreference } from "./models.js";
import { getIndicatorName, type ViewQuery } from "./queries.js";
import { fitsLength, graphemeLength, invalidUnicodeMessage, isWellFormedText } from "./user-text.js";

/** The Explore view as it is stored in `selection` (JSON text). */
export interface SavedSelection {
  indicator: string;
  entities: string[];
  yearFrom: number | null;
  yearTo: number | null;
}

export type SaveResult = { ok: true; row: UserPreference } | { ok: false; problems: FieldProblem[] };

const maxUserName = 60;

/** The JSON stored in `selection` for a view. */
export function selectionText(view: ViewQuery): string {
  const selection: SavedSelection = {
    indicator: view.indicator,
    entities: [...view.entities],
    yearFrom: view.yearFrom ?? null,
    yearTo: view.yearTo ?? null,
  };
  return JSON.stringify(selection);
}

/** Reads `selection` back; undefined when it is not a view this app wrote. */
export function parseSelection(text: string): SavedSelection | undefined {
  try {
    const value = JSON.parse(text) as Partial<SavedSelection>;
    if (typeof value.indicator !== "string" || !Array.isArray(value.entities)) return undefined;
    return {
      indicator: value.indicator,
      entities: value.entities.filter((entity): entity is string => typeof entity === "string"),
      yearFrom: typeof value.yearFrom === "number" ? value.yearFrom : null,
      yearTo: typeof value.yearTo === "number" ? value.yearTo : null,
    };
  } catch {
    return undefined;
  }
}

/** The topic a save or a delete is published on: History pages refresh their table, in every browser. */
export const savedViewsTopic = "saved-views";

/**
 * Saves `view` under `userName` for `owner`; the legend is the indicator's name. Problems name
 * the field they belong to, so the page can show each next to its input. The name's length
 * counts characters as a reader sees them (60 emoji fit); a lone surrogate is refused.
 * @example
 * const result = await saveView(db, { userName: "Ada", view, owner: session.id });
 * if (result.ok) console.log(`Saved #${result.row.id}`);
 */
export async function saveView(
  db: Queryable,
  input: {
    userName: unknown;
    view: ViewQuery;
    owner: string;
    /** The view's indicator as the caller just read it (its name becomes the legend); read here otherwise. */
    indicator?: { code: string; name: string } | undefined;
  },
): Promise<SaveResult> {
  const problems: FieldProblem[] = [];
  const userName = typeof input.userName === "string" ? input.userName.trim() : "";
  if (userName === "") problems.push({ field: "userName", message: "expected your name, found nothing" });
  else if (!isWellFormedText(userName)) problems.push({ field: "userName", message: invalidUnicodeMessage });
  else if (!fitsLength(userName, maxUserName))
    problems.push({ field: "userName", message: `expected at most ${maxUserName} characters, found ${graphemeLength(userName)}` });
  const known = input.indicator !== undefined && input.indicator.code === input.view.indicator ? input.indicator : undefined;
  const indicator = known ?? (input.view.indicator ? await getIndicatorName(db, input.view.indicator) : undefined);
  if (indicator === undefined)
    problems.push({ field: "selection", message: "expected an indicator to be chosen on the Explore page, found none" });
  else if (input.view.entities.length === 0)
    problems.push({ field: "selection", message: "expected at least one series to be chosen on the Explore page, found none" });
  if (problems.length > 0 || indicator === undefined) return { ok: false, problems };
  try {
    const row = await insertRow(db, userPreferences, {
      userName,
      selection: selectionText(input.view),
      legend: indicator.name,
      owner: input.owner,
    });
    return { ok: true, row };
  } catch (error) {
    if (isDashbaseError(error, "DASHBASE_E_VALIDATION"))
      return { ok: false, problems: (error.details["fields"] as FieldProblem[] | undefined) ?? [] };
    throw error;
  }
}

/** Columns the History table may sort by, and the SQL each one sorts on. */
const sortable = {
  id: "id",
  userName: "lower(user_name)",
  legend: "lower(legend)",
  createdAt: "created_at",
} as const;

export type SavedViewSort = keyof typeof sortable;

export interface SavedViewPageQuery {
  /** 0-based. */
  page: number;
  pageSize: number;
  sortBy?: SavedViewSort | undefined;
  descending?: boolean | undefined;
  /** Case-insensitive part of a user name. */
  nameFilter?: string | undefined;
  /** The current session: rows it saved come back with `mine: true`. */
  owner: string;
}

export interface SavedViewRow {
  id: number;
  userName: string;
  legend: string;
  selection: string;
  createdAt: Date;
  mine: boolean;
}

export interface SavedViewPage {
  rows: SavedViewRow[];
  /** Rows matching the filter, over all pages. */
  total: number;
}

/** `%` and `_` in a user's filter are matched literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of saved views, sorted and filtered by the database; newest first by default.
 * @example
 * const { rows, total } = await listSavedViews(db, { page: 0, pageSize: 10, nameFilter: "ada", owner: session.id });
 */
export async function listSavedViews(db: Queryable, query: SavedViewPageQuery): Promise<SavedViewPage> {
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize) || 10, 1), 100);
  const page = Math.max(Math.trunc(query.page) || 0, 0);
  const order = sortable[query.sortBy ?? "createdAt"] ?? sortable.createdAt;
  const direction = (query.descending ?? query.sortBy === undefined) ? "desc" : "asc";
  const filter = query.nameFilter?.trim() ? likePattern(query.nameFilter.trim()) : null;
  const { rows } = await db.query<SavedViewRow & { total: number } & Record<string, unknown>>(
    `select id, user_name as "userName", legend, selection, created_at as "createdAt",
            owner = $1 as mine, count(*) over ()::int as total
       from user_preferences
      where ($2::text is null or user_name ilike $2)
      order by ${order} ${direction}, id ${direction}
      limit $3 offset $4`,
    [query.owner, filter, pageSize, page * pageSize],
  );
  if (rows.length === 0 && page > 0) {
    const { rows: counted } = await db.query<{ total: number }>(
      "select count(*)::int as total from user_preferences where ($1::text is null or user_name ilike $1)",
      [filter],
    );
    return { rows: [], total: counted[0]?.total ?? 0 };
  }
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

export type DeleteResult = "deleted" | "not-found" | "not-yours";

/**
 * Deletes saved view `id` if `owner` saved it; says why not otherwise.
 * @example
 * await deleteSavedView(db, { id: 7, owner: session.id }); // "deleted" | "not-found" | "not-yours"
 */
export async function deleteSavedView(db: Queryable, input: { id: number; owner: string }): Promise<DeleteResult> {
  const deleted = await db
    .delete(userPreferences)
    .where(and(eq(userPreferences.id, input.id), eq(userPreferences.owner, input.owner)))
    .returning({ id: userPreferences.id });
  if (deleted.length > 0) return "deleted";
  const exists = await db.select({ id: userPreferences.id }).from(userPreferences).where(eq(userPreferences.id, input.id));
  return exists.length > 0 ? "not-yours" : "not-found";
}
