-- users
-- upgrade of revision 20261129-180634-523e7852 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

CREATE TABLE "auth_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"password_hash" text,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_users_email_unique" UNIQUE("email")
);

CREATE TABLE "auth_user_identities" (
	"issuer" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_user_identities_pkey" PRIMARY KEY("issuer","subject")
);

CREATE TABLE "auth_sign_in_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);

CREATE TABLE "auth_sign_in_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);

ALTER TABLE "auth_user_identities" ADD CONSTRAINT "auth_user_identities_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE cascade ON UPDATE no action;

ALTER TABLE "auth_sign_in_links" ADD CONSTRAINT "auth_sign_in_links_user_id_auth_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."auth_users"("id") ON DELETE cascade ON UPDATE no action;

CREATE INDEX "auth_user_identities_user_id_idx" ON "auth_user_identities" USING btree ("user_id");

CREATE INDEX "auth_sign_in_links_user_id_idx" ON "auth_sign_in_links" USING btree ("user_id");
