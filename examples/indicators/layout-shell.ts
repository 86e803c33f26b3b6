/**
 * @module
 * The frame every page of the indicators example shares: the brand, the navigation (the current
 * page marked) and a titled content area.
 */
import { dcc, html, type Children, type ComponentNode } from "dashbase";

/** The pages in navigation order. */
export const pages = [
  { path: "/", label: "Explore" },
  { path: "/save", label: "Save" },
  { path: "/history", label: "History" },
  { path: "/data", label: "Data" },
  { path: "/about", label: "About" },
] as const;

export type PagePath = (typeof pages)[number]["path"];

/**
 * A page: the shared header with `active` marked, then `title`, a lead sentence and `content`.
 * @example
 * shell("/about", "Where the data comes from", "Every figure here is real.", [html.P("...")]);
 */
export function shell(active: PagePath, title: string, lead: string, content: Children): ComponentNode {
  return html.Div(
    [
      html.Header(
        html.Div(
          [
            dcc.Link([html.Span("", { className: "ind-brand-mark" }), "Indicators"], { href: "/", className: "ind-brand" }),
            html.Nav(
              pages.map((page) =>
                dcc.Link(page.label, {
                  href: page.path,
                  className: page.path === active ? "active" : undefined,
                  id: `nav-${page.label.toLowerCase()}`,
                }),
              ),
              { "aria-label": "Pages", className: "ind-nav" },
            ),
          ],
          { className: "ind-header-inner" },
        ),
        { className: "ind-header" },
      ),
      html.Main(
        [
          html.H1(title, { className: "ind-title" }),
          html.P(lead, { className: "ind-lead" }),
          ...(Array.isArray(content) ? content : [content]),
        ],
        { className: "ind-main" },
      ),
      html.Footer(["Built with dashbase: pages, callbacks and tables over a real database. Data: vega-datasets (see About)."], {
        className: "ind-footer",
      }),
    ],
    { className: "ind-app" },
  );
}

/** A white card with an optional heading. */
export function card(heading: string | null, content: Children, props: { id?: string; className?: string } = {}): ComponentNode {
  const children = heading === null ? content : [html.H2(heading), ...(Array.isArray(content) ? content : [content])];
  return html.Section(children, { ...props, className: ["ind-card", props.className].filter(Boolean).join(" ") });
}

/** A labelled control with a place for its error right under it (`<id>-error`). */
export function field(
  label: string,
  control: ComponentNode,
  options: { htmlFor?: string; hint?: string; errorId?: string } = {},
): ComponentNode {
  return html.Div(
    [
      html.Label(label, { htmlFor: options.htmlFor, className: "ind-label" }),
      control,
      options.hint === undefined ? null : html.P(options.hint, { className: "ind-hint" }),
      options.errorId === undefined ? null : html.Div("", { id: options.errorId, className: "ind-field-error", role: "alert" }),
    ],
    { className: "ind-field" },
  );
}
