-- PostgreSQL only (the map's GeoJSON made by PostGIS); on SQLite the app simplifies and writes it.
SELECT 1;
