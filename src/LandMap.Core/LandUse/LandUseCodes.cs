namespace LandMap.Core.LandUse;

/// <summary>A land-use code as stored: the canonical 2023 code and the code the ledger used.</summary>
public sealed record LandUseCode(string Canonical, string Original, string NameZh);

/// <summary>How a land-use filter matches stored rows.</summary>
public sealed record LandUseFilter(string? CanonicalPrefix, string? OriginalExact);

/// <summary>
/// 2023 national land-use classification (自然资发〔2023〕234号, codes 1001 工业用地 → 100101..100103, 1101 物流仓储 →
/// 110101..110103) and the older GB 50137-2011 urban codes (M1/M2/M3, W1/W2/W3, A35) plus the local M0 新型产业用地.
/// The table is data/landuse_codes.csv (sources S12–S16b in data/standards-research.md).
/// </summary>
public static class LandUseCodes
{
    /// <summary>GB 50137-2011 → 2023 guide. M0 has no 2023 counterpart: it is industrial land of no stated class.</summary>
    private static readonly Dictionary<string, string> FromGb50137 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["M"] = "1001", ["M1"] = "100101", ["M2"] = "100102", ["M3"] = "100103", ["M0"] = "1001",
        ["W"] = "1101", ["W1"] = "110101", ["W2"] = "110102", ["W3"] = "110103",
        ["A35"] = "0802",
    };

    private static readonly Dictionary<string, string> Names2023 = ReferenceCsv.Read("landuse_codes.csv")
        .Where(r => r["system"] == "Guide2023")
        .ToDictionary(r => r["code"], r => r["name"]);

    private static readonly Dictionary<string, string> NamesGb = ReferenceCsv.Read("landuse_codes.csv")
        .Where(r => r["system"] != "Guide2023")
        .ToDictionary(r => r["code"], r => r["name"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// English names of the 2023 codes (column name_en): our translation, for the English page; the guide has no official
    /// English edition, so the names follow its structure (一类工业用地 → Class I industrial land).
    /// </summary>
    private static readonly Dictionary<string, string> NamesEn2023 = ReferenceCsv.Read("landuse_codes.csv")
        .Where(r => r["system"] == "Guide2023")
        .ToDictionary(r => r["code"], r => r["name_en"]);

    public static IReadOnlyDictionary<string, string> Canonical => Names2023;

    public static string NameEnOf(string canonical) => NamesEn2023.GetValueOrDefault(canonical) ?? canonical;

    public static bool IsCanonical(string code) => Names2023.ContainsKey(code);

    /// <summary>Normalises a ledger code to the stored pair, or null when the code is unknown.</summary>
    public static LandUseCode? Normalize(string? input)
    {
        var code = input?.Trim();
        if (string.IsNullOrEmpty(code)) return null;
        if (Names2023.TryGetValue(code, out var name)) return new LandUseCode(code, code, name);
        if (FromGb50137.TryGetValue(code, out var canonical))
        {
            var original = code.ToUpperInvariant();
            return new LandUseCode(canonical, original, NamesGb.GetValueOrDefault(original) ?? Names2023[canonical]);
        }
        return null;
    }

    /// <summary>
    /// Resolves a filter value: a 2023 code matches itself and its children (1001 → 100101..100103); a GB 50137 code
    /// matches its canonical code's subtree; M0 has no canonical subtree, so it matches rows whose ledger said M0.
    /// </summary>
    public static LandUseFilter? ResolveFilter(string? input)
    {
        var normalized = Normalize(input);
        if (normalized is null) return null;
        return normalized.Original == "M0"
            ? new LandUseFilter(null, "M0")
            : new LandUseFilter(normalized.Canonical, null);
    }

    public static string NameOf(string canonical) => Names2023.GetValueOrDefault(canonical) ?? canonical;
}
