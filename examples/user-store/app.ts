/**
 * @module
 * A per-visitor value store on one page: a key, a value, and five buttons (Store, Get, List,
 * Delete, Delete all), each answered by the callback below on `store`, the visitor's own store.
 * Every browser session has its own keys; nobody else's are reachable. Values may be JSON or
 * dates (see value-text.ts), and come back as the same kind of value.
 */
import { createApp, dcc, html, Input, Output, PreventUpdate, State } from "dashbase";
import { describeValue, parseValue } from "./value-text.js";

const app = createApp({ title: "Your value store" });

app.page("/", {
  title: "Your value store",
  layout: html.Main([
    html.H1("Your value store"),
    html.P("Values kept here are yours alone: another browser has a store of its own."),
    html.Label("Key", { htmlFor: "key" }),
    dcc.Input({ id: "key", placeholder: "favorite_animal" }),
    html.Label("Value (JSON, a date, or text)", { htmlFor: "value" }),
    dcc.Input({ id: "value", placeholder: '"monkey", 46887, [1, 2], {"a": 1}, 2024-01-31' }),
    html.Div([
      html.Button("Store", { id: "store", type: "button" }),
      html.Button("Get", { id: "get", type: "button" }),
      html.Button("List", { id: "list", type: "button" }),
      html.Button("Delete", { id: "delete", type: "button" }),
      html.Button("Delete all", { id: "delete-all", type: "button" }),
    ]),
    html.P({ id: "result", role: "status" }),
    html.Ul({ id: "keys" }),
  ]),
});

app.callback(
  [Output("result", "children"), Output("keys", "children")],
  [
    Input<number>("store", "n_clicks"),
    Input<number>("get", "n_clicks"),
    Input<number>("list", "n_clicks"),
    Input<number>("delete", "n_clicks"),
    Input<number>("delete-all", "n_clicks"),
  ],
  [State<string>("key", "value", { initial: "" }), State<string>("value", "value", { initial: "" })],
  async (_clicks, [keyText, valueText], { store, ctx }) => {
    const button = ctx.triggeredId;
    if (button === null) throw new PreventUpdate();
    const key = keyText.trim();
    const listing = async () => (await store.entries()).map(([name, value]) => html.Li(`${name}: ${describeValue(value)}`));
    if (button === "list") {
      const keys = await store.keys();
      return [
        keys.length === 0 ? "Your store is empty." : `${keys.length} key${keys.length === 1 ? "" : "s"}: ${keys.join(", ")}`,
        await listing(),
      ];
    }
    if (button === "delete-all") {
      const removed = await store.clear();
      return [`Deleted ${removed} value${removed === 1 ? "" : "s"}.`, []];
    }
    if (key === "") return ["Type a key first.", await listing()];
    if (button === "store") {
      const value = parseValue(valueText);
      await store.set(key, value);
      return [`Stored ${key} = ${describeValue(value)}.`, await listing()];
    }
    if (button === "get") {
      const value = await store.get(key);
      return [value === undefined ? `No value under ${key}.` : `${key} = ${describeValue(value)}`, await listing()];
    }
    const deleted = await store.delete(key);
    return [deleted ? `Deleted ${key}.` : `No value under ${key}; nothing deleted.`, await listing()];
  },
);

export default app;
