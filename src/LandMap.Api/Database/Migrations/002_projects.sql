-- Projects (项目信息库) and reservations of land or floor space for them.

CREATE TABLE projects (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    investor                    text,
    industry_chain              text,
    industry_category           text,
    pollution_class             text NOT NULL CHECK (pollution_class IN ('1', '2', '3', 'logistics')),
    investment_wan              double precision NOT NULL CHECK (investment_wan > 0),
    land_need_mu                double precision CHECK (land_need_mu > 0),
    floor_need_m2               double precision CHECK (floor_need_m2 > 0),
    annual_output_wan           double precision CHECK (annual_output_wan >= 0),
    annual_tax_wan              double precision CHECK (annual_tax_wan >= 0),
    jobs                        integer CHECK (jobs >= 0),
    power_kva                   double precision CHECK (power_kva >= 0),
    min_floor_height_m          double precision CHECK (min_floor_height_m >= 0),
    min_floor_load_kn_m2        double precision CHECK (min_floor_load_kn_m2 >= 0),
    min_crane_t                 double precision CHECK (min_crane_t >= 0),
    max_land_price_wan_per_mu   double precision CHECK (max_land_price_wan_per_mu >= 0),
    max_rent_yuan_m2_month      double precision CHECK (max_rent_yuan_m2_month >= 0),
    preferred_zones             text[] NOT NULL DEFAULT '{}',
    stage                       text NOT NULL DEFAULT 'negotiating' CHECK (stage IN ('negotiating', 'signed', 'started', 'producing')),
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now(),
    CHECK (land_need_mu IS NOT NULL OR floor_need_m2 IS NOT NULL)
);
CREATE INDEX projects_stage_ix ON projects (stage);

CREATE TABLE reservations (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id          bigint NOT NULL REFERENCES projects (id),
    resource_kind       text NOT NULL CHECK (resource_kind IN ('parcel', 'factory')),
    resource_code       text NOT NULL,
    zone_code           text NOT NULL,
    floor_m2            double precision,            -- factory space taken from vacant_floor_m2
    previous_status     text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    released_at         timestamptz
);
CREATE INDEX reservations_project_ix ON reservations (project_id);
CREATE UNIQUE INDEX reservations_active_parcel_ux ON reservations (resource_code) WHERE released_at IS NULL AND resource_kind = 'parcel';
