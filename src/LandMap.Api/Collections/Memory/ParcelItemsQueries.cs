namespace LandMap.Api.Collections.Memory;

/// <summary>The SQL of the parcels held for item pages (<see cref="ParcelItems"/>), read in one repeatable-read snapshot.</summary>
internal static class ParcelItemsQueries
{
    /// <summary>The version every write to parcels bumps (migration 011) and the table's oid (a restore makes a new table).</summary>
    public const string Key = LandMap.Api.Database.DataVersionWatch.KeyQuery;

    /// <summary><see cref="Key"/> and how many parcels there are (a copy is made only up to Items:InMemoryMaxParcels and Items:InMemoryMaxMegabytes).</summary>
    public const string KeyAndCount = "SELECT version, 'parcels'::regclass::oid, (SELECT count(*) FROM parcels) FROM data_version";

    /// <summary>
    /// Every parcel: what a page filters by (id for the order's ties, status, zone, park, land use, area), the outline (the box
    /// and distance tests), and the text an items page writes, made by the very expressions of
    /// <see cref="Visibility.ItemSql"/>: the id, the CRS84 geometry, then each property read from the row alone, in
    /// <paramref name="fields"/>' order (NULL: left out of the feature).
    /// </summary>
    public static string Rows(IEnumerable<Field> fields) => $"""
        SELECT p.id, p.status, p.zone_code, p.park_code, p.land_use, p.land_use_original, p.area_mu, p.geom,
               {Visibility.IdText("p")}, {Visibility.GeometryText("p", CrsRef.Crs84)}{string.Concat(fields.Select(f => ",\n       " + Visibility.ValueText(f)))}
        FROM parcels p
        """;
}
