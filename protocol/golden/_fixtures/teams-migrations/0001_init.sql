-- 0001_init.sql
CREATE TABLE "teams" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "deactivated_at" INTEGER,
  "deactivated_by" TEXT
);
CREATE UNIQUE INDEX "teams_name_idx" ON "teams" ("name") WHERE "deactivated_at" IS NULL;
CREATE TABLE "members" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "team_id" TEXT NOT NULL REFERENCES "teams" ("id") ON DELETE CASCADE,
  "email" TEXT NOT NULL,
  "age" INTEGER CHECK ("age" >= 0),
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "deactivated_at" INTEGER,
  "deactivated_by" TEXT
);
CREATE INDEX "members_team_idx" ON "members" ("team_id");
