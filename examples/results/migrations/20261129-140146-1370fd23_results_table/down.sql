-- results table
-- downgrade of revision 20261129-140146-1370fd23 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "results" and all its rows
DROP TABLE "results" CASCADE;
