-- create notes
-- upgrade of revision 20261129-131400-1dc5a614 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
