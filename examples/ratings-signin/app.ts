/**
 * @module
 * Star ratings per signed-in user: each drink has a rating that belongs to whoever is signed in,
 * saved in the `ratings` table under the user's id, so it is the same in every browser the user
 * signs in from, and another user sees their own. Anonymous visitors see the list and a link to
 * sign in (the prebuilt page at /_dashbase/auth/sign-in).
 */
import { and, eq } from "drizzle-orm";
import { createApp, dcc, html, Input, MATCH, Output, PreventUpdate } from "dashbase";
import { SignInLink, SignOutButton } from "dashbase/auth";
import * as models from "./models.js";
import { seed } from "./seed.js";

const app = createApp({ title: "Ratings", models, seed, auth: {} });

app.page("/", {
  title: "Rate the drinks",
  layout: async ({ db, session }) => {
    const user = session.user;
    const mine = user === null ? [] : await db.select().from(models.ratings).where(eq(models.ratings.userId, user.id));
    const list = await db.select().from(models.items).orderBy(models.items.id);
    return html.Main([
      html.Header(
        user === null
          ? [html.Span("Not signed in · "), SignInLink({ next: "/" })]
          : [html.Span(`Signed in as ${user.name} · `, { id: "signed-in-as" }), SignOutButton(session)],
        { className: "account" },
      ),
      html.H1("Rate the drinks"),
      html.Ul(
        list.map((item) =>
          html.Li([
            html.Span(item.name, { id: `item-${item.id}` }),
            " ",
            dcc.Rating({
              id: { type: "rating", item: item.id },
              value: mine.find((row) => row.itemId === item.id)?.stars ?? 0,
              readOnly: user === null,
              "aria-label": `Your rating of ${item.name}`,
            }),
            html.Span("", { id: { type: "saved", item: item.id }, role: "status" }),
          ]),
        ),
      ),
    ]);
  },
});

app.callback(
  [Output({ type: "saved", item: MATCH }, "children")],
  [Input<number | undefined>({ type: "rating", item: MATCH }, "value")],
  async ([stars], { db, session, ctx }) => {
    const user = session.user;
    const item = Number((ctx.triggeredId as { item?: unknown } | null)?.item);
    if (user === null || !stars || !Number.isInteger(item)) throw new PreventUpdate();
    await db
      .insert(models.ratings)
      .values({ userId: user.id, itemId: item, stars })
      .onConflictDoUpdate({ target: [models.ratings.userId, models.ratings.itemId], set: { stars, updatedAt: new Date() } });
    const [row] = await db
      .select()
      .from(models.ratings)
      .where(and(eq(models.ratings.userId, user.id), eq(models.ratings.itemId, item)));
    return [`saved: ${row?.stars ?? stars} stars`];
  },
);

export default app;
