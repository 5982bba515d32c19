-- Issue 11: one data version that every write to what maps draw (parcels, factories, zones) bumps, in the writing
-- transaction: a reader sees the new version exactly when it sees the new rows. Vector tiles carry it in their ETag
-- (a client revalidates with If-None-Match and gets 304 until something changes) and key the server's tile cache on it.
--
-- The bump runs at commit (a deferred constraint trigger), once per transaction: the one row is locked only while the
-- writer commits, when it asks for no other lock, so writers queue on it briefly but can never deadlock through it (an
-- immediate bump would hold the row from the first write to the commit, while the writer goes on locking other rows).
-- TRUNCATE fires no row triggers: it bumps at once (it holds the table exclusively anyway).

CREATE TABLE data_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL CHECK (version >= 1)
);
INSERT INTO data_version VALUES (true, 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'ROW' THEN
        IF current_setting('landmap.data_version_bumped', true) = 'on' THEN RETURN NULL; END IF;
        PERFORM set_config('landmap.data_version_bumped', 'on', true); -- for the rest of this transaction
    END IF;
    UPDATE data_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER parcels_data_version AFTER INSERT OR UPDATE OR DELETE ON parcels
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER factories_data_version AFTER INSERT OR UPDATE OR DELETE ON factories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE CONSTRAINT TRIGGER zones_data_version AFTER INSERT OR UPDATE OR DELETE ON zones
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER parcels_truncated AFTER TRUNCATE ON parcels FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER factories_truncated AFTER TRUNCATE ON factories FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER zones_truncated AFTER TRUNCATE ON zones FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
