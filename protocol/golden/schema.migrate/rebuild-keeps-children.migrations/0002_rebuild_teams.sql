-- 0002_rebuild_teams.sql
-- wizdb:foreign-keys off
CREATE TABLE "_wizdb_new_teams" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL CHECK (length("name") > 0),
  "created_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "updated_at" INTEGER NOT NULL DEFAULT (unixepoch()),
  "deactivated_at" INTEGER,
  "deactivated_by" TEXT
);
INSERT INTO "_wizdb_new_teams" ("id", "name", "created_at", "updated_at", "deactivated_at", "deactivated_by") SELECT "id", "name", "created_at", "updated_at", "deactivated_at", "deactivated_by" FROM "teams";
DROP TABLE "teams";
ALTER TABLE "_wizdb_new_teams" RENAME TO "teams";
CREATE UNIQUE INDEX "teams_name_idx" ON "teams" ("name") WHERE "deactivated_at" IS NULL;
