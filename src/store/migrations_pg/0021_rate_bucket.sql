-- 0021: request rate limits shared by every process of one database
-- (src/store/rate_shared.c). UNLOGGED: not written to the WAL, emptied by a
-- crash, which only forgives.
CREATE UNLOGGED TABLE rate_bucket (
    client TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at_ms  BIGINT NOT NULL
);
