-- create notes
-- downgrade of revision 20261129-131400-1dc5a614 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "notes" and all its rows
DROP TABLE "notes" CASCADE;
