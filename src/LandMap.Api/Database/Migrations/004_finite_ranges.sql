-- Every numeric field has a finite, documented range (LandMap.Core.Projects.ProjectLimits for projects; README for
-- parcels and factories) and a CHECK constraint backs it, so the database never holds a value that breaks a later read
-- (Infinity or NaN cannot be written as JSON). In PostgreSQL NaN sorts above every number and Infinity above every
-- finite one, so "x <= max" rejects both.
--
-- First repair what is already stored: a value outside its range is recorded in data_repairs (nothing is lost), then
-- set to NULL, or, where the column may not be NULL, to the nearest end of its range.

CREATE TABLE data_repairs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name    text NOT NULL,
    row_id        bigint NOT NULL,
    column_name   text NOT NULL,
    old_value     text,
    new_value     text,
    repaired_at   timestamptz NOT NULL DEFAULT now(),
    note          text NOT NULL
);

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('projects', 'investment_wan', 1::float8, 100000000::float8, false),
        ('projects', 'land_need_mu', 0.1, 100000, true),
        ('projects', 'floor_need_m2', 10, 10000000, true),
        ('projects', 'annual_output_wan', 0, 1000000000, true),
        ('projects', 'annual_tax_wan', 0, 100000000, true),
        ('projects', 'power_kva', 0, 10000000, true),
        ('projects', 'min_floor_height_m', 0, 100, true),
        ('projects', 'min_floor_load_kn_m2', 0, 1000, true),
        ('projects', 'min_crane_t', 0, 2000, true),
        ('projects', 'max_land_price_wan_per_mu', 0, 100000, true),
        ('projects', 'max_rent_yuan_m2_month', 0, 10000, true)
    ) AS t(tbl, col, lo, hi, nullable)
    LOOP
        EXECUTE format(
            'INSERT INTO data_repairs (table_name, row_id, column_name, old_value, new_value, note)
             SELECT %L, id, %L, %I::text, %s, ''out of range [%s, %s] before migration 004''
             FROM %I WHERE %I IS NOT NULL AND NOT (%I >= %s AND %I <= %s)',
            r.tbl, r.col, r.col,
            CASE WHEN r.nullable THEN 'NULL' ELSE format('(CASE WHEN %I < %s THEN %s ELSE %s END)::text', r.col, r.lo, r.lo, r.hi) END,
            r.lo, r.hi, r.tbl, r.col, r.col, r.lo, r.col, r.hi);
        EXECUTE format('UPDATE %I SET %I = %s WHERE %I IS NOT NULL AND NOT (%I >= %s AND %I <= %s)',
            r.tbl, r.col,
            CASE WHEN r.nullable THEN 'NULL' ELSE format('CASE WHEN %I < %s THEN %s ELSE %s END', r.col, r.lo, r.lo, r.hi) END,
            r.col, r.col, r.lo, r.col, r.hi);
    END LOOP;
    -- A project needs land or floor space: if repairs removed both, keep the record readable with the smallest land need.
    UPDATE projects SET land_need_mu = 0.1 WHERE land_need_mu IS NULL AND floor_need_m2 IS NULL;
END $$;

