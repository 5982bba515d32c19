-- Ledger imports (台账导入): every real import is recorded (who, when, file, SHA-256, mapping, counts), every record it
-- changes gets a history row pointing to it, and mappings of a source's columns can be saved and reused.

CREATE TABLE imports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('parcels', 'factories')),
    file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes      bigint NOT NULL CHECK (size_bytes >= 0),
    format          text NOT NULL,
    encoding        text,
    crs             text NOT NULL,
    mapping         jsonb NOT NULL,
    rows_read       integer NOT NULL CHECK (rows_read >= 0),
    new_count       integer NOT NULL CHECK (new_count >= 0),
    changed_count   integer NOT NULL CHECK (changed_count >= 0),
    unchanged_count integer NOT NULL CHECK (unchanged_count >= 0),
    flagged_count   integer NOT NULL CHECK (flagged_count >= 0),
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE import_mappings (
    name        text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    kind        text NOT NULL CHECK (kind IN ('parcels', 'factories')),
    mapping     jsonb NOT NULL,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE status_history ADD COLUMN import_id bigint REFERENCES imports (id);

-- Ledger columns that had no home yet: the holder of the land-use right (权属人, internal) and when the land was supplied.
ALTER TABLE parcels ADD COLUMN owner_name text CHECK (length(owner_name) <= 500), ADD COLUMN supplied_on date;
