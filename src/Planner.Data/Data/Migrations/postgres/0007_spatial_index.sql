-- Spatial filters go through the GiST index of geom (ST_Intersects); the B-tree over the box columns served the
-- box filters before and now serves nothing.
DROP INDEX sites_bbox;
