using System.Globalization;

namespace LandMap.Api.Ledgers.Readers;

/// <summary>
/// Cell values as the text the mapping step parses: trimmed, null when empty; numbers invariant; dates as yyyy-MM-dd
/// (with " HH:mm:ss" only when the cell holds a time of day); booleans as true/false.
/// </summary>
internal static class CellText
{
    /// <param name="value">A value as a library returned it.</param>
    /// <param name="asDisplayed">
    /// Doubles to 15 significant digits, as a spreadsheet displays them (0.1 + 0.2 shows 0.3, a 12-digit parcel code stays
    /// whole); otherwise the shortest text that round-trips.
    /// </param>
    public static string? Of(object? value, bool asDisplayed = false) => value switch
    {
        null or DBNull => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d => d.ToString(asDisplayed ? "G15" : "R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Of(value.ToString()),
    };
}
