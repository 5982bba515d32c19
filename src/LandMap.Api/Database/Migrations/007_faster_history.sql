-- 007: the changes trigger, faster for bulk imports (issue 8's bar: 100 000 ledger rows in ≤ 30 s). to_jsonb(row)
-- turned each outline into GeoJSON only for it to be replaced by hex EWKB; the diff of a new record is simply its
-- non-null fields, and an update compares the same keys on both sides. Same rows in `changes` as 006 writes.

CREATE OR REPLACE FUNCTION changes_diff(old_row jsonb, new_row jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN old_row IS NULL THEN
        (SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(NULL, n.value)), '{}')
         FROM jsonb_each(new_row) n
         WHERE n.value <> 'null'::jsonb
           AND n.key NOT IN ('id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by'))
    ELSE
        (SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{}')
         FROM jsonb_each(new_row) n JOIN jsonb_each(old_row) o ON o.key = n.key
         WHERE n.value IS DISTINCT FROM o.value
           AND n.key NOT IN ('id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by'))
    END
$$;

CREATE OR REPLACE FUNCTION changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src       text := coalesce(nullif(current_setting('landmap.source', true), ''), 'system');
    act       text := nullif(current_setting('landmap.action', true), '');
    old_row   jsonb;
    plain     record;
    new_row   jsonb;
    d         jsonb;
    kind_name text := CASE TG_TABLE_NAME WHEN 'parcels' THEN 'parcel' WHEN 'factories' THEN 'factory' ELSE 'project' END;
    rec_code  text;
    zone      text;
    st_before text;
    st_after  text;
    am_before double precision;
    am_after  double precision;
    use_after text;
BEGIN
    -- The demo seed writes its own back-dated history (and versions) beside the rows.
    IF src = 'seed' THEN RETURN NEW; END IF;

    -- to_jsonb would turn the outline into GeoJSON (slow, and rounded): null it in a copy, then add the exact hex EWKB.
    IF TG_TABLE_NAME = 'projects' THEN
        new_row := to_jsonb(NEW);
        IF TG_OP = 'UPDATE' THEN old_row := to_jsonb(OLD); END IF;
    ELSE
        plain := NEW;
        plain.geom := NULL;
        new_row := to_jsonb(plain) || jsonb_build_object('geom', NEW.geom::text);
        IF TG_OP = 'UPDATE' THEN
            plain := OLD;
            plain.geom := NULL;
            old_row := to_jsonb(plain) || jsonb_build_object('geom', OLD.geom::text);
        END IF;
    END IF;

    d := changes_diff(old_row, new_row);
    IF TG_OP = 'UPDATE' THEN
        IF d = '{}' THEN RETURN NEW; END IF;   -- nothing changed: no version, no history
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    ELSE
        NEW.version := 1;
    END IF;

    IF act IS NULL THEN
        act := CASE
            WHEN TG_OP = 'INSERT' THEN 'create'
            WHEN d ? 'status' AND new_row ->> 'status' = 'retired' THEN 'retire'
            WHEN d ? 'status' OR d ? 'stage' THEN 'status'
            WHEN d - 'verified_at' - 'verified_by' = '{}' THEN 'verify'
            ELSE 'update' END;
    END IF;

    IF TG_TABLE_NAME = 'projects' THEN
        rec_code := NEW.id::text;
        st_before := old_row ->> 'stage';
        st_after := NEW.stage;
    ELSE
        rec_code := new_row ->> 'code';
        zone := new_row ->> 'zone_code';
        st_before := old_row ->> 'status';
        st_after := new_row ->> 'status';
        IF TG_TABLE_NAME = 'parcels' THEN
            am_before := (old_row ->> 'area_mu')::double precision;
            am_after := NEW.area_mu;
            use_after := NEW.land_use;
        ELSE
            am_before := (old_row ->> 'vacant_floor_m2')::double precision;
            am_after := NEW.vacant_floor_m2;
        END IF;
    END IF;

    INSERT INTO changes (kind, code, zone_code, version, action, source, changed_at, changed_by, note, import_id, related,
                         diff, status_before, status_after, amount_before, amount_after, land_use)
    VALUES (kind_name, rec_code, zone, NEW.version, act, src,
            coalesce(nullif(current_setting('landmap.at', true), '')::timestamptz, clock_timestamp()),
            coalesce(nullif(current_setting('landmap.actor', true), ''), current_user),
            nullif(current_setting('landmap.note', true), ''),
            nullif(current_setting('landmap.import_id', true), '')::bigint,
            coalesce(string_to_array(nullif(current_setting('landmap.related', true), ''), ','), '{}'),
            d, st_before, st_after, am_before, am_after, use_after);
    RETURN NEW;
END
$$;
