-- Issue 11: one data version that every write to what maps draw (parcels, factories, zones) bumps, in the writing
-- transaction: a reader sees the new version exactly when it sees the new rows. Vector tiles carry it in their ETag
-- (a client revalidates with If-None-Match and gets 304 until something changes) and key the server's tile cache on it.
-- A statement-level trigger: an import of 100 000 rows bumps it once. Writers serialise on the one row only until they
-- commit, which the ledger imports (all or nothing) and the edits (If-Match) already do in practice.

CREATE TABLE data_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL CHECK (version >= 1)
);
INSERT INTO data_version VALUES (true, 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER parcels_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parcels
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER factories_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON factories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER zones_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zones
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
