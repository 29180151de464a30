-- PostgreSQL only (lz4 compression of large geometries); SQLite stores blobs as they are.
SELECT 1;
