/**
 * @module
 * The frame every page of the indicators example shares: the brand, the navigation (the current
 * page marked) and a titled content area.
 */
import { dcc, html, PageNav, type Children, type ComponentNode, type DashbaseApp, type RequestSession } from "dashbase";
import { SignInLink, SignOutButton } from "dashbase/auth";

/** The page being framed: its path, and the session (for the account line) when known. */
export type ShellPage = string | { path: string; session: RequestSession };

/** A page's frame: `shell(active, title, lead, content)`. */
export type Shell = (active: ShellPage, title: string, lead: string, content: Children) => ComponentNode;

/** "Signed in as Ada · Sign out", or a link to sign in that comes back to this page: signing in is optional. */
function accountLine(path: string, session: RequestSession): ComponentNode {
  const user = session.user;
  return html.Div(
    user === null
      ? [SignInLink({ next: path, className: "ind-account-link" })]
      : [
          html.Span(`Signed in as ${user.name} · `, { id: "signed-in-as" }),
          SignOutButton(session, { next: path, className: "ind-account-link" }),
        ],
    { className: "ind-account" },
  );
}

/**
 * The frame of `app`'s pages: the shared header with navigation generated from the app's page
 * registry (names and order as each `app.page` declares them) and the page `active` marked, then
 * `title`, a lead sentence and `content`.
 * @example
 * const shell = shellFor(app);
 * shell("/about", "Where the data comes from", "Every figure here is real.", [html.P("...")]);
 */
export function shellFor(app: DashbaseApp): Shell {
  return (page, title, lead, content) => {
    const active = typeof page === "string" ? page : page.path;
    return html.Div(
      [
        html.Header(
          html.Div(
            [
              dcc.Link([html.Span("", { className: "ind-brand-mark" }), "Indicators"], { href: "/", className: "ind-brand" }),
              PageNav(app.pages.list(), {
                current: active,
                currentClassName: "active",
                className: "ind-nav",
                linkId: (entry) => `nav-${entry.name.toLowerCase()}`,
              }),
              typeof page === "string" ? null : accountLine(active, page.session),
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
  };
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
