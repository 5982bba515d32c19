namespace LandMap.Api.Stats;

/// <summary>
/// The SQL of absorption (去化) and revitalisation (盘活), read from the measure columns of the changes table (migration
/// 006). Status lists arrive as parameters (<see cref="Core.History.Absorption"/>); the expressions below take their
/// placeholders. Definitions: <see cref="Core.History.Absorption"/>.
/// </summary>
internal static class AbsorptionQueries
{
    /// <summary>The amount a change <paramref name="c"/> held on offer before (<paramref name="before"/> = true) or after it.</summary>
    private static string OnOffer(string c, bool before, string available) => before
        ? $"CASE WHEN {c}.status_before = ANY({available}) THEN coalesce({c}.amount_before, 0) ELSE 0 END"
        : $"CASE WHEN {c}.status_after = ANY({available}) THEN coalesce({c}.amount_after, 0) ELSE 0 END";

    /// <summary>
    /// The amount that left (<paramref name="absorbed"/>) or came back to the available statuses in change <paramref name="c"/>:
    /// a parcel's whole area when its status leaves or enters them (an outline correction is no absorption), a building's
    /// vacant floor space on offer before minus after (a building is let part by part).
    /// </summary>
    public static string Moved(string c, bool absorbed, string available, string notAbsorption)
    {
        var (from, to) = absorbed ? (OnOffer(c, true, available), OnOffer(c, false, available)) : (OnOffer(c, false, available), OnOffer(c, true, available));
        var (wasIn, isIn) = absorbed
            ? ($"coalesce({c}.status_before = ANY({available}), false)", $"coalesce({c}.status_after = ANY({available}), false)")
            : ($"coalesce({c}.status_after = ANY({available}), false)", $"coalesce({c}.status_before = ANY({available}), false)");
        return $"""
            (CASE WHEN {c}.action = ANY({notAbsorption}) THEN 0
                  WHEN {c}.kind = 'parcel' THEN CASE WHEN {wasIn} AND NOT {isIn} THEN {from} ELSE 0 END
                  ELSE greatest({from} - {to}, 0) END)
            """;
    }

    /// <summary>The change in the amount on offer (after − before), every action included: how the stock moved.</summary>
    public static string StockDelta(string c, string available) => $"({OnOffer(c, false, available)} - {OnOffer(c, true, available)})";

    /// <summary>
    /// Absorption events per kind, zone, land use and period. {0}: extra conditions on c. Parameters: $1 period unit
    /// (month|quarter|year), $2 from, $3 to (instants), $4 available statuses, $5 actions that are no absorption,
    /// $6 statuses revitalised from, $7 statuses revitalised to, $8 idle.
    /// </summary>
    public static readonly string Events = $$"""
        SELECT e.kind, e.zone_code, coalesce(e.land_use, ''), e.period,
               sum(e.absorbed), sum(e.returned), sum(e.revitalised), coalesce(sum(e.idle_days), 0), count(e.idle_days)
        FROM (SELECT c.kind, c.zone_code, c.land_use,
                     date_trunc($1, c.changed_at AT TIME ZONE 'Asia/Shanghai')::date AS period,
                     {{Moved("c", absorbed: true, "$4", "$5")}} AS absorbed,
                     {{Moved("c", absorbed: false, "$4", "$5")}} AS returned,
                     CASE WHEN {{Revitalised}} THEN coalesce(c.amount_before, 0)
                          WHEN c.kind = 'parcel' OR c.action = ANY($5) THEN 0
                          ELSE greatest(coalesce(c.amount_before, 0) - coalesce(c.amount_after, 0), 0) END AS revitalised,
                     CASE WHEN {{Revitalised}} THEN
                         (SELECT extract(epoch FROM c.changed_at - i.changed_at) / 86400 FROM changes i
                          WHERE i.kind = c.kind AND i.code = c.code AND i.status_after = $8 AND i.status_before IS DISTINCT FROM $8
                            AND (i.changed_at, i.id) < (c.changed_at, c.id)
                          ORDER BY i.changed_at DESC, i.id DESC LIMIT 1) END AS idle_days
              FROM changes c
              WHERE c.kind IN ('parcel', 'factory') AND c.changed_at >= $2 AND c.changed_at < $3 {0}) e
        GROUP BY 1, 2, 3, 4
        """;

    /// <summary>
    /// A parcel moved into allocated or in use from idle, negotiating or reserved (not by a split, merge, creation or
    /// retirement): its area, or a building's vacant floor at that step. A building is also revitalised by the vacant floor
    /// taken up in any other change (let part by part, or reserved for a project): the app's reservation takes the floor
    /// first and sets the status later, so counting only the floor still vacant at the step into allocated would miss it.
    /// </summary>
    private const string Revitalised = "c.status_before = ANY($6) AND c.status_after = ANY($7) AND NOT c.action = ANY($5)";

    /// <summary>
    /// How the amount on offer moved per kind, zone and period from $2 on (every action counts: this is the stock, not
    /// absorption). {0}: extra conditions on c. Parameters: $1 unit, $2 from, $3 available statuses.
    /// </summary>
    public static readonly string StockMoves = $$"""
        SELECT c.kind, c.zone_code, date_trunc($1, c.changed_at AT TIME ZONE 'Asia/Shanghai')::date, sum({{StockDelta("c", "$3")}})
        FROM changes c
        WHERE c.kind IN ('parcel', 'factory') AND c.changed_at >= $2 {0}
        GROUP BY 1, 2, 3
        """;

    /// <summary>The amount on offer now per zone: {0} FROM (the live source), {1} WHERE.</summary>
    public const string AvailableParcels = "SELECT p.zone_code, sum(p.area_mu) {0} {1} GROUP BY 1";

    public const string AvailableFactories = "SELECT f.zone_code, sum(f.vacant_floor_m2) {0} {1} GROUP BY 1";
}
