/**
 * @module
 * Clientside callbacks: functions of ./clientside.ts run in the browser with no request, in one
 * dependency graph with the server's callbacks. A chain goes browser -> server -> browser: the
 * number is doubled in the page, the server adds one, the page shows the result.
 */
import { clientside, createApp, dcc, html, Input, Output, State } from "dashbase";
import { double, echo, evenOnly, explode, show, which } from "./clientside.js";

const browserModule = new URL("./clientside.ts", import.meta.url);

const app = createApp({ title: "Clientside callbacks" });

app.page("/", {
  layout: html.Div([
    html.H1("Clientside callbacks"),
    dcc.Input({ id: "n", type: "number", value: 1, "aria-label": "Number" }),
    dcc.Store({ id: "doubled" }),
    dcc.Store({ id: "total" }),
    html.P({ id: "result" }),
    html.P({ id: "fired-by" }),
    html.P({ id: "even" }),
    dcc.Input({ id: "text", placeholder: "Say something", "aria-label": "Text" }),
    dcc.Input({ id: "prefix", value: "> ", "aria-label": "Prefix" }),
    html.P({ id: "echo" }),
    html.Button("A", { id: "a" }),
    html.Button("B", { id: "b" }),
    html.P({ id: "which" }),
    html.Button("Explode", { id: "explode" }),
    html.P({ id: "exploded" }),
  ]),
});

// browser -> server -> browser
app.clientCallback([Output<number>("doubled", "data")], [Input<number>("n", "value", { initial: 0 })], clientside(browserModule, double));
app.callback([Output<number>("total", "data")], [Input<number>("doubled", "data")], ([doubled]) => [(doubled ?? 0) + 1]);
app.clientCallback(
  [Output<string>("result", "children"), Output<string>("fired-by", "children")],
  [Input<number>("total", "data")],
  clientside(browserModule, show),
);

app.clientCallback(
  [Output<string>("even", "children")],
  [Input<number>("n", "value", { initial: 0 })],
  clientside(browserModule, evenOnly),
);
app.clientCallback(
  [Output<string>("echo", "children")],
  [Input<string>("text", "value")],
  [State<string>("prefix", "value")],
  clientside(browserModule, echo),
);
app.clientCallback(
  [Output<string>("which", "children")],
  [Input<number>("a", "n_clicks"), Input<number>("b", "n_clicks")],
  clientside(browserModule, which),
);
app.clientCallback([Output<string>("exploded", "children")], [Input<number>("explode", "n_clicks")], clientside(browserModule, explode));

export default app;
