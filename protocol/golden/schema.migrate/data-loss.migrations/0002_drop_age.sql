-- 0002_drop_age.sql
-- WARNING: data loss: drops column "members"."age" and its values
-- wizdb:data-loss {"kind":"drop_column","table":"members","column":"age"}
ALTER TABLE "members" DROP COLUMN "age";

-- wizdb:data-loss {"kind":"drop_table","table":"notes"}
DROP TABLE "notes";
