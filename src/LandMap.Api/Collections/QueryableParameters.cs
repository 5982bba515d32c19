using System.Globalization;
using LandMap.Api.Problems;
using LandMap.Core.Cql2;

namespace LandMap.Api.Collections;

/// <summary>
/// Queryables as query parameters (OGC API – Features Part 3, "queryables-query-parameters"): ?floors=2&amp;water=true
/// selects features whose property equals the value. Each becomes a CQL2 equality and is translated like a filter, so
/// the public may name only public properties. zone, status and landUse keep their own, richer meaning (zone or park,
/// several statuses, a land-use prefix); the geometry is asked for with bbox.
/// </summary>
internal static class QueryableParameters
{
    private static readonly HashSet<string> OwnMeaning = ["zone", "status", "landUse", Queryables.Geometry];

    /// <summary>The queryables of a collection that can be query parameters.</summary>
    public static IEnumerable<Queryable> Of(string collectionId) => Queryables.Of(collectionId).Where(q => !OwnMeaning.Contains(q.Name));

    /// <summary>The equalities asked for (null when none), or the parameters whose values cannot be read.</summary>
    public static (Cql2Expression? Filter, List<FieldError> Errors) Parse(IQueryCollection query, string collectionId)
    {
        var errors = new List<FieldError>();
        var terms = new List<Cql2Expression>();
        foreach (var q in Of(collectionId))
        {
            if (!query.TryGetValue(q.Name, out var raw)) continue;
            var text = raw.ToString();
            object? value = q.Type switch
            {
                QueryableType.Number or QueryableType.Integer =>
                    double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
                QueryableType.Boolean => text is "true" ? true : text is "false" ? false : null,
                QueryableType.Date => DateOnly.TryParseExact(text, ItemQueryParser.DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null,
                QueryableType.DateTime => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.ToUniversalTime() : null,
                _ => text,
            };
            if (value is null)
                errors.Add(new(q.Name, Problems.Problems.InvalidParameter, $"'{text}' is not {Describe(q.Type)}"));
            else
                terms.Add(new Cql2Comparison(Cql2CompareOp.Eq, new Cql2Property(q.Name), new Cql2Literal(value)));
        }
        return (terms.Count switch { 0 => null, 1 => terms[0], _ => new Cql2Logical(Cql2LogicalOp.And, terms) }, errors);
    }

    private static string Describe(QueryableType t) => t switch
    {
        QueryableType.Number or QueryableType.Integer => "a number", QueryableType.Boolean => "true or false",
        QueryableType.Date => "a day written yyyy-MM-dd", QueryableType.DateTime => "an RFC 3339 date-time", _ => "text",
    };
}
