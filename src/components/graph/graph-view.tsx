/**
 * @module
 * `dcc.Graph`: draws a Plotly figure with the smallest plotly.js bundle that covers its trace
 * types, redraws with `Plotly.react` when the figure changes, follows its container's size, and
 * reports clicks, hovers, selections and zooms as `clickData`, `hoverData`, `selectedData` and
 * `relayoutData`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { bundleForFigure } from "../../client/plotly-bundle.js";
import type { PlotlyApi, PlotlyElement } from "../../client/plotly-loader.js";
import { useRenderer } from "../../client/renderer-context.js";
import type { GraphProps, PlotlyEventData } from "./graph.js";

const POINT_FIELDS = [
  "curveNumber",
  "pointNumber",
  "pointIndex",
  "pointNumbers",
  "x",
  "y",
  "z",
  "lat",
  "lon",
  "text",
  "hovertext",
  "customdata",
  "label",
  "value",
  "percent",
  "id",
  "location",
  "base",
  "binNumber",
];

function jsonSafe(value: unknown): boolean {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(jsonSafe);
  return false;
}

/** Plotly's event points reference the whole figure; keep only the plain fields callbacks need. */
export function cleanEventData(event: unknown): PlotlyEventData | null {
  if (typeof event !== "object" || event === null) return null;
  const raw = (event as { points?: unknown }).points;
  const points = (Array.isArray(raw) ? raw : []).map((point: unknown) => {
    const clean: Record<string, unknown> = {};
    if (typeof point !== "object" || point === null) return clean;
    for (const field of POINT_FIELDS) {
      const value = (point as Record<string, unknown>)[field];
      if (value !== undefined && jsonSafe(value)) clean[field] = value;
    }
    return clean;
  });
  const range = (event as { range?: unknown }).range;
  return range !== undefined && typeof range === "object" && range !== null
    ? { points, range: JSON.parse(JSON.stringify(range)) as Record<string, unknown> }
    : { points };
}

interface Figure {
  data: unknown[];
  layout: Record<string, unknown>;
}

function figureOf(value: unknown, themeTemplate: () => Record<string, unknown>): Figure {
  const figure = typeof value === "object" && value !== null ? (value as { data?: unknown; layout?: unknown }) : {};
  const layout = typeof figure.layout === "object" && figure.layout !== null ? (figure.layout as Record<string, unknown>) : {};
  // a figure without a template of its own takes the page theme's colours (light or dark)
  const template = layout.template ?? themeTemplate();
  return { data: Array.isArray(figure.data) ? figure.data : [], layout: { autosize: true, ...layout, template } };
}

/** `dcc.Graph`. */
export default function GraphView(view: ViewProps<GraphProps>): ComponentChild {
  const renderer = useRenderer();
  const plot = useRef<PlotlyElement>(null);
  const drawnWith = useRef<PlotlyApi | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const setProps = useRef(view.setProps);
  setProps.current = view.setProps;
  const { figure, config } = view.props;
  const responsive = view.props.responsive !== false;
  // bumped when the theme changes, to redraw in its colours
  const [theme, setTheme] = useState(0);
  const unwatchTheme = useRef<(() => void) | null>(null);

  useEffect(() => {
    const element = plot.current;
    if (element === null) return;
    let live = true;
    // the theme template comes with plotly.js: pages without a chart load neither
    Promise.all([renderer.plotly.load(bundleForFigure(figure)), import("../../client/plotly-theme.js")])
      .then(async ([Plotly, themes]) => {
        if (!live) return;
        unwatchTheme.current ??= themes.watchTheme(() => setTheme((count) => count + 1));
        if (drawnWith.current !== null && drawnWith.current !== Plotly) drawnWith.current.purge(element);
        const fresh = drawnWith.current !== Plotly;
        const { data, layout } = figureOf(figure, themes.themeTemplate);
        const options = { responsive, displaylogo: false, ...(typeof config === "object" && config !== null ? config : {}) };
        await Plotly.react(element, data, layout, options);
        drawnWith.current = Plotly;
        setProblem(null);
        if (fresh && element.on !== undefined) {
          element.on("plotly_click", (event) => setProps.current({ clickData: cleanEventData(event) }));
          element.on("plotly_hover", (event) => setProps.current({ hoverData: cleanEventData(event) }));
          element.on("plotly_selected", (event) => setProps.current({ selectedData: cleanEventData(event) }));
          element.on("plotly_relayout", (event) =>
            setProps.current({ relayoutData: JSON.parse(JSON.stringify(event ?? null)) as Record<string, unknown> | null }),
          );
        }
      })
      .catch((error: unknown) => {
        if (live) setProblem(error instanceof Error ? error.message : String(error));
      });
    return () => {
      live = false;
    };
  }, [figure, config, responsive, renderer, theme]);

  useEffect(() => {
    const element = plot.current;
    if (element === null || !responsive || typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver(() => {
      if (drawnWith.current !== null && element.isConnected) drawnWith.current.Plots.resize(element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [responsive]);

  useEffect(
    () => () => {
      unwatchTheme.current?.();
      if (plot.current !== null) drawnWith.current?.purge(plot.current);
    },
    [],
  );

  return (
    <div {...rootAttributes(view, "dashbase-graph")}>
      <div class="dashbase-graph-plot" ref={plot} />
      {problem !== null && (
        <p class="dashbase-graph-problem" role="note">
          The chart could not be drawn: {problem}
        </p>
      )}
    </div>
  );
}
