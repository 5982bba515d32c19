-- LandMap schema v1.
-- Geometries are stored in EPSG:4490 (CGCS2000 geographic, x = lon, y = lat). CGCS2000 and WGS 84 differ by
-- centimetres, so GeoJSON out (RFC 7946, CRS84) is the same numbers. Areas are NOT computed here from degrees:
-- the application computes them in the parcel's CGCS2000 Gauss–Krüger 3° zone and stores them (area_mu).
-- Scale-out: every table carries zone_code, a natural distribution column (e.g. Citus); no cross-zone FKs beyond zones.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE zones (
    code          text PRIMARY KEY,
    parent_code   text REFERENCES zones (code),
    name_zh       text NOT NULL,
    name_en       text NOT NULL,
    level         text NOT NULL CHECK (level IN ('national', 'provincial', 'park')),
    city          text NOT NULL,
    geom          geometry(MultiPolygon, 4490) NOT NULL,
    area_mu       double precision NOT NULL CHECK (area_mu > 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zones_geom_gix ON zones USING gist (geom);

CREATE TABLE parcels (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                    text NOT NULL UNIQUE,               -- 宗地编号
    zone_code               text NOT NULL REFERENCES zones (code),
    park_code               text REFERENCES zones (code),
    address                 text,
    geom                    geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    area_mu                 double precision NOT NULL CHECK (area_mu > 0),   -- from geometry, GK zone of the parcel
    gk_central_meridian     smallint NOT NULL,                   -- the zone used for area_mu (117 → EPSG:4548, 120 → 4549)
    ledger_area_mu          double precision CHECK (ledger_area_mu > 0),    -- as typed in the ledger (台账)
    land_use                text NOT NULL,                       -- canonical 2023 code, e.g. 100101
    land_use_original       text NOT NULL,                       -- as in the ledger, e.g. M1
    plot_ratio_min          double precision,
    plot_ratio_max          double precision,
    building_coverage_min   double precision,                    -- % (national minimum 30)
    green_ratio_max         double precision,                    -- %
    height_limit_m          double precision,
    min_investment_wan_per_mu double precision,                  -- 投资强度 floor, 万元/亩
    min_tax_wan_per_mu      double precision,                    -- 亩均税收 floor, 万元/亩/年
    industry_chains         text[] NOT NULL DEFAULT '{}',
    power_kva               double precision,
    water                   boolean NOT NULL DEFAULT false,
    gas                     boolean NOT NULL DEFAULT false,
    heat                    boolean NOT NULL DEFAULT false,
    readiness               text,                                -- 七通一平 / 五通一平 / 三通一平 / 生地
    price_wan_per_mu        double precision,
    ownership               text NOT NULL CHECK (ownership IN ('state', 'enterprise')),
    idle_since              date,
    idle_reason             text,
    status                  text NOT NULL CHECK (status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use')),
    contact                 text,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (plot_ratio_min IS NULL OR plot_ratio_max IS NULL OR plot_ratio_min <= plot_ratio_max)
);
CREATE INDEX parcels_geom_gix ON parcels USING gist (geom);
CREATE INDEX parcels_zone_status_ix ON parcels (zone_code, status);
CREATE INDEX parcels_status_ix ON parcels (status);
CREATE INDEX parcels_land_use_ix ON parcels (land_use text_pattern_ops);
CREATE INDEX parcels_area_ix ON parcels (area_mu);

CREATE TABLE factories (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    zone_code           text NOT NULL REFERENCES zones (code),
    park_code           text REFERENCES zones (code),
    name                text,
    address             text,
    geom                geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom)),
    footprint_m2        double precision NOT NULL CHECK (footprint_m2 > 0),  -- from geometry, GK zone
    total_floor_m2      double precision NOT NULL CHECK (total_floor_m2 > 0),
    vacant_floor_m2     double precision NOT NULL CHECK (vacant_floor_m2 >= 0),
    floors              integer NOT NULL CHECK (floors > 0),
    floor_height_m      double precision,
    floor_load_kn_m2    double precision,
    crane_t             double precision,
    power_kva           double precision,
    rent_yuan_m2_month  double precision,
    sale_price_yuan_m2  double precision,
    status              text NOT NULL CHECK (status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use')),
    contact             text,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (vacant_floor_m2 <= total_floor_m2)
);
CREATE INDEX factories_geom_gix ON factories USING gist (geom);
CREATE INDEX factories_zone_status_ix ON factories (zone_code, status);
CREATE INDEX factories_vacant_ix ON factories (vacant_floor_m2);

CREATE TABLE status_history (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_kind   text NOT NULL CHECK (resource_kind IN ('parcel', 'factory')),
    resource_code   text NOT NULL,
    zone_code       text NOT NULL,
    from_status     text CHECK (from_status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use')),
    to_status       text NOT NULL CHECK (to_status IN ('idle', 'negotiating', 'reserved', 'allocated', 'in_use')),
    changed_at      timestamptz NOT NULL,
    changed_by      text NOT NULL,
    note            text
);
CREATE INDEX status_history_resource_ix ON status_history (resource_kind, resource_code, changed_at);
CREATE INDEX status_history_changed_ix ON status_history (changed_at);
