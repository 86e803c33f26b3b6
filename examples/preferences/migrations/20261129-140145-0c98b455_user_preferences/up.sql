-- user preferences
-- upgrade of revision 20261129-140145-0c98b455 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "user_preferences" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_name" varchar(100) NOT NULL,
	"selection" integer NOT NULL,
	"legend" text NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_selection_range" CHECK ("user_preferences"."selection" between 1 and 5)
);

CREATE INDEX "user_preferences_owner_idx" ON "user_preferences" USING btree ("owner");
