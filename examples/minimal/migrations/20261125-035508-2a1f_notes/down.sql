-- notes
-- downgrade of revision 20261125-035508-2a1f (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "notes" and all its rows
DROP TABLE "notes" CASCADE;
