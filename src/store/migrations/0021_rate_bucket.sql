-- 0021: request rate limits shared by every process of one database.
-- SQLite needs none: one process serves a file, and its own buckets are
-- exact (src/store/rate_shared.h). The version exists so both databases
-- count the same migrations.
SELECT 1;
