/**
 * @module
 * The theme in effect, switching it, and watching it change: for `dcc.ThemeSwitch` and the
 * Plotly theme template (both lazy chunks, so pages without them carry none of this).
 */

/**
 * The key ./theme-choice.ts reads, written out again rather than imported: an import would move
 * that module out of main.js into a chunk of its own, one more request on every page (a unit
 * test keeps the two equal).
 */
export const THEME_STORAGE_KEY = "dashbase-theme";

export type ThemeName = "light" | "dark";

/** The theme in effect: the choice on `<html>`, else the system preference. */
export function activeTheme(): ThemeName {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Applies `theme` and remembers it for later visits. */
export function chooseTheme(theme: ThemeName): void {
  document.documentElement.dataset.theme = theme;
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // not remembered; applied for this page
  }
}

/** Calls `listener` when the theme in effect may have changed; returns the unsubscribe. */
export function watchTheme(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  media.addEventListener("change", listener);
  return () => {
    observer.disconnect();
    media.removeEventListener("change", listener);
  };
}
