-- Issue 13 §1: idle land by the rules (《闲置土地处置办法》, 国土资源部令第53号). The facts of supplied land live on the
-- parcel, so the changes trigger (006/007) records every change to them in the history with who and why; findings
-- (闲置土地认定书) are their own records. Assessment is computed (Core/Revitalisation), never stored.
ALTER TABLE parcels
    ADD COLUMN supply_type      text CONSTRAINT parcels_supply_type_check CHECK (supply_type IN ('出让', '划拨')),
    ADD COLUMN agreed_start_on  date CONSTRAINT parcels_agreed_start_on_check CHECK (agreed_start_on BETWEEN DATE '1980-01-01' AND DATE '2100-12-31'),
    ADD COLUMN actual_start_on  date CONSTRAINT parcels_actual_start_on_check CHECK (actual_start_on BETWEEN DATE '1980-01-01' AND DATE '2100-12-31'),
    ADD COLUMN developed_share  double precision CONSTRAINT parcels_developed_share_check CHECK (developed_share BETWEEN 0 AND 1),
    ADD COLUMN invested_share   double precision CONSTRAINT parcels_invested_share_check CHECK (invested_share BETWEEN 0 AND 1),
    ADD COLUMN halted_on        date,
    ADD COLUMN land_price_wan   double precision CONSTRAINT parcels_land_price_wan_check CHECK (land_price_wan >= 0 AND land_price_wan <= 100000000),
    -- Work can only halt after it started.
    ADD CONSTRAINT parcels_halted_on_check CHECK (halted_on IS NULL OR (actual_start_on IS NOT NULL AND halted_on >= actual_start_on));

CREATE TABLE idle_findings (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parcel_code           text NOT NULL REFERENCES parcels (code) ON UPDATE CASCADE,
    found_on              date NOT NULL CHECK (found_on BETWEEN DATE '1980-01-01' AND DATE '2100-12-31'),
    cause                 text NOT NULL CHECK (cause IN ('enterprise', 'government')),
    -- 《闲置土地处置办法》art. 8: the government's causes are recorded with their type; an enterprise cause has none.
    government_cause_type text CHECK (government_cause_type IN ('land-not-delivered', 'planning-changed', 'demolition-unfinished', 'military-or-heritage', 'other')),
    finding_no            text CHECK (length(finding_no) <= 100),
    note                  text CHECK (length(note) <= 2000),
    created_by            text NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idle_findings_cause_type_check CHECK ((cause = 'government') = (government_cause_type IS NOT NULL))
);
CREATE INDEX idle_findings_parcel ON idle_findings (parcel_code, found_on DESC, id DESC);
