-- results created_at
-- upgrade of revision 20261129-140149-45474386 (parent: 20261129-140146-1370fd23). Edit freely before it is applied;
-- the statements run in one transaction.

ALTER TABLE "results" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;
