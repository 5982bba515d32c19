using LandMap.Core.Crs;
using LandMap.Core.Units;
using LandMap.Seeds;
using NetTopologySuite.Index.Strtree;

namespace LandMap.Core.Tests.Seeds;

public sealed class DemoGeneratorTests
{
    private static readonly SeedSet Demo = DemoGenerator.Generate();

    [Fact]
    public void Same_seed_gives_the_same_dataset()
    {
        var again = DemoGenerator.Generate();
        Assert.Equal(Demo.Parcels.Count, again.Parcels.Count);
        for (var i = 0; i < Demo.Parcels.Count; i++)
        {
            Assert.Equal(Demo.Parcels[i] with { Geom = null!, IndustryChains = null! }, again.Parcels[i] with { Geom = null!, IndustryChains = null! });
            Assert.Equal(Demo.Parcels[i].IndustryChains, again.Parcels[i].IndustryChains);
            Assert.True(Demo.Parcels[i].Geom.EqualsExact(again.Parcels[i].Geom));
        }
        Assert.NotEqual(Demo.Parcels[0].AreaMu, DemoGenerator.Generate(seed: 7).Parcels[0].AreaMu);
        Assert.Equal(Demo.History, again.History);
        Assert.Equal(Demo.Reservations, again.Reservations);
        Assert.Equal(Demo.Projects!.Select(p => (p.Project.Name, p.Project.Stage, p.CreatedAt)), again.Projects!.Select(p => (p.Project.Name, p.Project.Stage, p.CreatedAt)));
    }

    [Fact]
    public void History_runs_from_the_2021_survey_to_each_record_as_generated()
    {
        foreach (var f in Demo.Factories)
        {
            var steps = Demo.History.Where(h => h.ResourceKind == "factory" && h.ResourceCode == f.Code).ToList();
            Assert.Null(steps[0].FromStatus);
            Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.ChangedAt < p.Second.ChangedAt && p.First.VacantAfterM2 == p.Second.VacantBeforeM2
                                                          && p.First.ToStatus == p.Second.FromStatus), f.Code);
            Assert.Equal((f.Status, f.VacantFloorM2), (steps[^1].ToStatus, steps[^1].VacantAfterM2!.Value));
        }
        Assert.All(Demo.History, h => Assert.InRange(h.ChangedAt, DemoHistory.Survey, DemoHistory.End));
    }

    [Fact]
    public void Five_zones_each_with_60_to_120_parcels_and_20_to_40_factories()
    {
        var top = Demo.Zones.Where(z => z.ParentCode is null).Select(z => z.Code).ToList();
        Assert.Equal(["QDDZ", "LXEDZ", "JMLP", "LCRJ", "CQEDZ"], top);
        foreach (var zone in top)
        {
            Assert.InRange(Demo.Parcels.Count(p => p.ZoneCode == zone), 60, 120);
            Assert.InRange(Demo.Factories.Count(f => f.ZoneCode == zone), 20, 40);
        }
    }

    [Fact]
    public void Parcel_areas_are_computed_from_geometry_and_lie_between_half_a_mu_and_300()
    {
        Assert.All(Demo.Parcels, p =>
        {
            Assert.InRange(p.AreaMu, 0.5, 300);
            Assert.Equal(Area.MuFromM2(GaussKruger.AreaM2(p.Geom)), p.AreaMu, tolerance: 0.0001);
            Assert.True(p.Geom.IsValid);
        });
        Assert.Contains(Demo.Parcels, p => p.AreaMu < 5);
        Assert.Contains(Demo.Parcels, p => p.AreaMu > 100);
    }

    [Fact]
    public void No_two_parcels_or_factories_overlap()
    {
        var all = Demo.Parcels.Select(p => (p.Code, Geom: (NetTopologySuite.Geometries.Geometry)p.Geom))
            .Concat(Demo.Factories.Select(f => (f.Code, Geom: (NetTopologySuite.Geometries.Geometry)f.Geom))).ToList();
        var index = new STRtree<(string Code, NetTopologySuite.Geometries.Geometry Geom)>();
        foreach (var item in all) index.Insert(item.Geom.EnvelopeInternal, item);
        foreach (var a in all)
            foreach (var b in index.Query(a.Geom.EnvelopeInternal).Where(b => string.CompareOrdinal(a.Code, b.Code) < 0))
                Assert.False(a.Geom.Intersects(b.Geom), $"{a.Code} overlaps {b.Code}");
    }

    [Fact]
    public void Some_ledger_areas_disagree_with_the_geometry_and_legacy_zones_keep_GB50137_codes()
    {
        var mismatched = Demo.Parcels.Count(p => p.LedgerAreaMu is { } l && Area.RelativeDifference(p.AreaMu, l) > 0.05);
        Assert.InRange(mismatched, 10, Demo.Parcels.Count / 4);
        Assert.Contains(Demo.Parcels, p => p.ZoneCode == "LXEDZ" && p.LandUseOriginal == "M1" && p.LandUse == "100101");
        Assert.DoesNotContain(Demo.Parcels, p => p.ZoneCode == "QDDZ" && p.LandUseOriginal.StartsWith('M'));
    }

    [Fact]
    public void Zones_sit_at_their_real_locations()
    {
        var centres = Demo.Zones.Where(z => z.ParentCode is null).ToDictionary(z => z.Code, z => z.Geom.Centroid);
        Assert.InRange(centres["CQEDZ"].X, 116.6, 117.0);  // Jinan Changqing, CM 117° zone
        Assert.InRange(centres["LXEDZ"].Y, 36.7, 37.0);    // Laixi, north of Qingdao
        Assert.InRange(centres["QDDZ"].X, 119.9, 120.3);   // Huangdao / West Coast
    }
}
