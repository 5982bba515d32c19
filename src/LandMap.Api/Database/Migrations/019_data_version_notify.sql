-- Issue 11: every new data version (migration 011) is announced on channel landmap_data_version, its number as the
-- payload, so a service can know the version without asking for it on every request (Database/DataVersionWatch.cs).
-- A trigger on data_version itself: every bump is heard, by a row trigger, a TRUNCATE trigger (seed-scale's, with its
-- row triggers off while it loads) or a direct UPDATE alike. NOTIFY is transactional: it is delivered when the bump
-- commits, once the new rows are visible.

CREATE FUNCTION announce_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('landmap_data_version', NEW.version::text);
    RETURN NULL;
END $$;

CREATE TRIGGER data_version_announced AFTER INSERT OR UPDATE ON data_version
    FOR EACH ROW EXECUTE FUNCTION announce_data_version();
