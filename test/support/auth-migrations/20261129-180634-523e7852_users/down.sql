-- users
-- downgrade of revision 20261129-180634-523e7852 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "auth_users" and all its rows
DROP TABLE "auth_users" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "auth_user_identities" and all its rows
DROP TABLE "auth_user_identities" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "auth_sign_in_attempts" and all its rows
DROP TABLE "auth_sign_in_attempts" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "auth_sign_in_links" and all its rows
DROP TABLE "auth_sign_in_links" CASCADE;
