using LandMap.Core.Access;

namespace LandMap.Api.Collections;

/// <summary>One property of a feature: its JSON name, the SQL that computes it, and whether the public may see it.</summary>
/// <param name="FromRow">The value depends on the parcel's or factory's own row only (every write to it moves the data
/// version), not on the clock or on other tables: an item page may take it from the copy held in memory (Collections/Memory).</param>
internal sealed record Field(string Name, string Sql, bool Public = true, bool FromRow = true);

/// <summary>
/// THE whitelist of what each role may see, in one place, used by items, single features, stats and (later) tiles and
/// exports. The public (investors) sees only resources in the public statuses (Access:PublicStatuses, default idle and
/// negotiating) and only the fields marked public; owner class (权属) and holder (权属人), idle reason, when it was supplied, the ledger's own area, how long it has been
/// idle, history, projects, reservations, allocations and match results are for staff. A field not listed here is sent
/// to nobody.
/// </summary>
internal static class Visibility
{
    public static readonly Field[] Parcel =
    [
        new("code", "p.code"), new("zone", "p.zone_code"), new("park", "p.park_code"), new("address", "p.address"),
        new("areaMu", "round(p.area_mu::numeric, 2)"),
        new("ledgerAreaMu", Decimal("p.ledger_area_mu"), Public: false),
        new("areaMismatch", "(p.ledger_area_mu IS NOT NULL AND abs(p.ledger_area_mu - p.area_mu) > 0.05 * p.area_mu)", Public: false),
        new("gkCentralMeridian", "p.gk_central_meridian"),
        new("landUse", "p.land_use"), new("landUseOriginal", "p.land_use_original"),
        new("plotRatioMin", Decimal("p.plot_ratio_min")), new("plotRatioMax", Decimal("p.plot_ratio_max")),
        new("buildingCoverageMin", Decimal("p.building_coverage_min")), new("greenRatioMax", Decimal("p.green_ratio_max")), new("heightLimitM", Decimal("p.height_limit_m")),
        new("minInvestmentWanPerMu", Decimal("p.min_investment_wan_per_mu")), new("minTaxWanPerMu", Decimal("p.min_tax_wan_per_mu")),
        new("industryChains", "p.industry_chains"), new("powerKva", Decimal("p.power_kva")),
        new("water", "p.water"), new("gas", "p.gas"), new("heat", "p.heat"),
        new("readiness", "p.readiness"), new("priceWanPerMu", Decimal("p.price_wan_per_mu")),
        new("ownership", "p.ownership", Public: false),
        new("idleSince", "p.idle_since", Public: false),
        new("idleReason", "p.idle_reason", Public: false),
        new("owner", "p.owner_name", Public: false),
        new("suppliedOn", "p.supplied_on", Public: false),
        // Supplied-land facts for the idle-land rules (issue 13): staff only.
        new("supplyType", "p.supply_type", Public: false), new("agreedStartOn", "p.agreed_start_on", Public: false),
        new("actualStartOn", "p.actual_start_on", Public: false), new("developedShare", Decimal("p.developed_share"), Public: false),
        new("investedShare", Decimal("p.invested_share"), Public: false), new("haltedOn", "p.halted_on", Public: false),
        new("landPriceWan", Decimal("p.land_price_wan"), Public: false),
        new("status", "p.status"), new("contact", "p.contact"), new("updatedAt", "p.updated_at"),
        .. Bookkeeping("parcel", "p"),
    ];

    public static readonly Field[] Factory =
    [
        new("code", "f.code"), new("zone", "f.zone_code"), new("park", "f.park_code"), new("name", "f.name"), new("address", "f.address"),
        new("footprintM2", Decimal("f.footprint_m2")), new("totalFloorM2", Decimal("f.total_floor_m2")), new("vacantFloorM2", Decimal("f.vacant_floor_m2")),
        new("vacancyRate", "round((f.vacant_floor_m2 / f.total_floor_m2)::numeric, 3)"), new("floors", "f.floors"),
        new("floorHeightM", Decimal("f.floor_height_m")), new("floorLoadKnM2", Decimal("f.floor_load_kn_m2")), new("craneT", Decimal("f.crane_t")),
        new("powerKva", Decimal("f.power_kva")), new("rentYuanM2Month", Decimal("f.rent_yuan_m2_month")), new("salePriceYuanM2", Decimal("f.sale_price_yuan_m2")),
        new("status", "f.status"), new("contact", "f.contact"), new("updatedAt", "f.updated_at"),
        .. Bookkeeping("factory", "f"),
    ];

    /// <summary>
    /// A double column written as a JSON decimal always (40 → 40.0, 2.345 → 2.345), so clients that take field types from
    /// the first page (GDAL, QGIS) type it as a real, not an integer. NULL stays null.
    /// </summary>
    private static string Decimal(string column) => $"round({column}::numeric, greatest(scale(trim_scale({column}::numeric)), 1))";

    /// <summary>
    /// Staff only: the version (the ETag an edit must send back), when and by whom the record was last verified, whether
    /// that is too long ago (Freshness:StaleDays), and the project holding it through an active reservation.
    /// </summary>
    private static Field[] Bookkeeping(string kind, string alias) =>
    [
        new("version", $"{alias}.version", Public: false),
        new("verifiedAt", $"{alias}.verified_at", Public: false),
        new("verifiedBy", $"{alias}.verified_by", Public: false),
        new("stale", CollectionsQueries.Stale(alias), Public: false, FromRow: false),
        new("projectId", CollectionsQueries.ReservedProject(kind, alias, "r.project_id"), Public: false, FromRow: false),
        new("projectName", CollectionsQueries.ReservedProject(kind, alias, "pr.name"), Public: false, FromRow: false),
    ];

