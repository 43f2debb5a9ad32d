-- 0002_broken.sql
CREATE TABLE "audit" ("id" TEXT NOT NULL PRIMARY KEY);
INSERT INTO "audit" ("id") VALUES ('a');
INSERT INTO "no_such_table" ("id") VALUES ('b');
