-- indicators, observations and saved views
-- upgrade of revision 20261125-040034-598a (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"notes" text,
	"origin" text DEFAULT 'seed' NOT NULL,
	"owner" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE "observations" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_code" text NOT NULL,
	"entity" text NOT NULL,
	"year" integer NOT NULL,
	"value" double precision NOT NULL
);

CREATE TABLE "user_preferences" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_name" text NOT NULL,
	"selection" text NOT NULL,
	"legend" text NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE "observations" ADD CONSTRAINT "observations_indicator_code_indicators_code_fk" FOREIGN KEY ("indicator_code") REFERENCES "public"."indicators"("code") ON DELETE cascade ON UPDATE no action;

CREATE UNIQUE INDEX "observations_indicator_entity_year_key" ON "observations" USING btree ("indicator_code","entity","year");

CREATE INDEX "observations_indicator_year_idx" ON "observations" USING btree ("indicator_code","year");

CREATE INDEX "user_preferences_user_name_idx" ON "user_preferences" USING btree ("user_name");

CREATE INDEX "user_preferences_owner_idx" ON "user_preferences" USING btree ("owner");

CREATE INDEX "user_preferences_created_at_idx" ON "user_preferences" USING btree ("created_at");