ALTER TABLE projects
    ADD CONSTRAINT projects_investment_wan_range CHECK (investment_wan >= 1 AND investment_wan <= 100000000),
    ADD CONSTRAINT projects_land_need_mu_range CHECK (land_need_mu >= 0.1 AND land_need_mu <= 100000),
    ADD CONSTRAINT projects_floor_need_m2_range CHECK (floor_need_m2 >= 10 AND floor_need_m2 <= 10000000),
    ADD CONSTRAINT projects_annual_output_wan_range CHECK (annual_output_wan >= 0 AND annual_output_wan <= 1000000000),
    ADD CONSTRAINT projects_annual_tax_wan_range CHECK (annual_tax_wan >= 0 AND annual_tax_wan <= 100000000),
    ADD CONSTRAINT projects_jobs_range CHECK (jobs >= 0 AND jobs <= 1000000),
    ADD CONSTRAINT projects_power_kva_range CHECK (power_kva >= 0 AND power_kva <= 10000000),
    ADD CONSTRAINT projects_min_floor_height_m_range CHECK (min_floor_height_m >= 0 AND min_floor_height_m <= 100),
    ADD CONSTRAINT projects_min_floor_load_kn_m2_range CHECK (min_floor_load_kn_m2 >= 0 AND min_floor_load_kn_m2 <= 1000),
    ADD CONSTRAINT projects_min_crane_t_range CHECK (min_crane_t >= 0 AND min_crane_t <= 2000),
    ADD CONSTRAINT projects_max_land_price_range CHECK (max_land_price_wan_per_mu >= 0 AND max_land_price_wan_per_mu <= 100000),
    ADD CONSTRAINT projects_max_rent_range CHECK (max_rent_yuan_m2_month >= 0 AND max_rent_yuan_m2_month <= 10000),
    ADD CONSTRAINT projects_name_length CHECK (length(name) <= 200),
    ADD CONSTRAINT projects_text_length CHECK (length(investor) <= 500 AND length(industry_chain) <= 500 AND length(industry_category) <= 500),
    ADD CONSTRAINT projects_preferred_zones_count CHECK (cardinality(preferred_zones) <= 50);

ALTER TABLE parcels
    ADD CONSTRAINT parcels_area_mu_range CHECK (area_mu <= 1000000),
    ADD CONSTRAINT parcels_ledger_area_mu_range CHECK (ledger_area_mu <= 1000000),
    ADD CONSTRAINT parcels_plot_ratio_range CHECK (plot_ratio_min >= 0 AND plot_ratio_min <= 20 AND plot_ratio_max >= 0 AND plot_ratio_max <= 20),
    ADD CONSTRAINT parcels_coverage_range CHECK (building_coverage_min >= 0 AND building_coverage_min <= 100),
    ADD CONSTRAINT parcels_green_range CHECK (green_ratio_max >= 0 AND green_ratio_max <= 100),
    ADD CONSTRAINT parcels_height_range CHECK (height_limit_m >= 0 AND height_limit_m <= 1000),
    ADD CONSTRAINT parcels_min_investment_range CHECK (min_investment_wan_per_mu >= 0 AND min_investment_wan_per_mu <= 1000000),
    ADD CONSTRAINT parcels_min_tax_range CHECK (min_tax_wan_per_mu >= 0 AND min_tax_wan_per_mu <= 1000000),
    ADD CONSTRAINT parcels_power_range CHECK (power_kva >= 0 AND power_kva <= 10000000),
    ADD CONSTRAINT parcels_price_range CHECK (price_wan_per_mu >= 0 AND price_wan_per_mu <= 1000000),
    ADD CONSTRAINT parcels_gk_cm_range CHECK (gk_central_meridian BETWEEN 72 AND 135);

ALTER TABLE factories
    ADD CONSTRAINT factories_areas_range CHECK (footprint_m2 <= 10000000 AND total_floor_m2 <= 100000000),
    ADD CONSTRAINT factories_floors_range CHECK (floors <= 200),
    ADD CONSTRAINT factories_floor_height_range CHECK (floor_height_m >= 0 AND floor_height_m <= 100),
    ADD CONSTRAINT factories_floor_load_range CHECK (floor_load_kn_m2 >= 0 AND floor_load_kn_m2 <= 1000),
    ADD CONSTRAINT factories_crane_range CHECK (crane_t >= 0 AND crane_t <= 2000),
    ADD CONSTRAINT factories_power_range CHECK (power_kva >= 0 AND power_kva <= 10000000),
    ADD CONSTRAINT factories_rent_range CHECK (rent_yuan_m2_month >= 0 AND rent_yuan_m2_month <= 10000),
    ADD CONSTRAINT factories_sale_range CHECK (sale_price_yuan_m2 >= 0 AND sale_price_yuan_m2 <= 1000000);

ALTER TABLE reservations
    ADD CONSTRAINT reservations_floor_range CHECK (floor_m2 > 0 AND floor_m2 <= 10000000);
