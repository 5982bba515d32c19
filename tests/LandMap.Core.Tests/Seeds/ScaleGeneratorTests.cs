using LandMap.Seeds;
using NetTopologySuite.Index.Strtree;

namespace LandMap.Core.Tests.Seeds;

/// <summary>The benchmark data: every parcel inside its zone's outline, zones apart, parcels of realistic size and never overlapping.</summary>
public class ScaleGeneratorTests
{
    [Fact]
    public void Parcels_lie_inside_their_zones_which_do_not_touch_and_parcels_never_overlap()
    {
        const int count = 25_000; // three zones, the last one part-filled
        var zones = ScaleGenerator.Zones(count).ToDictionary(z => z.Code);
        Assert.Equal(3, zones.Count);
        var outlines = zones.Values.Select(z => z.Geom).ToList();
        for (var i = 0; i < outlines.Count; i++)
            for (var j = i + 1; j < outlines.Count; j++)
                Assert.False(outlines[i].Intersects(outlines[j]), "zones must not touch");

        var parcels = ScaleGenerator.Parcels(count).ToList();
        Assert.Equal(count, parcels.Count);
        Assert.Equal(count, parcels.Select(p => p.Code).Distinct().Count());
        Assert.All(parcels, p =>
        {
            Assert.True(zones[p.ZoneCode].Geom.Covers(p.Geom), $"{p.Code} outside {p.ZoneCode}");
            Assert.InRange(p.AreaMu, 2.4, 216);
        });
        // No two parcels overlap: an index over the outlines finds only each parcel itself.
        var index = new STRtree<int>();
        for (var i = 0; i < parcels.Count; i++) index.Insert(parcels[i].Geom.EnvelopeInternal, i);
        foreach (var i in Enumerable.Range(0, parcels.Count).Where(i => i % 25 == 0))
            Assert.All(index.Query(parcels[i].Geom.EnvelopeInternal).Where(j => j != i),
                j => Assert.False(parcels[i].Geom.Intersects(parcels[j].Geom), $"{parcels[i].Code} overlaps {parcels[j].Code}"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_parcels()
    {
        Assert.Equal(ScaleGenerator.Parcels(500).Select(p => p.Geom.ToText()), ScaleGenerator.Parcels(500).Select(p => p.Geom.ToText()));
        Assert.Equal(ScaleGenerator.Zones(500).Select(z => z.Geom.ToText()), ScaleGenerator.Zones(500).Select(z => z.Geom.ToText()));
    }
}
