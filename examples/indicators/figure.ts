/**
 * @module
 * Builds the Explore page's Plotly figure JSON (the same JSON Plotly and Dash use) from series
 * of (year, value): one line per entity, a readable layout and a hover that names the unit.
 * Names, units, sources and series names may come from any visitor's upload and the chart is
 * shown to everyone, so every one of them goes into the figure through `plainText`.
 */

/** One entity's points, years ascending. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
}

/** A Plotly trace as this example draws it (a subset of Plotly's scatter trace). */
export type LineTrace = {
  type: "scatter";
  mode: "lines" | "lines+markers";
  name: string;
  x: number[];
  y: number[];
  hovertemplate: string;
};

/** Plotly figure JSON: what `dcc.Graph`'s `figure` property takes. */
export type PlotlyFigure = {
  data: LineTrace[];
  layout: Record<string, unknown>;
};

export interface FigureOptions {
  title: string;
  unit: string;
  /** Named under the plot. */
  source?: string | undefined;
  series: Series[];
  /** When set, the chart is drawn empty with this message in its middle. */
  empty?: string | undefined;
}

/** Sparse series get markers so single points stay visible; dense ones are plain lines. */
const markerThreshold = 30;

/**
 * Integers are shown whole with thousands separators (population: 1,234,567); other values keep
 * up to two decimals without trailing zeros (7.4, -0.17).
 */
function valueFormat(series: Series[]): string {
  return series.every((one) => one.y.every(Number.isInteger)) ? ",d" : ",.2~f";
}

/**
 * The figure for a list of series.
 * @example
 * plotFigure({ title: "Population", unit: "people", series: [{ name: "Chile", x: [1955, 1960], y: [6.7e6, 7.6e6] }] });
 */
export function plotFigure(options: FigureOptions): PlotlyFigure {
  const format = valueFormat(options.series);
  const data: LineTrace[] = options.series.map((series) => ({
    type: "scatter",
    mode: series.x.length <= markerThreshold ? "lines+markers" : "lines",
    name: plainText(series.name),
    x: series.x,
    y: series.y,
    hovertemplate: `%{fullData.name}: %{y:${format}} ${plainText(options.unit)}<extra></extra>`,
  }));
  const annotations: Array<Record<string, unknown>> = [];
  if (options.empty !== undefined) {
    annotations.push({
      text: plainText(options.empty),
      showarrow: false,
      xref: "paper",
      yref: "paper",
      x: 0.5,
      y: 0.5,
      font: { size: 15, color: "#6b7280" },
    });
  }
  if (options.source !== undefined && options.empty === undefined) {
    annotations.push({
      text: `Source: ${plainText(options.source)}`,
      showarrow: false,
      xref: "paper",
      yref: "paper",
      x: 0,
      y: -0.16,
      xanchor: "left",
      yanchor: "top",
      font: { size: 11, color: "#6b7280" },
    });
  }
  const hidden = options.empty !== undefined;
  return {
    data,
    layout: {
      title: { text: plainText(options.title), x: 0, xanchor: "left", font: { size: 18 } },
      font: { family: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size: 13, color: "#1f2937" },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      margin: { l: 72, r: 24, t: 56, b: 88 },
      hovermode: "x unified",
      showlegend: data.length > 1,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
      xaxis: { title: { text: "Year" }, tickformat: "d", showgrid: false, visible: !hidden, zeroline: false },
      yaxis: { title: { text: plainText(options.unit) }, exponentformat: "B", gridcolor: "#e5e7eb", visible: !hidden, zeroline: false },
      annotations,
    },
  };
}

/**
 * Text for any text field of a Plotly figure (trace name, title, axis title, annotation, hover
 * template), shown exactly as typed. Plotly reads pseudo-HTML in them (`<a href=...>` becomes a
 * link, `<b>` and `<br>` markup), decodes entities (`&lt;`) in what is left, typesets text between
 * two `$` as TeX, and fills `%{...}` in templates. Tags are split on the raw text before entities
 * are decoded, so encoding `&` first, then `<` and `>`, then `$` as entities shows each character
 * literally (a typed `&lt;` stays `&lt;`); a zero-width space keeps `%{` from being a placeholder.
 * @example
 * plainText('<a href="https://example.org">x</a>'); // '&lt;a href="https://example.org"&gt;x&lt;/a&gt;'
 */
export function plainText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\$/g, "&#36;").replace(/%\{/g, "%\u200b{");
}
