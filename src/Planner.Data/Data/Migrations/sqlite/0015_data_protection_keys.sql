-- The keys that protect sign-in cookies and antiforgery tokens (see the PostgreSQL script).
CREATE TABLE data_protection_keys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT,
    xml           TEXT
);
