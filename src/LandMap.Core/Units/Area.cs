namespace LandMap.Core.Units;

/// <summary>Area unit conversions. 1 亩 (mu) = 10000/15 m² exactly; 15 mu = 1 ha.</summary>
public static class Area
{
    public const double SquareMetresPerMu = 10000.0 / 15.0;
    public const double SquareMetresPerHectare = 10000.0;

    public static double MuFromM2(double areaM2) => areaM2 / SquareMetresPerMu;

    public static double M2FromMu(double areaMu) => areaMu * SquareMetresPerMu;

    public static double MuFromHectares(double areaHa) => areaHa * 15.0;

    /// <summary>Relative disagreement between a computed and a ledger area, |ledger − computed| / computed.</summary>
    public static double RelativeDifference(double computed, double ledger) =>
        computed <= 0 ? double.PositiveInfinity : Math.Abs(ledger - computed) / computed;
}
