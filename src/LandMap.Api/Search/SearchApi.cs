using System.Security.Claims;
using LandMap.Api.Access;
using LandMap.Api.Collections;
using LandMap.Api.Ogc;
using LandMap.Api.Problems;
using LandMap.Core.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LandMap.Api.Search;

/// <summary>
/// GET /api/search?q=TEXT&amp;limit=N: suggestions for the page's search box — parcels and factories by code, address or
/// building name, zones and parks by code or name — best first, each with its box to zoom to. Public: a visitor finds only
/// resources in the public statuses and is sent only public fields (code, name, address, zone, status); no one finds a
/// retired record.
/// </summary>
public static class SearchApi
{
    public const int DefaultLimit = 8;
    public const int MaxLimit = 20;
    public const int MaxLength = 100;
    public static readonly string[] Parameters = ["q", "limit"];

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", Find).WithTags("Search").WithName("Search").WithQueryParameters(Parameters).AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<SearchResult>, ProblemHttpResult>> Find(
        HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, IOptions<AccessOptions> access, CancellationToken ct)
    {
        var errors = request.Query.Keys.Where(k => !Parameters.Contains(k, StringComparer.Ordinal))
            .Select(k => new FieldError(k, Problems.Problems.UnknownParameter, "unknown parameter; allowed: q, limit")).ToList();
        var text = request.Query["q"].ToString().Trim();
        if (text.Length == 0) errors.Add(new("q", Problems.Problems.InvalidParameter, "type at least one character"));
        else if (text.Length > MaxLength) errors.Add(new("q", Problems.Problems.InvalidParameter, $"at most {MaxLength} characters"));
        var limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var rawLimit)
            && (!int.TryParse(rawLimit.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
                || limit < 1 || limit > MaxLimit))
            errors.Add(new("limit", Problems.Problems.InvalidParameter, $"an integer from 1 to {MaxLimit}"));
        if (errors.Count > 0) return Problems.Problems.BadRequest(errors);

        var statuses = Visibility.StatusesFor(Caller.Role(user), access.Value.PublicStatuses) ?? [.. ResourceStatus.All];
        var like = EscapeLike(text);
        await using var cmd = db.CreateCommand(SearchQueries.Find);
        cmd.Parameters.Add(new NpgsqlParameter { Value = text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = like + "%" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = "%" + like + "%" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = statuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var hits = new List<SearchHit>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            hits.Add(new SearchHit(r.GetString(0), r.GetString(1), Text(2), Text(3), Text(4), Text(5), Text(6),
                [Math.Round(r.GetDouble(7), 7), Math.Round(r.GetDouble(8), 7), Math.Round(r.GetDouble(9), 7), Math.Round(r.GetDouble(10), 7)]));
        }
        return TypedResults.Ok(new SearchResult(hits));
    }

    /// <summary>The text as a literal inside a LIKE pattern (PostgreSQL's default escape character is the backslash).</summary>
    internal static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}

/// <param name="Kind">parcel, factory, zone or park.</param>
/// <param name="NameZh">A factory's name, a zone's or park's Chinese name.</param>
/// <param name="NameEn">A zone's or park's English name.</param>
/// <param name="Zone">The development zone it lies in (for a zone: itself; for a park: its zone).</param>
/// <param name="Status">A resource's status; null for zones and parks.</param>
/// <param name="Bbox">Its box in CRS84 order: minLon, minLat, maxLon, maxLat.</param>
public sealed record SearchHit(string Kind, string Code, string? NameZh, string? NameEn, string? Address, string? Zone, string? Status, double[] Bbox);

public sealed record SearchResult(IReadOnlyList<SearchHit> Items);
