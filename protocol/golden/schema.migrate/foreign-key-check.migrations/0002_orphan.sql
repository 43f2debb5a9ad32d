-- 0002_orphan.sql
-- wizdb:foreign-keys off
INSERT INTO "members" ("id", "team_id", "email") VALUES ('m9', 'no-such-team', 'z@x');
