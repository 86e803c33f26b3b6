/**
 * @module
 * Users: a table of the users in the database and a form to add one. The email column is unique,
 * so a second user with a known address is refused by the database and the coded error is shown
 * under the email field. The welcome line is the app's own setting, `USERS_WELCOME_TEXT`,
 * declared with `createApp({ env })` and checked at start with dashbase's own settings.
 */
import { z } from "zod";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State } from "dashbase";
import { fieldMessages } from "dashbase/db";
import { addUser } from "./add-user.js";
import * as models from "./models.js";
import { seed } from "./seed.js";

/** The app's own environment variables: a non-blank welcome line, with a default. */
export const envSchema = z.object({
  USERS_WELCOME_TEXT: z.string().trim().min(1).max(200).default("Everyone who has signed up so far."),
});

const app = createApp({ title: "Users", models, seed, env: envSchema });

const userTable = app.table("users", {
  from: models.users,
  columns: [
    { id: "name", name: "Name" },
    { id: "email", name: "Email" },
    { id: "createdAt", name: "Added" },
  ],
  pageSize: 20,
  defaultSort: [{ column: "createdAt", direction: "desc" }],
});

app.page("/", {
  title: "Users",
  layout: ({ env }) =>
    html.Main([
      html.H1("Users"),
      html.P((env as z.infer<typeof envSchema>).USERS_WELCOME_TEXT, { id: "welcome" }),
      html.Form(
        [
          dcc.Input({ id: "name", placeholder: "Name", "aria-label": "Name" }),
          html.Div({ id: "name-error", className: "error" }),
          dcc.Input({ id: "email", type: "email", placeholder: "name@example.org", "aria-label": "Email" }),
          html.Div({ id: "email-error", className: "error" }),
          html.Button("Add user", { id: "add", type: "button" }),
          html.P({ id: "result", role: "status" }),
        ],
        { noValidate: true },
      ),
      DataTable({ table: userTable }),
    ]),
});

app.callback(
  [
    Output("name-error", "children"),
    Output("email-error", "children"),
    Output("result", "children"),
    Output("name", "value"),
    Output("email", "value"),
    Output("users", "data_version"),
  ],
  [Input<number | undefined>("add", "n_clicks")],
  [State<unknown>("name", "value"), State<unknown>("email", "value")],
  async ([clicks], [name, email], { db }) => {
    if (!clicks) throw new PreventUpdate();
    try {
      const row = await addUser(db, { name, email });
      return ["", "", `Added ${row.name} (user #${row.id}).`, "", "", row.id];
    } catch (error) {
      const problems = fieldMessages(error);
      if (problems === undefined) throw error;
      return [problems["name"] ?? "", problems["email"] ?? "", "Nothing was saved.", name, email, -clicks];
    }
  },
);

export default app;
