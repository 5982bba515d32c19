using LandMap.Api.Tiles;
using LandMap.Core.Resources;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace LandMap.Api.Tests.Tiles;

/// <summary>
/// Which outlines of a crowded tile are drawn (Tiles/ParcelTileBuilder.Crowded, the C# side of TilesQueries.Tile's cap):
/// the largest, ties by code in ordinal order, against a full sort on random sizes with many ties.
/// </summary>
public sealed class CrowdedTileTests
{
    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(2, 7, 1)]
    [InlineData(3, 50, 49)]
    [InlineData(4, 300, 1)]
    [InlineData(5, 300, 120)]
    [InlineData(6, 1000, 999)]
    public void The_largest_are_drawn_and_ties_go_by_code(int seed, int count, int max)
    {
        var random = new Random(seed);
        // Few distinct sizes, so that the cut falls inside a run of equal ones; codes unique, in shuffled order.
        var sizes = Enumerable.Range(0, count).Select(_ => random.Next(1, 6) * 0.25).ToArray();
        var codes = Enumerable.Range(0, count).Select(k => $"P-{k:D5}").OrderBy(_ => random.Next()).ToArray();

        var drawn = ParcelTileBuilder.Crowded(ParcelOutlines.Rank(sizes, codes), k => sizes[k], max, double.PositiveInfinity);

        var expected = Enumerable.Range(0, count).OrderByDescending(k => sizes[k]).ThenBy(k => codes[k], StringComparer.Ordinal).Take(max).ToHashSet();
        Assert.NotNull(drawn);
        Assert.Equal(expected.Order(), Enumerable.Range(0, count).Where(k => drawn[k]).Order());
    }

    [Theory]
    [InlineData(7, 40, 100, 0.1)]
    [InlineData(8, 300, 120, 0.3)]
    [InlineData(9, 300, 1000, 0.5)]
    [InlineData(10, 1000, 50, 0.9)]
    public void The_largest_are_drawn_while_the_parts_of_their_boxes_in_the_tile_stay_within_the_cover(int seed, int count, int max, double share)
    {
        var random = new Random(seed);
        var sizes = Enumerable.Range(0, count).Select(_ => random.Next(1, 9) * 0.125).ToArray();
        var covers = sizes.Select(s => s * random.Next(1, 5) * 0.25).ToArray(); // the part of each box in the tile
        var codes = Enumerable.Range(0, count).Select(k => $"P-{k:D5}").OrderBy(_ => random.Next()).ToArray();
        var limit = share * covers.Sum();

        var drawn = ParcelTileBuilder.Crowded(ParcelOutlines.Rank(sizes, codes), k => covers[k], max, limit);

        // The reference: every outline in rank order, drawn while fewer than max are and the running sum stays within the limit.
        var (expected, covered) = (new List<int>(), 0.0);
        foreach (var k in Enumerable.Range(0, count).OrderByDescending(k => sizes[k]).ThenBy(k => codes[k], StringComparer.Ordinal))
        {
            covered += covers[k];
            if (expected.Count == max || covered > limit) break;
            expected.Add(k);
        }
        Assert.NotNull(drawn);
        Assert.Equal(expected.Order(), Enumerable.Range(0, count).Where(k => drawn[k]).Order());
        Assert.InRange(expected.Count, 1, count - 1);
    }

    [Fact]
    public void A_tile_at_or_under_the_cap_draws_every_outline()
    {
        Assert.Null(ParcelTileBuilder.Crowded([2, 1, 0], k => k + 1.0, 3, double.PositiveInfinity));
        Assert.Null(ParcelTileBuilder.Crowded([], k => 1, 1, double.PositiveInfinity));
        Assert.Null(ParcelTileBuilder.Crowded([2, 1, 0], k => 3.0 - k, 3, 6));
        // One more, or a cover past the limit: not every outline.
        Assert.NotNull(ParcelTileBuilder.Crowded([3, 2, 1, 0], k => 1, 3, double.PositiveInfinity));
        Assert.NotNull(ParcelTileBuilder.Crowded([2, 1, 0], k => 3.0 - k, 3, 5.9));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 50)]
    [InlineData(3, 2000)]
    public void Ranks_follow_size_from_the_largest_then_code_in_ordinal_order(int seed, int count)
    {
        var random = new Random(seed);
        var sizes = Enumerable.Range(0, count).Select(_ => random.Next(1, 6) * 0.25).ToArray();
        // Codes whose ordinal order differs from a culture's (case, digits after letters).
        var codes = Enumerable.Range(0, count).Select(k => $"{(k % 3 == 0 ? "p" : "P")}-{k:D5}").OrderBy(_ => random.Next()).ToArray();

        var ranks = ParcelOutlines.Rank(sizes, codes);

        var expected = Enumerable.Range(0, count).OrderByDescending(k => sizes[k]).ThenBy(k => codes[k], StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, Enumerable.Range(0, count).OrderBy(k => ranks[k]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Selection_gives_the_value_at_each_rank_of_the_descending_order(int seed)
    {
        var random = new Random(seed);
        foreach (var length in new[] { 1, 2, 3, 10, 257 })
        {
            var values = Enumerable.Range(0, length).Select(_ => (double)random.Next(0, 4)).ToArray();
            var sorted = values.OrderDescending().ToArray();
            for (var rank = 0; rank < length; rank++)
                Assert.Equal(sorted[rank], ParcelTileBuilder.Select((double[])values.Clone(), rank));
        }
    }

    [Fact]
    public void Parcels_whose_boxes_hold_the_whole_tile_count_nothing_toward_its_cover()
    {
        // A z16 tile inside the boxes of six large parcels (irregular parcels' boxes overlap though the parcels do not), with
        // ten ordinary parcels in it: every outline is drawn. Had each of the six counted once toward the cover (four times
        // the tile by default), the fifth would have crossed it and the ten would have been pooled, their codes gone.
        const int z = 16;
        var (x, y) = TilesApiTests.TileOf(120.9, 36.3, z);
        var n = 1 << z;
        const double margin = 64.0 / 4096;
        double Lon(double tx) => tx / n * 360 - 180;
        double Lat(double ty) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * ty / n))) * 180 / Math.PI;
        var bounds = new TileBounds(Lon(x - margin), Lat(y + 1 + margin), Lon(x + 1 + margin), Lat(y - margin));
        var large = Enumerable.Range(1, 6).Select(k => ($"L-{k}", ResourceStatus.Idle,
            bounds.West - 0.001 * k, bounds.South - 0.001 * k, bounds.East + 0.001 * k, bounds.North + 0.001 * k));
        var ordinary = Enumerable.Range(0, 10).Select(k => ($"S-{k}", ResourceStatus.Allocated,
            Lon(x + 0.05 + 0.09 * k), Lat(y + 0.6), Lon(x + 0.05 + 0.09 * k) + 0.0004, Lat(y + 0.6) + 0.0003));
        var o = ParcelOutlines.OfRectangles([.. large, .. ordinary], 1);

        var tile = ParcelTileBuilder.Build(o, z, x, y, bounds, new ParcelTileFilter(ResourceStatus.All, [], [], null, null), OutlineCap.Default, fromPyramid: false).ToArray();

        var features = new MapboxTileReader().Read(new MemoryStream(tile), new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z)).Layers.SelectMany(l => l.Features).ToList();
        Assert.DoesNotContain(features, f => f.Attributes.Exists("count"));
        Assert.Equal([.. large.Select(p => p.Item1), .. ordinary.Select(p => p.Item1)],
            features.Select(f => (string)f.Attributes["code"]).Order(StringComparer.Ordinal));
    }
}
