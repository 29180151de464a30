-- PostgreSQL only (lz4 compression of revision snapshots); SQLite stores text as it is.
SELECT 1;
