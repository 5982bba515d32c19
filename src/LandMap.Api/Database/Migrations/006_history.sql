-- 006: the living record. Every change to a parcel, factory or project is one row in `changes`, written by a trigger,
-- so no code path (edit, import, reservation, allocation, repair) can change the stock without leaving a trace.
-- A row holds who, when, source, note and the old and new value of every changed field ({"field": [old, new]};
-- geometry as hex EWKB, exact). The map as it was on a day is the current row with the old values of later changes
-- put back (see Collections/AsOf). Absorption (去化) reads the measure columns, filled from OLD and NEW.
--
-- Who and why travel as transaction-local settings (set_config(..., true)) made by ChangeContext in C#:
--   landmap.actor, landmap.source, landmap.note, landmap.action, landmap.import_id, landmap.related, landmap.at
-- Without them the change is still recorded, as source 'system' by the database user.

-- Retired records are kept, never deleted; a project can be withdrawn.
ALTER TABLE parcels DROP CONSTRAINT parcels_status_check,
    ADD CONSTRAINT parcels_status_check CHECK (status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use', 'retired'));
ALTER TABLE factories DROP CONSTRAINT factories_status_check,
    ADD CONSTRAINT factories_status_check CHECK (status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use', 'retired'));
ALTER TABLE projects DROP CONSTRAINT projects_stage_check,
    ADD CONSTRAINT projects_stage_check CHECK (stage IN ('negotiating', 'signed', 'started', 'producing', 'withdrawn'));

-- Optimistic concurrency (ETag / If-Match) and freshness (last verified, by whom).
ALTER TABLE parcels ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    ADD COLUMN verified_at timestamptz, ADD COLUMN verified_by text CHECK (length(verified_by) <= 200);
ALTER TABLE factories ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0),
    ADD COLUMN verified_at timestamptz, ADD COLUMN verified_by text CHECK (length(verified_by) <= 200);
ALTER TABLE projects ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
UPDATE parcels SET verified_at = updated_at, verified_by = 'system';
UPDATE factories SET verified_at = updated_at, verified_by = 'system';
CREATE INDEX parcels_verified_ix ON parcels (verified_at);
CREATE INDEX factories_verified_ix ON factories (verified_at);

CREATE TABLE changes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('parcel', 'factory', 'project')),
    code            text NOT NULL,                  -- parcel/factory code; a project's id as text
    zone_code       text,                           -- projects: NULL
    version         integer NOT NULL CHECK (version > 0),   -- the record's version after this change; 1 = created
    action          text NOT NULL CHECK (action IN ('create', 'update', 'status', 'retire', 'split', 'merge', 'verify')),
    source          text NOT NULL CHECK (source IN ('edit', 'import', 'reservation', 'allocation', 'seed', 'system')),
    changed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    changed_by      text NOT NULL CHECK (length(changed_by) BETWEEN 1 AND 200),
    note            text CHECK (length(note) <= 2000),
    import_id       bigint REFERENCES imports (id),
    related         text[] NOT NULL DEFAULT '{}',   -- lineage: a split parent lists its children, a child its parent(s)
    diff            jsonb NOT NULL,                 -- {"field": [old, new]} of every changed field
    -- measures for absorption, from OLD and NEW: status (a project's stage) and amount (parcel: area_mu;
    -- factory: vacant_floor_m2), before and after; land_use of a parcel after the change.
    status_before   text,
    status_after    text,
    amount_before   double precision,
    amount_after    double precision,
    land_use        text
);
CREATE INDEX changes_record_ix ON changes (kind, code, changed_at, id);
CREATE INDEX changes_time_ix ON changes (kind, changed_at);
CREATE INDEX changes_import_ix ON changes (import_id) WHERE import_id IS NOT NULL;

-- The old and new value of every field that differs, geometry as hex EWKB; bookkeeping columns left out.
CREATE FUNCTION changes_diff(old_row jsonb, new_row jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(k.key, jsonb_build_array(old_row -> k.key, new_row -> k.key)), '{}')
    FROM (SELECT key FROM jsonb_object_keys(coalesce(new_row, '{}') || coalesce(old_row, '{}')) AS key) k
    WHERE k.key NOT IN ('id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by')
      AND (old_row -> k.key) IS DISTINCT FROM (new_row -> k.key)
      AND NOT (old_row IS NULL AND new_row -> k.key = 'null'::jsonb)
$$;

CREATE FUNCTION changes_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    src       text := coalesce(nullif(current_setting('landmap.source', true), ''), 'system');
    act       text := nullif(current_setting('landmap.action', true), '');
    old_row   jsonb;
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

    new_row := to_jsonb(NEW);
    IF TG_TABLE_NAME <> 'projects' THEN
        new_row := new_row || jsonb_build_object('geom', NEW.geom::text);
    END IF;
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        IF TG_TABLE_NAME <> 'projects' THEN
            old_row := old_row || jsonb_build_object('geom', OLD.geom::text);
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

CREATE TRIGGER parcels_changes BEFORE INSERT OR UPDATE ON parcels FOR EACH ROW EXECUTE FUNCTION changes_record();
CREATE TRIGGER factories_changes BEFORE INSERT OR UPDATE ON factories FOR EACH ROW EXECUTE FUNCTION changes_record();
CREATE TRIGGER projects_changes BEFORE INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION changes_record();

-- The status history so far becomes the first changes: the first row of a record (no from-status) is its creation.
INSERT INTO changes (kind, code, zone_code, version, action, source, changed_at, changed_by, note, import_id, diff,
                     status_before, status_after, amount_before, amount_after, land_use)
SELECT h.resource_kind, h.resource_code, h.zone_code,
       row_number() OVER (PARTITION BY h.resource_kind, h.resource_code ORDER BY h.changed_at, h.id),
       CASE WHEN h.from_status IS NULL THEN 'create' ELSE 'status' END,
       CASE WHEN h.import_id IS NOT NULL THEN 'import' ELSE 'system' END,
       h.changed_at, h.changed_by, h.note, h.import_id,
       jsonb_build_object('status', jsonb_build_array(h.from_status, h.to_status)),
       h.from_status, h.to_status,
       coalesce(p.area_mu, f.vacant_floor_m2), coalesce(p.area_mu, f.vacant_floor_m2), p.land_use
FROM status_history h
LEFT JOIN parcels p ON h.resource_kind = 'parcel' AND p.code = h.resource_code
LEFT JOIN factories f ON h.resource_kind = 'factory' AND f.code = h.resource_code
ORDER BY h.changed_at, h.id;
UPDATE changes SET amount_before = NULL WHERE action = 'create';

SELECT set_config('landmap.source', 'seed', true); -- versions below are bookkeeping, not changes
UPDATE parcels p SET version = greatest(1, (SELECT count(*) FROM changes c WHERE c.kind = 'parcel' AND c.code = p.code));
UPDATE factories f SET version = greatest(1, (SELECT count(*) FROM changes c WHERE c.kind = 'factory' AND c.code = f.code));
SELECT set_config('landmap.source', '', true);

DROP TABLE status_history;
