-- Issue 11: the land snapshot (Matching/LandSnapshot) and the kept chain sums (Matching/ChainSums) follow writes row by
-- row instead of reloading a million parcels after each one. What changed since a snapshot S was read is what S could
-- not see: every row written carries the id of the transaction that wrote it, and a later reader, in one repeatable-read
-- snapshot, picks the rows whose writer S did not see (pg_visible_in_snapshot). A transaction id is known while the row
-- is written (data_version is known only at commit) and is exact under concurrent writers: no counter order has to match
-- the commit order.
--
-- parcels.changed_xid: the writer of the row's current version, set on insert (a default, so COPY sets it too) and on
-- every update (a trigger that fires after parcels_changes, so the history diff never sees it; changes_diff leaves it
-- out of a new record's diff). Indexed: the rows a snapshot missed are a range scan from its oldest unseen writer.
-- Rows written before this migration carry 0, before every snapshot (a constant default rewrites no table; the new default
-- follows).
ALTER TABLE parcels ADD COLUMN changed_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE parcels ALTER COLUMN changed_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX parcels_changed_xid_ix ON parcels (changed_xid);

CREATE FUNCTION stamp_changed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_xid := pg_current_xact_id();
    RETURN NEW;
END $$;
CREATE TRIGGER parcels_stamp BEFORE UPDATE ON parcels FOR EACH ROW EXECUTE FUNCTION stamp_changed_xid();

-- What leaves no row to stamp: a deleted parcel or its old code, an idle finding (by parcel), a factory (a reserved one
-- is a chain source), a zone (the snapshot reads its level and city) and a truncated table (kind 'truncate': read all).
CREATE TABLE match_changes (
    changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    kind        text NOT NULL CHECK (kind IN ('parcel', 'finding', 'factory', 'zone', 'truncate')),
    code        text
);
CREATE INDEX match_changes_xid_ix ON match_changes (changed_xid);

CREATE FUNCTION log_match_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        INSERT INTO match_changes (kind) VALUES ('truncate');
    ELSIF TG_TABLE_NAME = 'parcels' THEN
        -- Deleted, or its code changed: the old code is gone (a row under the new code is stamped).
        INSERT INTO match_changes (kind, code) VALUES ('parcel', OLD.code);
    ELSIF TG_TABLE_NAME = 'idle_findings' THEN
        IF TG_OP <> 'INSERT' THEN INSERT INTO match_changes (kind, code) VALUES ('finding', OLD.parcel_code); END IF;
        IF TG_OP <> 'DELETE' THEN INSERT INTO match_changes (kind, code) VALUES ('finding', NEW.parcel_code); END IF;
    ELSE
        -- factories ('factory') and zones ('zone')
        IF TG_OP <> 'INSERT' THEN INSERT INTO match_changes (kind, code) VALUES (TG_ARGV[0], OLD.code); END IF;
        IF TG_OP <> 'DELETE' THEN INSERT INTO match_changes (kind, code) VALUES (TG_ARGV[0], NEW.code); END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER parcels_removed AFTER DELETE ON parcels FOR EACH ROW EXECUTE FUNCTION log_match_change();
CREATE TRIGGER parcels_recoded AFTER UPDATE OF code ON parcels FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION log_match_change();
CREATE TRIGGER idle_findings_logged AFTER INSERT OR UPDATE OR DELETE ON idle_findings FOR EACH ROW
    EXECUTE FUNCTION log_match_change();
CREATE TRIGGER factories_logged AFTER INSERT OR UPDATE OR DELETE ON factories FOR EACH ROW
    EXECUTE FUNCTION log_match_change('factory');
CREATE TRIGGER zones_logged AFTER INSERT OR UPDATE OR DELETE ON zones FOR EACH ROW
    EXECUTE FUNCTION log_match_change('zone');
CREATE TRIGGER parcels_truncate_logged AFTER TRUNCATE ON parcels FOR EACH STATEMENT EXECUTE FUNCTION log_match_change();
CREATE TRIGGER idle_findings_truncate_logged AFTER TRUNCATE ON idle_findings FOR EACH STATEMENT EXECUTE FUNCTION log_match_change();
CREATE TRIGGER factories_truncate_logged AFTER TRUNCATE ON factories FOR EACH STATEMENT EXECUTE FUNCTION log_match_change();
CREATE TRIGGER zones_truncate_logged AFTER TRUNCATE ON zones FOR EACH STATEMENT EXECUTE FUNCTION log_match_change();

-- The history's diff leaves the stamp out, as it leaves out the other bookkeeping columns (007's function, one key more).
CREATE OR REPLACE FUNCTION changes_diff(old_row jsonb, new_row jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN old_row IS NULL THEN
        (SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(NULL, n.value)), '{}')
         FROM jsonb_each(new_row) n
         WHERE n.value <> 'null'::jsonb
           AND n.key NOT IN ('id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by', 'changed_xid'))
    ELSE
        (SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{}')
         FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value
           AND n.key NOT IN ('id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by', 'changed_xid'))
    END
$$;
