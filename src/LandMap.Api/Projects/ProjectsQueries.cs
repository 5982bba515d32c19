namespace LandMap.Api.Projects;

internal static class ProjectsQueries
{
    public const string Columns = """
        id, name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu, floor_need_m2,
        annual_output_wan, annual_tax_wan, jobs, power_kva, min_floor_height_m, min_floor_load_kn_m2, min_crane_t,
        max_land_price_wan_per_mu, max_rent_yuan_m2_month, preferred_zones, stage, created_at, updated_at, created_by, updated_by
        """;

    public const string Insert = $"""
        INSERT INTO projects (name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu,
            floor_need_m2, annual_output_wan, annual_tax_wan, jobs, power_kva, min_floor_height_m, min_floor_load_kn_m2, min_crane_t,
            max_land_price_wan_per_mu, max_rent_yuan_m2_month, preferred_zones, stage, created_by, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
        RETURNING {Columns}
        """;

    public const string Update = $"""
        UPDATE projects SET name = $1, investor = $2, industry_chain = $3, industry_category = $4, pollution_class = $5,
            investment_wan = $6, land_need_mu = $7, floor_need_m2 = $8, annual_output_wan = $9, annual_tax_wan = $10, jobs = $11,
            power_kva = $12, min_floor_height_m = $13, min_floor_load_kn_m2 = $14, min_crane_t = $15, max_land_price_wan_per_mu = $16,
            max_rent_yuan_m2_month = $17, preferred_zones = $18, stage = $19, updated_by = $20, updated_at = now()
        WHERE id = $21
        RETURNING {Columns}
        """;

    public const string ById = $"SELECT {Columns} FROM projects WHERE id = $1";

    public const string List = $"SELECT {Columns} FROM projects WHERE ($1::text[] IS NULL OR stage = ANY($1)) ORDER BY id LIMIT $2 OFFSET $3";

    public const string Count = "SELECT count(*) FROM projects WHERE ($1::text[] IS NULL OR stage = ANY($1))";

    /// <summary>Open projects for batch allocation ($1: the open stages): holding no active reservation.</summary>
    public const string Open = $"""
        SELECT {Columns} FROM projects p
        WHERE stage = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.project_id = p.id AND r.released_at IS NULL)
        ORDER BY id
        """;

    public const string ByIds = $"SELECT {Columns} FROM projects WHERE id = ANY($1) ORDER BY id";

    public const string UnknownZones = "SELECT z FROM unnest($1::text[]) z WHERE NOT EXISTS (SELECT 1 FROM zones WHERE code = z)";
}
