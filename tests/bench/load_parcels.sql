-- LandMap's own loader for the peer harness (../shared/bench): the harness's parcels, copied into LandMap's schema in
-- the database of the cluster the harness runs, so LandMap serves exactly the polygons the SQL limit and MapServer serve.
-- Run by tests/bench/peer.sh with psql after the API has migrated the database; it fills the staging table bench_src first
-- (COPY of bench.parcels: hex EWKB in text COPY, bit-exact coordinates). :'meta' is the harness's generation
-- (n=… seed=… finished=…), kept in landmap_bench_meta so an unchanged generation is not copied again.
--
-- Mapping: id -> id; code -> code; zone -> zone_code (one LandMap zone per harness zone, code = names = the harness's
-- text, outline = the convex hull of its parcels); land_use -> land_use and land_use_original (2023 codes already);
-- area_mu -> area_mu (the harness's geodesic area); status -> status; geom -> ST_Multi with SRID 4490 (CGCS2000 and
-- WGS 84 agree to centimetres; the coordinates are the same numbers), its rings in RFC 7946's order as LandMap stores
-- them (migration 017, whose trigger is off here with the others). NOT NULL columns without a harness value get
-- constants: gk_central_meridian 120 (the 3° zone of lon 119.6–121.0), ownership 'state', updated_at 2024-06-01Z (so
-- responses do not change between loads). Every other column stays NULL or at its default.
\set ON_ERROR_STOP 1
BEGIN;
-- The changes trigger records no "created" history for a seed.
SELECT set_config('landmap.source', 'seed', true);
TRUNCATE changes, factories, parcels, zones CASCADE;  -- bumps the data version (migration 011)
-- The user triggers (the changes history, the data version's per-row commit trigger) would queue an event per row,
-- which the index builds below cannot run beside; they are back on before the commit.
ALTER TABLE parcels DISABLE TRIGGER USER;
ALTER TABLE zones DISABLE TRIGGER USER;

-- Secondary indexes are dropped for the copy and built once after it, in bulk (as the harness builds its GiST).
CREATE TEMP TABLE bench_indexes ON COMMIT DROP AS
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public' AND i.tablename = 'parcels'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.indexname)));
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM bench_indexes LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
END $$;

INSERT INTO zones (code, parent_code, name_zh, name_en, level, city, geom, area_mu, updated_at)
SELECT zone, NULL, zone, zone, 'provincial', '青岛',
       ST_ForcePolygonCCW(ST_Multi(ST_SetSRID(ST_ConvexHull(ST_Collect(geom)), 4490))),
       ST_Area(ST_ConvexHull(ST_Collect(geom))::geography) / (10000.0 / 15.0), '2024-06-01T00:00:00Z'
FROM bench_src GROUP BY zone;

INSERT INTO parcels (id, code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status, updated_at)
OVERRIDING SYSTEM VALUE
SELECT id, code, zone, ST_ForcePolygonCCW(ST_Multi(ST_SetSRID(geom, 4490))), area_mu, 120, land_use, land_use, 'state', status, '2024-06-01T00:00:00Z'
FROM bench_src ORDER BY id;
SELECT setval(pg_get_serial_sequence('parcels', 'id'), (SELECT max(id) FROM parcels));

SET LOCAL maintenance_work_mem = '512MB';
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexdef FROM bench_indexes LOOP EXECUTE r.indexdef; END LOOP;
END $$;

ALTER TABLE parcels ENABLE TRIGGER USER;
ALTER TABLE zones ENABLE TRIGGER USER;

CREATE TABLE IF NOT EXISTS landmap_bench_meta (k text PRIMARY KEY, v text);
TRUNCATE landmap_bench_meta;
INSERT INTO landmap_bench_meta
SELECT split_part(kv, '=', 1), substr(kv, strpos(kv, '=') + 1) FROM regexp_split_to_table(:'meta', ' (?=[a-z_]+=)') kv;
DROP TABLE bench_src;
COMMIT;
VACUUM ANALYZE parcels;
VACUUM ANALYZE zones;
