-- Issue 11: matching keeps the available land in memory (LandSnapshot) and reloads it when what it read has changed.
-- Parcels and zones bump data_version (migration 011). The snapshot also leaves out land found idle through the
-- enterprise's fault (idle_findings), which data_version does not follow: this second version does, with the same
-- commit-time, once-per-transaction bump (see migration 011 for why it cannot deadlock). Kept apart from data_version so
-- that recording a finding does not invalidate every map tile.

CREATE TABLE match_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL CHECK (version >= 1)
);
INSERT INTO match_version VALUES (true, 1);

CREATE FUNCTION bump_match_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        IF current_setting('landmap.match_version_bumped', true) = 'on' THEN RETURN NULL; END IF;
        PERFORM set_config('landmap.match_version_bumped', 'on', true); -- for the rest of this transaction
    END IF;
    UPDATE match_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER idle_findings_match_version AFTER INSERT OR UPDATE OR DELETE ON idle_findings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_match_version();
CREATE TRIGGER idle_findings_truncated AFTER TRUNCATE ON idle_findings FOR EACH STATEMENT EXECUTE FUNCTION bump_match_version();
