-- results created_at
-- downgrade of revision 20261129-140149-45474386 (parent: 20261129-140146-1370fd23). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops column "results"."created_at" and its values
ALTER TABLE "results" DROP COLUMN "created_at";
