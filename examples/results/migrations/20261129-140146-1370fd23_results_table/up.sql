-- results table
-- upgrade of revision 20261129-140146-1370fd23 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "results" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"result_all" jsonb NOT NULL,
	"result_no_stop_words" jsonb NOT NULL
);
