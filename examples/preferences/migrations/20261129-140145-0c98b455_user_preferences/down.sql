-- user preferences
-- downgrade of revision 20261129-140145-0c98b455 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "user_preferences" and all its rows
DROP TABLE "user_preferences" CASCADE;
