-- Issue 11: outlines are stored with their rings oriented as RFC 7946 §3.1.6 wants them sent (exterior rings
-- counter-clockwise, holes clockwise), so a read serves the stored outline as it is instead of turning every ring of
-- every feature on every request (ST_ForcePolygonCCW was about a tenth of a 2 km map view's database time).
--
-- A BEFORE trigger turns what a write brings, whatever the path (an edit, an import, a split or merge, a seed): no
-- client has to know. Triggers of one timing fire in name order: *_ccw fires before *_changes (migration 006), so the
-- history records the outline as stored. Outlines rebuilt from the history (asOf) may predate this migration; that
-- read turns them itself (CollectionsQueries.AsOf).

CREATE FUNCTION rings_ccw() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ST_IsPolygonCCW(NEW.geom) THEN
        NEW.geom := ST_ForcePolygonCCW(NEW.geom);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER parcels_ccw BEFORE INSERT OR UPDATE OF geom ON parcels FOR EACH ROW EXECUTE FUNCTION rings_ccw();
CREATE TRIGGER factories_ccw BEFORE INSERT OR UPDATE OF geom ON factories FOR EACH ROW EXECUTE FUNCTION rings_ccw();
CREATE TRIGGER zones_ccw BEFORE INSERT OR UPDATE OF geom ON zones FOR EACH ROW EXECUTE FUNCTION rings_ccw();

-- Rows already stored are turned in place. Turning a ring changes no shape: the history trigger is held off for it,
-- so no record gains a version or a "changed" entry for it.
ALTER TABLE parcels DISABLE TRIGGER parcels_changes;
ALTER TABLE factories DISABLE TRIGGER factories_changes;
UPDATE parcels SET geom = ST_ForcePolygonCCW(geom) WHERE NOT ST_IsPolygonCCW(geom);
UPDATE factories SET geom = ST_ForcePolygonCCW(geom) WHERE NOT ST_IsPolygonCCW(geom);
UPDATE zones SET geom = ST_ForcePolygonCCW(geom) WHERE NOT ST_IsPolygonCCW(geom);
ALTER TABLE parcels ENABLE TRIGGER parcels_changes;
ALTER TABLE factories ENABLE TRIGGER factories_changes;
