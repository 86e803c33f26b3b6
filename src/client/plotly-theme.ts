/**
 * @module
 * The Plotly layout template of the theme in effect, read from the `--dashbase-*` CSS variables
 * (so an app's own overrides in assets/ reach its charts too). `dcc.Graph` loads this chunk with
 * plotly.js and gives the template to figures that set no `layout.template` of their own.
 */
export { watchTheme } from "./theme-watch.js";

/** A Plotly `layout.template` in the page's current theme colours. */
export function themeTemplate(): Record<string, unknown> {
  const css = getComputedStyle(document.documentElement);
  const color = (name: string): string => css.getPropertyValue(`--dashbase-${name}`).trim();
  const axis = { gridcolor: color("border"), linecolor: color("border"), zerolinecolor: color("border") };
  return {
    layout: {
      paper_bgcolor: color("bg"),
      plot_bgcolor: color("bg"),
      font: { color: color("text") },
      xaxis: axis,
      yaxis: axis,
      legend: { bgcolor: "rgba(0,0,0,0)" },
    },
  };
}
