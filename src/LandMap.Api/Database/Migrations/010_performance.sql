-- Issue 13 §4: per-mu performance (亩均效益) of in-use parcels — one row of yearly figures per parcel and year, from the
-- enterprise register or imported (POST /api/performance, all or nothing; a re-import of a parcel and year replaces it).
-- Per-mu figures and the A/B/C/D grade are computed (LandMap.Core.Revitalisation.MuBenefit) from the parcel's area_mu,
-- never stored. Every number is finite and not negative (NaN and Infinity fail "< 1e9" in PostgreSQL), every year and
-- text within bounds, so nothing unreadable can be stored.

CREATE TABLE parcel_performance (
    parcel_code   text NOT NULL REFERENCES parcels (code) ON UPDATE CASCADE,
    year          smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    tax_wan       double precision NOT NULL CHECK (tax_wan >= 0 AND tax_wan < 1e9),          -- 税收, 万元/年
    revenue_wan   double precision NOT NULL CHECK (revenue_wan >= 0 AND revenue_wan < 1e9),  -- 营业收入, 万元/年
    output_wan    double precision CHECK (output_wan >= 0 AND output_wan < 1e9),            -- 产值, 万元/年
    jobs          integer CHECK (jobs BETWEEN 0 AND 10000000),                              -- 从业人员
    enterprise    text CHECK (length(btrim(enterprise)) BETWEEN 1 AND 200),                 -- 企业名称
    source        text NOT NULL CHECK (source IN ('file', 'json', 'register', 'seed')),
    source_name   text CHECK (length(source_name) BETWEEN 1 AND 255),                      -- the file's name, or the register's
    recorded_by   text NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 200),
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parcel_code, year)
);
CREATE INDEX parcel_performance_year_ix ON parcel_performance (year);
