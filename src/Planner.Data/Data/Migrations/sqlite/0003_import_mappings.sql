-- Field mappings remembered per import source.
CREATE TABLE import_mappings (
    source_key  TEXT NOT NULL PRIMARY KEY,
    fields      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
