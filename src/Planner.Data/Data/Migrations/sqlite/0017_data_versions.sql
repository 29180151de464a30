-- The map's data version (see the PostgreSQL script): raised by every change to sites or townships. SQLite has one
-- writer at a time, so the row-level triggers cannot contend.
CREATE TABLE data_versions (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('map', 1);

CREATE TRIGGER sites_map_version_insert AFTER INSERT ON sites BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
CREATE TRIGGER sites_map_version_update AFTER UPDATE ON sites BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
CREATE TRIGGER sites_map_version_delete AFTER DELETE ON sites BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
CREATE TRIGGER townships_map_version_insert AFTER INSERT ON townships BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
CREATE TRIGGER townships_map_version_update AFTER UPDATE ON townships BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
CREATE TRIGGER townships_map_version_delete AFTER DELETE ON townships BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'map'; END;
