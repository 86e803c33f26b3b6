-- indicators, observations and saved views
-- downgrade of revision 20261125-040034-598a (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "indicators" and all its rows
DROP TABLE "indicators" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "observations" and all its rows
DROP TABLE "observations" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "user_preferences" and all its rows
DROP TABLE "user_preferences" CASCADE;
