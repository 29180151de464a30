-- The map's data version: raised once by every transaction that changes sites or townships, when it commits, so
-- every web node can tell a cached tile is stale (Planner.Tiles.DataVersion). The trigger is deferred to the commit and
-- takes the row lock there, for microseconds: a long import does not hold up an edit, and two writers cannot deadlock
-- on it. A transaction-local flag makes the second and later rows of one transaction cost almost nothing. The new
-- version is also announced (NOTIFY, delivered at commit) to every web node listening, so a node knows it without
-- asking for each tile.
CREATE TABLE data_versions (
    name     varchar(32) PRIMARY KEY,
    version  bigint NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('map', 1);

CREATE FUNCTION planner_raise_map_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    raised bigint;
BEGIN
    IF current_setting('planner.map_version_raised', true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('planner.map_version_raised', '1', true);
    UPDATE data_versions SET version = version + 1 WHERE name = 'map' RETURNING version INTO raised;
    PERFORM pg_notify('planner_map_version', raised::text);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER sites_map_version AFTER INSERT OR UPDATE OR DELETE ON sites
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION planner_raise_map_version();
CREATE CONSTRAINT TRIGGER townships_map_version AFTER INSERT OR UPDATE OR DELETE ON townships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION planner_raise_map_version();
