-- books and reviews
-- downgrade of revision 20261129-130328-d6eabea0 (parent: base). Edit freely before it is applied;
-- the statements run in one transaction.

-- dashbase: MAY LOSE DATA: drops table "books" and all its rows
DROP TABLE "books" CASCADE;

-- dashbase: MAY LOSE DATA: drops table "book_reviews" and all its rows
DROP TABLE "book_reviews" CASCADE;
