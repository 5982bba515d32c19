using LandMap.Core.Resources;
using LandMap.Core.Revitalisation;
using LandMap.Seeds;

namespace LandMap.Core.Tests.Seeds;

public sealed class DemoPerformanceTests
{
    private static readonly SeedSet Demo = DemoGenerator.Generate();
    private static readonly IReadOnlyList<PerformanceSeed> Rows = DemoPerformance.Build(Demo);
    private static readonly MuBenefitThresholds Shipped = new(30, 15, 5, "local setting", "亩产效益评价");

    [Fact]
    public void The_same_seed_gives_the_same_rows()
    {
        Assert.Equal(Rows, DemoPerformance.Build(DemoGenerator.Generate()));
    }

    [Fact]
    public void Rows_are_for_in_use_parcels_and_storable()
    {
        var inUse = Demo.Parcels.Where(p => p.Status == ResourceStatus.InUse).Select(p => p.Code).ToHashSet();
        Assert.NotEmpty(Rows);
        Assert.All(Rows, r =>
        {
            Assert.Contains(r.ParcelCode, inUse);
            Assert.Contains(r.Year, DemoPerformance.Years);
            Assert.True(double.IsFinite(r.TaxWan) && r.TaxWan >= 0 && r.RevenueWan >= r.TaxWan && r.OutputWan >= r.RevenueWan && r.Jobs >= 0);
            Assert.InRange(r.Enterprise.Length, 1, 200);
        });
        Assert.Equal(Rows.Count, Rows.Select(r => (r.ParcelCode, r.Year)).Distinct().Count());
    }

    [Fact]
    public void Every_zone_has_graded_parcels_in_its_latest_year_with_some_c_or_d_candidates()
    {
        var year = DemoPerformance.Years[^1];
        foreach (var zone in Demo.Zones.Where(z => z.ParentCode is null).Select(z => z.Code))
        {
            var register = Demo.Parcels.Where(p => p.ZoneCode == zone && p.Status == ResourceStatus.InUse)
                .Select(p => new RegisterParcel(p.Code, zone, p.AreaMu, [.. Rows.Where(r => r.ParcelCode == p.Code)
                    .Select(r => new YearFigures(r.Year, r.TaxWan, r.RevenueWan, r.OutputWan, r.Jobs, r.Enterprise))]));
            var e = MuBenefit.Evaluate(register, year, Shipped);
            Assert.True(e.Results.Count(r => r.Grade is not null) >= 3, $"{zone}: {e.Results.Count(r => r.Grade is not null)} graded of {e.Results.Count}");
            Assert.True(e.Candidates.Any(), $"{zone}: {string.Join(" ", e.Totals.Select(t => t.Grade + "=" + t.Parcels))} of {e.Results.Count}");
        }
        var all = Demo.Parcels.Where(p => p.Status == ResourceStatus.InUse)
            .Select(p => new RegisterParcel(p.Code, p.ZoneCode, p.AreaMu, [.. Rows.Where(r => r.ParcelCode == p.Code)
                .Select(r => new YearFigures(r.Year, r.TaxWan, r.RevenueWan, r.OutputWan, r.Jobs, r.Enterprise))]));
        var grades = MuBenefit.Evaluate(all, year, Shipped).Totals.ToDictionary(t => t.Grade, t => t.Parcels);
        Assert.All(MuBenefitGrade.All, g => Assert.True(grades[g] > 0, g));
    }
}
