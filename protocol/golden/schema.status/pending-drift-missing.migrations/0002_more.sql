-- 0002_more.sql
CREATE TABLE "extra" ("id" TEXT NOT NULL PRIMARY KEY);
