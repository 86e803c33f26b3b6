/**
 * @module
 * About: where each data set comes from (publisher, link, licence, how it was read), and what
 * dashbase does in this app.
 */
import { dcc, html, type DashbaseApp } from "dashbase";
import { card, shellFor } from "../layout-shell.js";
import { listIndicators, type IndicatorInfo } from "../queries.js";

function sourceCard(indicator: IndicatorInfo) {
  const span = indicator.firstYear === null ? "no figures" : `${indicator.firstYear}–${indicator.lastYear}`;
  return card(indicator.name, [
    html.P(
      [
        html.Strong("Source: "),
        indicator.sourceUrl ? html.A(indicator.source, { href: indicator.sourceUrl, target: "_blank", rel: "noopener" }) : indicator.source,
      ],
      { className: "ind-meta" },
    ),
    html.P(
      `${indicator.entities} series · ${indicator.observations.toLocaleString("en")} figures · ${span} · unit: ${indicator.unit || "none given"}`,
      { className: "ind-meta" },
    ),
    indicator.notes ? html.P(indicator.notes, { className: "ind-meta" }) : null,
    dcc.Link("Explore it", { href: `/?indicator=${encodeURIComponent(indicator.code)}` }),
  ]);
}

/** Registers the About page on `app`. */
export function addAboutPage(app: DashbaseApp): void {
  const shell = shellFor(app);
  app.page("/about", {
    name: "About",
    order: 4,
    title: "About · Indicators",
    layout: async ({ db, session }) => {
      const indicators = await listIndicators(db);
      const seeded = indicators.filter((indicator) => indicator.origin === "seed");
      const uploaded = indicators.filter((indicator) => indicator.origin !== "seed");
      return shell(
        { path: "/about", session },
        "Where the data comes from",
        "Every figure here is real: the data sets ship in the vega-datasets npm package, which names the original publisher of each. Nothing is estimated or filled in by this app.",
        [
          html.Div(seeded.map(sourceCard), { className: "ind-sources", id: "sources" }),
          uploaded.length === 0 ? null : html.H2("Uploaded by visitors", { style: { marginTop: "2rem" } }),
          uploaded.length === 0 ? null : html.Div(uploaded.map(sourceCard), { className: "ind-sources" }),
          card("How this app is built", [
            dcc.Markdown(
              [
                "This is the example app of **dashbase**, a TypeScript framework for data dashboards with a database built in.",
                "",
                "- The tables (`indicators`, `observations`, `user_preferences`) are drizzle models; their revisions were made with `dashbase db generate`.",
                "- The seed reads the vega-datasets files and writes them in one transaction; it is safe to run twice.",
                "- The chart and the summary table are SQL queries; History is a table the server pages, sorts and filters.",
                '- Your last view is kept in the per-user store on the server (`persistence: "server"`), so it is back on your next visit.',
                "- It runs on the embedded database by default, and on any PostgreSQL server when `DATABASE_URL` is set.",
              ].join("\n"),
            ),
          ]),
        ],
      );
    },
  });
}
