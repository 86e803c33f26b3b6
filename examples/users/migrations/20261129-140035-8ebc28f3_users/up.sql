-- users
-- upgrade of revision 20261129-140035-8ebc28f3 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
