-- users
-- downgrade of revision 20261129-140035-8ebc28f3 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "users" and all its rows
DROP TABLE "users" CASCADE;
