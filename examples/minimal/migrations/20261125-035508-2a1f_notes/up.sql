-- notes
-- upgrade of revision 20261125-035508-2a1f (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"text" text NOT NULL
);
