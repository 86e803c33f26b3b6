/**
 * @module
 * Which plotly.js bundle a figure needs: the basic one (about a quarter of the bytes) when every
 * trace type is one it carries, else the full one.
 */

/** Trace types in `plotly.js-basic-dist-min` (see its README: bar, pie and scatter). */
export const BASIC_TRACE_TYPES: ReadonlySet<string> = new Set(["scatter", "bar", "pie"]);

/** The manifest name of a plotly.js bundle. */
export type PlotlyBundle = "plotly-basic.js" | "plotly-full.js";

function traceTypes(traces: unknown): string[] {
  if (!Array.isArray(traces)) return [];
  return traces.map((trace) => {
    const type = typeof trace === "object" && trace !== null ? (trace as { type?: unknown }).type : undefined;
    // plotly's default trace type is scatter
    return typeof type === "string" && type.length > 0 ? type : "scatter";
  });
}

/** Every trace type a Plotly figure uses, frames included. */
export function figureTraceTypes(figure: unknown): Set<string> {
  const types = new Set<string>();
  if (typeof figure !== "object" || figure === null) return types;
  const { data, frames } = figure as { data?: unknown; frames?: unknown };
  for (const type of traceTypes(data)) types.add(type);
  if (Array.isArray(frames)) {
    for (const frame of frames) {
      if (typeof frame === "object" && frame !== null) {
        for (const type of traceTypes((frame as { data?: unknown }).data)) types.add(type);
      }
    }
  }
  return types;
}

/**
 * The bundle a figure needs.
 *
 * @example
 * bundleForFigure({ data: [{ type: "bar", x: [1], y: [2] }] });   // "plotly-basic.js"
 * bundleForFigure({ data: [{ type: "choropleth" }] });            // "plotly-full.js"
 */
export function bundleForFigure(figure: unknown): PlotlyBundle {
  for (const type of figureTraceTypes(figure)) {
    if (!BASIC_TRACE_TYPES.has(type)) return "plotly-full.js";
  }
  return "plotly-basic.js";
}
