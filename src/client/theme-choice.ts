/**
 * @module
 * The stored light/dark choice, applied by the entry before the first draw: the choice lives in
 * localStorage and shows as `data-theme` on `<html>`, which the `--dashbase-*` CSS variables
 * follow (without a choice they follow `prefers-color-scheme`). Switching and watching the theme
 * is in ./theme-watch.ts, loaded only by the views that need it.
 */

/** The localStorage key of the user's theme choice. */
export const THEME_STORAGE_KEY = "dashbase-theme";

/** Puts the stored choice, if any, on `<html>` (called by the entry before rendering). */
export function applyStoredTheme(): void {
  try {
    const theme = window.localStorage.getItem(THEME_STORAGE_KEY);
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
  } catch {
    // storage blocked (privacy settings): the system preference applies
  }
}
