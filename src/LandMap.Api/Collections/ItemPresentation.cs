using LandMap.Api.Problems;

namespace LandMap.Api.Collections;

/// <summary>
/// How the items are written, as OGC API – Features asks: crs (Part 2), properties= and sortby= (Part 4 style), f=json|html.
/// Parsed apart from the filters, because it changes the answer's form and not which features match.
/// </summary>
/// <param name="Sorted">sortby was asked: <paramref name="Order"/> is the caller's, not the collection's page order.</param>
internal sealed record ItemPresentation(CrsRef Crs, IReadOnlyList<Field> Fields, string Order, bool Html, bool Sorted = false)
{
    /// <summary>Property names, comma-separated; unknown (or, for the public, internal) names are a 400 listing what may be asked.</summary>
    public static (ItemPresentation? Presentation, List<FieldError> Errors) Parse(IQueryCollection query, Collection c, string role)
    {
        var errors = new List<FieldError>();
        var crs = ItemQueryParser.ParseCrs(query, "crs", errors);

        var visible = Visibility.For(c.Fields, role).ToList();
        IReadOnlyList<Field> fields = visible;
        if (query.TryGetValue("properties", out var rawProperties))
        {
            var names = ItemQueryParser.List(query, "properties");
            var byName = visible.ToDictionary(f => f.Name, StringComparer.Ordinal);
            foreach (var unknown in names.Where(n => !byName.ContainsKey(n)))
                errors.Add(new("properties", Problems.Problems.InvalidParameter,
                    $"unknown property '{unknown}'; properties: {string.Join(", ", visible.Select(f => f.Name))}"));
            fields = names.Where(byName.ContainsKey).Select(n => byName[n]).ToList();
        }

        var order = c.PageOrder;
        if (query.TryGetValue("sortby", out _))
        {
            var queryables = Queryables.For(c.Id, role);
            var keys = new List<string>();
            foreach (var term in ItemQueryParser.List(query, "sortby"))
            {
                // One optional sign: -areaMu descending, +areaMu or areaMu ascending (--areaMu is no name).
                var descending = term.StartsWith('-');
                var name = term.Length > 0 && term[0] is '-' or '+' ? term[1..] : term;
                if (queryables.TryGetValue(name, out var q) && q.Type != QueryableType.Geometry)
                    keys.Add($"{q.Sql} {(descending ? "DESC NULLS LAST" : "ASC NULLS LAST")}");
                else
                    errors.Add(new("sortby", Problems.Problems.InvalidParameter,
                        $"cannot sort by '{name}'; sortable: {string.Join(", ", queryables.Values.Where(x => x.Type != QueryableType.Geometry).Select(x => x.Name).Distinct())}"));
            }
            // The code last, so that paging through an order with ties is stable.
            if (keys.Count > 0) order = "ORDER BY " + string.Join(", ", keys) + $", {c.Alias}.code";
        }
        var sorted = order != c.PageOrder;

        var html = false;
        if (query.TryGetValue("f", out var f))
        {
            if (f.ToString() is "html") html = true;
            else if (f.ToString() is not ("json" or "geojson"))
                errors.Add(new("f", Problems.Problems.InvalidParameter, $"'{f}' is not a format here; use json (GeoJSON) or html (the map)"));
        }
        return errors.Count > 0 ? (null, errors) : (new ItemPresentation(crs, fields, order, html, sorted), errors);
    }
}
