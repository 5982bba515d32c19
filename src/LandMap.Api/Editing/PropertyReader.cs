using System.Text.Json;
using LandMap.Api.Problems;
using LandMap.Core.Editing;
using LandMap.Core.Ledgers;
using LandMap.Core.Units;

namespace LandMap.Api.Editing;

/// <summary>
/// Reads the "properties" of a create or update: each value checked for its JSON kind (a number field takes a number, or
/// text an import would read, such as "35亩"), then parsed and range-checked by the import's own rules
/// (<see cref="Cells"/>, <see cref="LedgerRows.Check"/>). A wrong kind or an unknown property is a 400 (invalid-json),
/// a value that breaks a rule a 422 (invalid-field), each naming properties.KEY.
/// </summary>
internal static class PropertyReader
{
    public static (Dictionary<string, object?> Values, List<FieldError> Errors) Read(IReadOnlyDictionary<string, JsonElement> properties, LedgerField[] fields)
    {
        var values = new Dictionary<string, object?>();
        var errors = new List<FieldError>();
        foreach (var (name, json) in properties)
        {
            var key = EditableFields.Aliases.GetValueOrDefault(name, name);
            var path = "properties." + name;
            if (EditableFields.ReadOnly.Contains(key))
            {
                errors.Add(new(path, Problems.Problems.ReadOnlyField, "is computed by LandMap and cannot be set"));
                continue;
            }
            if (fields.FirstOrDefault(f => f.Key == key) is not { } field)
            {
                errors.Add(new(path, Problems.Problems.InvalidJson, $"unknown property '{name}'"));
                continue;
            }
            if (values.ContainsKey(key))
            {
                errors.Add(new(path, Problems.Problems.InvalidJson, $"'{key}' is given twice"));
                continue;
            }
            var (cell, kindError) = Cell(field, json);
            if (kindError is not null) errors.Add(new(path, Problems.Problems.InvalidJson, kindError));
            else if (cell.Value is null && cell.Problem is null && EditableFields.NotNull.Contains(key)) errors.Add(new(path, Problems.Problems.InvalidField, "may be changed but not emptied"));
            else if (LedgerRows.Check(0, field, cell) is { } problem) errors.Add(new(path, Problems.Problems.InvalidField, problem.Reason));
            else values[key] = cell.Value;
        }
        // The ledger's area may come in m²; it is stored in mu, as an import stores it.
        if (values.Remove("ledgerAreaM2", out var m2) && !values.ContainsKey("ledgerAreaMu"))
            values["ledgerAreaMu"] = m2 is double d ? Area.MuFromM2(d) : null;
        if (values.GetValueOrDefault("code") is string code && code.Contains(','))
            errors.Add(new("properties.code", Problems.Problems.InvalidField, "may not contain a comma (history lineage lists codes)"));
        return (values, errors);
    }

    /// <summary>400 when a JSON kind was wrong or a property unknown, else 422.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(List<FieldError> errors) =>
        errors.Any(e => e.Code == Problems.Problems.InvalidJson)
            ? Problems.Problems.BadRequest([.. errors.OrderBy(e => e.Code == Problems.Problems.InvalidJson ? 0 : 1)])
            : Problems.Problems.Unprocessable(errors);

    private static (CellValue Cell, string? KindError) Cell(LedgerField f, JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
                return (CellValue.Empty, null);
            case JsonValueKind.String:
                string text;
                try { text = json.GetString()!; }
                catch (InvalidOperationException) { return (default, "is not valid text (an unpaired surrogate)"); }
                if (JsonBody.TextProblem(text) is { } textProblem) return (default, textProblem);
                return (Cells.Read(f.Kind, text, f.Unit), null);
            case JsonValueKind.Number when f.Kind == CellKind.Number:
                return json.TryGetDouble(out var d) && double.IsFinite(d) ? (CellValue.Of(d == 0 ? 0.0 : d), null) : (default, "must be a finite number");
            case JsonValueKind.Number when f.Kind == CellKind.Integer:
                return json.TryGetInt32(out var i) ? (CellValue.Of(i), null) : (default, "expected a whole number");
            case JsonValueKind.True or JsonValueKind.False when f.Kind == CellKind.Boolean:
                return (CellValue.Of(json.GetBoolean()), null);
            case JsonValueKind.Array when f.Kind == CellKind.TextList:
                var items = new List<string>();
                foreach (var item in json.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) return (default, "expected an array of strings");
                    var (itemCell, itemError) = Cell(f with { Kind = CellKind.Text }, item);
                    if (itemError is not null) return (default, itemError);
                    if (itemCell.Value is string s) items.Add(s);
                }
                return (CellValue.Of(items.ToArray()), null);
            default:
                return (default, "expected " + f.Kind switch
                {
                    CellKind.Number => "a number",
                    CellKind.Integer => "a whole number",
                    CellKind.Boolean => "true or false",
                    CellKind.TextList => "an array of strings",
                    _ => "a string",
                });
        }
    }
}