    public static readonly Field[] Zone =
    [
        new("code", "z.code"), new("parent", "z.parent_code"), new("nameZh", "z.name_zh"), new("nameEn", "z.name_en"), new("level", "z.level"),
        new("city", "z.city"), new("areaMu", "round(z.area_mu::numeric, 2)"),
    ];

    /// <summary>
    /// The query as <paramref name="role"/> may run it: for the public, statuses default to the public ones, and asking for
    /// another is refused (403 naming the status) rather than silently answered with nothing.
    /// </summary>
    public static (ItemQuery Query, List<Problems.FieldError> Refused) ForRole(ItemQuery q, string role, IReadOnlyList<string> publicStatuses)
    {
        if (role != Roles.Public) return (q, []);
        var refused = q.Statuses.Where(s => !publicStatuses.Contains(s))
            .Select(s => new Problems.FieldError("status", Problems.Problems.StatusNotPublic,
                $"'{s}' is not shown to the public; public statuses: {string.Join(", ", publicStatuses)}")).ToList();
        if (q.AbsorbedFrom is not null) refused.Add(StaffOnly("absorbedFrom"));
        if (q.AbsorbedTo is not null) refused.Add(StaffOnly("absorbedTo"));
        return (q with { Statuses = q.Statuses.Count == 0 ? publicStatuses : q.Statuses }, refused);
    }

    private static Problems.FieldError StaffOnly(string parameter) =>
        new(parameter, Problems.Problems.StaffOnlyParameter, "selects by internal history: sign in as staff");

    /// <summary>The statuses a role may see: the public ones, or null (all) for staff and above.</summary>
    public static string[]? StatusesFor(string role, IReadOnlyList<string> publicStatuses) => role == Roles.Public ? [.. publicStatuses] : null;

    /// <summary>The fields a role may see: the public ones for the public, all for staff and above.</summary>
    public static IEnumerable<Field> For(IEnumerable<Field> fields, string role) => role == Roles.Public ? fields.Where(f => f.Public) : fields;

    /// <summary>A GeoJSON Feature built in PostGIS (RFC 7946: rings counter-clockwise, 7 decimals ≈ 1 cm) from the allowed fields.</summary>
    public static string FeatureSql(string alias, IEnumerable<Field> fields, CrsRef? crs = null) => $"""
        json_build_object('type', 'Feature', 'id', {alias}.code,
          'geometry', {GeometrySql(alias, crs ?? CrsRef.Crs84)},
          'properties', json_build_object({string.Join(", ", fields.Select(f => $"'{f.Name}', {f.Sql}"))}))::text
        """;

    /// <summary>
    /// A feature of an items page as JSON text, the same feature as <see cref="FeatureSql"/> but lean: a property whose value
    /// is NULL is left out, and the text is concatenated rather than built as json (a ::json cast would parse every
    /// geometry again, about a third of the query's time for 1000 features). Each value goes through to_json, which writes
    /// it exactly as json_build_object does; to_json is strict, so a NULL value makes its "name":value NULL and concat_ws
    /// skips it (a subquery field is evaluated once).
    /// </summary>
    public static string ItemSql(string alias, IReadOnlyCollection<Field> fields, CrsRef crs)
    {
        var properties = fields.Count == 0 ? "'{}'"
            : $"'{{' || concat_ws(',', {string.Join(", ", fields.Select(f => $"'\"{f.Name}\":' || {ValueText(f)}"))}) || '}}'";
        return $$"""'{"type":"Feature","id":' || {{IdText(alias)}} || ',"geometry":' || {{GeometryText(alias, crs)}} || ',"properties":' || {{properties}} || '}'""";
    }

    /// <summary>
    /// The outline as GeoJSON in <paramref name="crs"/>, in its axis order: CRS84 lon/lat to 7 decimals (≈ 1 cm);
    /// EPSG:4490/4326 lat/lon; a Gauss–Krüger zone projected by PostGIS (PROJ) to millimetres, northing first.
    /// </summary>
    public static string GeometrySql(string alias, CrsRef crs) => GeometryText(alias, crs) + "::json";

    /// <summary>A property's value in an items page: JSON text, NULL for a NULL value (the property is then left out).</summary>
    public static string ValueText(Field f) => $"to_json({f.Sql})::text";

    /// <summary>A feature's id in an items page: its code as JSON text.</summary>
    public static string IdText(string alias) => $"to_json({alias}.code)::text";

    /// <summary><see cref="GeometrySql"/> as text (ST_AsGeoJSON's own output, not parsed again).</summary>
    public static string GeometryText(string alias, CrsRef crs)
    {
        // Stored rings are already in RFC 7946's order (migration 017), and so are outlines rebuilt from the history.
        var geom = $"{alias}.geom";
        if (crs == CrsRef.Crs84) return $"ST_AsGeoJSON({geom}, 7, 0)";
        if (crs.IsLonLat) return $"ST_AsGeoJSON(ST_FlipCoordinates({geom}), 7, 0)";
        return $"ST_AsGeoJSON(ST_FlipCoordinates(ST_Transform({geom}, {crs.System.Epsg.ToString(System.Globalization.CultureInfo.InvariantCulture)})), 3, 0)";
    }
}
