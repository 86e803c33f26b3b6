/**
 * @module
 * The `user_preferences` table the save benches insert into (the flagship's, without its
 * indexes), and the view each save stores: shared by the insert-only app (save-app.ts) and the
 * raw servers (raw-save-server.ts), so both sides do the same insert.
 */

/** Creates the table when missing. */
export const createUserPreferences = `create table if not exists user_preferences (
  id serial primary key, user_name text not null, selection text not null, legend text not null, owner text not null,
  created_at timestamptz not null default now())`;

/** The saved view, as the flagship stores it. */
export const savedSelection = JSON.stringify({ indicator: "population", entities: ["China", "India"], yearFrom: 1950, yearTo: 2020 });
