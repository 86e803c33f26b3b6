/**
 * @module
 * Book reviews: a shelf of books with their average rating, a review form per book whose star
 * rating is sent with the form (not on every click), a table of each book's reviews paged by the
 * database, and a small JSON API over the same tables. It uses `@dashbase/star-rating`, a
 * component package, as any app would use one from npm.
 */
import { eq } from "drizzle-orm";
import { StarRating, starRating } from "@dashbase/star-rating";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State } from "dashbase";
import { fieldMessages } from "dashbase/db";
import * as models from "./models.js";
import { addReview, reviewsOf, shelf } from "./reviews.js";
import { seed } from "./seed.js";

const app = createApp({ title: "Book reviews", models, seed, components: [starRating] });

const bookReviews = app.table("book-reviews", {
  from: models.reviews,
  columns: [
    { id: "rating", name: "Stars" },
    { id: "summary", name: "Summary" },
    { id: "details", name: "Details" },
    { id: "createdAt", name: "Written" },
  ],
  pageSize: 10,
  defaultSort: [{ column: "createdAt", direction: "desc" }],
  // The book of the page the table is on: /books/:id.
  where: (ctx) => eq(models.reviews.bookId, Number(ctx.params["id"] ?? 0)),
});

app.page("/", {
  title: "Books",
  layout: async ({ db }) =>
    html.Main([
      html.H1("Books"),
      html.Ul(
        (await shelf(db)).map((book) =>
          html.Li(
            [
              dcc.Link(book.title, { href: `/books/${book.id}` }),
              ` by ${book.author} `,
              StarRating({
                id: `average-${book.id}`,
                value: Math.round(book.average ?? 0),
                readOnly: true,
                "aria-label": `Average rating of ${book.title}`,
              }),
              ` ${book.reviews === 0 ? "no reviews yet" : `${book.average} from ${book.reviews} review${book.reviews === 1 ? "" : "s"}`}`,
            ],
            { className: "book" },
          ),
        ),
      ),
    ]),
});

app.page("/books/:id", {
  title: "Review a book",
  layout: async ({ db, params }) => {
    const book = (await shelf(db)).find((entry) => String(entry.id) === params.id);
    if (book === undefined) return html.Main([html.H1("No such book"), dcc.Link("All books", { href: "/" })]);
    return html.Main([
      dcc.Link("All books", { href: "/" }),
      html.H1(book.title),
      html.P(`by ${book.author}`),
      dcc.Store({ id: "book", data: book.id }),
      html.Form(
        [
          html.Label("Your rating", { htmlFor: "rating" }),
          StarRating({ id: "rating", value: 0, "aria-label": "Your rating" }),
          html.Div({ id: "rating-error", className: "error" }),
          dcc.Input({ id: "summary", placeholder: "In a few words", "aria-label": "Summary" }),
          html.Div({ id: "summary-error", className: "error" }),
          dcc.Textarea({ id: "details", placeholder: "More, if you like", "aria-label": "Details" }),
          html.Button("Submit review", { id: "submit", type: "button" }),
          html.P({ id: "result", role: "status" }),
        ],
        { noValidate: true },
      ),
      html.H2("Reviews"),
      DataTable({ table: bookReviews }),
    ]);
  },
});

app.callback(
  [
    Output("rating-error", "children"),
    Output("summary-error", "children"),
    Output("result", "children"),
    Output("summary", "value"),
    Output("details", "value"),
    Output("rating", "value"),
    Output("book-reviews", "data_version"),
  ],
  [Input<number | undefined>("submit", "n_clicks")],
  [
    State<unknown>("book", "data"),
    State<unknown>("summary", "value"),
    State<unknown>("details", "value"),
    State<unknown>("rating", "value"),
  ],
  async ([clicks], [bookId, summary, details, rating], { db, session }) => {
    if (!clicks) throw new PreventUpdate();
    try {
      const row = await addReview(db, { bookId, summary, details, rating }, session.owner);
      return ["", "", `Thank you: review #${row.id} is saved.`, "", "", 0, row.id];
    } catch (error) {
      const problems = fieldMessages(error);
      if (problems === undefined) throw error;
      return [problems["rating"] ?? "", problems["summary"] ?? "", "Nothing was saved.", summary, details, rating, clicks * -1];
    }
  },
);

app.api.get("/api/books", async ({ db }) => ({ books: await shelf(db) }));
app.api.get("/api/books/:id/reviews", async ({ db, request }) => ({ reviews: await reviewsOf(db, Number(request.params.id)) }));
app.api.post("/api/books/:id/reviews", async ({ db, session, request, response }) => {
  const body = (typeof request.body === "object" && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const row = await addReview(
    db,
    { bookId: request.params.id, summary: body["summary"], details: body["details"], rating: body["rating"] },
    session.owner,
  );
  response.status(201);
  return { review: row };
});

export default app;
