-- Field mappings remembered per import source.
CREATE TABLE import_mappings (
    source_key  varchar(200) PRIMARY KEY,
    fields      text NOT NULL,
    updated_at  timestamptz NOT NULL
);
