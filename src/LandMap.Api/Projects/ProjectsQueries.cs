namespace LandMap.Api.Projects;

/// <summary>Project SQL. Stages travel as parameters from <see cref="Core.Projects.ProjectStages"/>, never typed in here.</summary>
internal static class ProjectsQueries
{
    public const string Columns = """
        id, name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu, floor_need_m2,
        annual_output_wan, annual_tax_wan, jobs, power_kva, min_floor_height_m, min_floor_load_kn_m2, min_crane_t,
        max_land_price_wan_per_mu, max_rent_yuan_m2_month, preferred_zones, stage, version, created_at, updated_at, created_by, updated_by
        """;

    public const string Insert = $"""
        INSERT INTO projects (name, investor, industry_chain, industry_category, pollution_class, investment_wan, land_need_mu,
            floor_need_m2, annual_output_wan, annual_tax_wan, jobs, power_kva, min_floor_height_m, min_floor_load_kn_m2, min_crane_t,
            max_land_price_wan_per_mu, max_rent_yuan_m2_month, preferred_zones, stage, created_by, updated_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
        RETURNING {Columns}
        """;

    /// <summary>$21 the id. The changes trigger bumps version and updated_at, and records nothing for a save that changes nothing.</summary>
    public const string Update = $"""
        UPDATE projects SET name = $1, investor = $2, industry_chain = $3, industry_category = $4, pollution_class = $5,
            investment_wan = $6, land_need_mu = $7, floor_need_m2 = $8, annual_output_wan = $9, annual_tax_wan = $10, jobs = $11,
            power_kva = $12, min_floor_height_m = $13, min_floor_load_kn_m2 = $14, min_crane_t = $15, max_land_price_wan_per_mu = $16,
            max_rent_yuan_m2_month = $17, preferred_zones = $18, stage = $19, updated_by = $20
        WHERE id = $21
        RETURNING {Columns}
        """;

    public const string ById = $"SELECT {Columns} FROM projects WHERE id = $1";

    public const string LockById = $"SELECT {Columns} FROM projects WHERE id = $1 FOR UPDATE";

    /// <summary>
    /// The register: $1 stages (NULL: all), $2 zones (NULL: all; a preferred zone or a zone where it holds a resource),
    /// $3 a LIKE pattern on name, investor and industry chain (NULL: all), $4 limit, $5 offset. Count: the same without paging.
    /// </summary>
    private const string Filter = """
        FROM projects p
        WHERE ($1::text[] IS NULL OR p.stage = ANY($1))
          AND ($2::text[] IS NULL OR p.preferred_zones && $2
               OR EXISTS (SELECT 1 FROM reservations r WHERE r.project_id = p.id AND r.released_at IS NULL AND r.zone_code = ANY($2)))
          AND ($3::text IS NULL OR p.name ILIKE $3 OR p.investor ILIKE $3 OR p.industry_chain ILIKE $3)
        """;

    public const string List = $"SELECT {Columns} {Filter} ORDER BY p.id LIMIT $4 OFFSET $5";

    public const string Count = $"SELECT count(*) {Filter}";

    /// <summary>Active reservations of projects $1, with the resource's status now.</summary>
    public const string ActiveResources = """
        SELECT r.project_id, r.id, r.resource_kind, r.resource_code, r.zone_code, r.floor_m2, r.created_at,
               coalesce(pa.status, f.status) AS status
        FROM reservations r
        LEFT JOIN parcels pa ON r.resource_kind = 'parcel' AND pa.code = r.resource_code
        LEFT JOIN factories f ON r.resource_kind = 'factory' AND f.code = r.resource_code
        WHERE r.project_id = ANY($1) AND r.released_at IS NULL
        ORDER BY r.project_id, r.id
        """;

    /// <summary>
    /// Projects for batch allocation ($1: the open stages), oldest first; $2 true also takes those that hold an active
    /// reservation (by default a project already holding a resource is not offered again).
    /// </summary>
    public const string Open = $"""
        SELECT {Columns} FROM projects p
        WHERE stage = ANY($1)
          AND ($2 OR NOT EXISTS (SELECT 1 FROM reservations r WHERE r.project_id = p.id AND r.released_at IS NULL))
        ORDER BY id
        """;

    public const string ByIds = $"SELECT {Columns} FROM projects WHERE id = ANY($1) ORDER BY id";

    /// <summary>Of projects $1, those holding an active reservation.</summary>
    public const string Holding = "SELECT DISTINCT project_id FROM reservations WHERE project_id = ANY($1) AND released_at IS NULL";

    /// <summary>Active reservations of project $1, locked: withdrawal releases them.</summary>
    public const string ActiveReservationIds = "SELECT id FROM reservations WHERE project_id = $1 AND released_at IS NULL ORDER BY id FOR UPDATE";

    public const string UnknownZones = "SELECT z FROM unnest($1::text[]) z WHERE NOT EXISTS (SELECT 1 FROM zones WHERE code = z)";
}
