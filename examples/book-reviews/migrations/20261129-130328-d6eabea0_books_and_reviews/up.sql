-- books and reviews
-- upgrade of revision 20261129-130328-d6eabea0 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "books" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"author" text NOT NULL
);

CREATE TABLE "book_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"book_id" integer NOT NULL,
	"summary" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"rating" integer NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "book_reviews_rating_range" CHECK ("book_reviews"."rating" between 1 and 5)
);

ALTER TABLE "book_reviews" ADD CONSTRAINT "book_reviews_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."books"("id") ON DELETE cascade ON UPDATE no action;

CREATE INDEX "book_reviews_book_idx" ON "book_reviews" USING btree ("book_id");
