-- 0002_notes_index.sql
CREATE INDEX "notes_body_idx" ON "notes" ("body");
