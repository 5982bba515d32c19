using LandMap.Core.Projects;
using LandMap.Core.Resources;

namespace LandMap.Core.Matching;

/// <summary>
/// What the checks and the score read of a parcel that no project changes, worked out once (issue 11): the land a match
/// may offer keeps one per parcel, so ranking a window of 285 000 parcels at 1M reads plain fields instead of deriving
/// the investment floor, the utilities, the readiness and the land-use classes again for every project. Both the lean and
/// the explained paths read a parcel through these (<see cref="Checks.FailuresFor"/>, <see cref="Scoring.TotalFor"/>),
/// so a score is the same bit for bit whichever path made it.
/// </summary>
public readonly record struct ParcelFacts(
    double AreaMu, bool Available, byte AllowedClasses, double? InvestmentFloor, double? MinTaxWanPerMu, double PowerKva,
    double Utilities, double? PriceWanPerMu, double Readiness, int? IdleSinceDay, string ZoneCode)
{
    public static ParcelFacts Of(ParcelCandidate c) => new(
        c.AreaMu, ResourceStatus.Available.Contains(c.Status), AllowedClassesOf(c.LandUse), Checks.InvestmentFloorValue(c), c.MinTaxWanPerMu,
        c.PowerKva ?? 0, ((c.Water ? 1 : 0) + (c.Gas ? 1 : 0) + (c.Heat ? 1 : 0)) / 3.0, c.PriceWanPerMu, Scoring.Readiness(c.Readiness),
        c.IdleSince?.DayNumber, c.ZoneCode);

    /// <summary>The pollution classes (bit i: <see cref="PollutionClasses.All"/>[i]) whose projects the land use admits.</summary>
    public static byte AllowedClassesOf(string landUse)
    {
        var mask = 0;
        for (var i = 0; i < PollutionClasses.All.Count; i++)
            if (PollutionClasses.Allows(PollutionClasses.All[i], landUse)) mask |= 1 << i;
        return (byte)mask;
    }

    /// <summary>A project's class as the bit <see cref="AllowedClasses"/> holds for it; 0 for a class no land use admits.</summary>
    public static byte ClassBit(string pollutionClass)
    {
        for (var i = 0; i < PollutionClasses.All.Count; i++)
            if (PollutionClasses.All[i] == pollutionClass) return (byte)(1 << i);
        return 0;
    }

    /// <summary>Whether the land use admits a project of the class whose <see cref="ClassBit"/> is <paramref name="classBit"/>.</summary>
    public bool Admits(byte classBit) => (AllowedClasses & classBit) != 0;
}
