-- The sites' boxes in SQLite's R*Tree (built into SQLite), kept by triggers: the spatial index of the map's box,
-- drawn areas and overlaps, in place of a B-tree over four columns that could only narrow on the first one.
DROP INDEX sites_bbox;
CREATE VIRTUAL TABLE sites_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
INSERT INTO sites_rtree (id, min_lon, max_lon, min_lat, max_lat) SELECT id, min_lon, max_lon, min_lat, max_lat FROM sites;
CREATE TRIGGER sites_rtree_insert AFTER INSERT ON sites BEGIN
    INSERT INTO sites_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (new.id, new.min_lon, new.max_lon, new.min_lat, new.max_lat);
END;
CREATE TRIGGER sites_rtree_update AFTER UPDATE OF min_lon, max_lon, min_lat, max_lat ON sites BEGIN
    UPDATE sites_rtree SET min_lon = new.min_lon, max_lon = new.max_lon, min_lat = new.min_lat, max_lat = new.max_lat WHERE id = new.id;
END;
CREATE TRIGGER sites_rtree_delete AFTER DELETE ON sites BEGIN
    DELETE FROM sites_rtree WHERE id = old.id;
END;
