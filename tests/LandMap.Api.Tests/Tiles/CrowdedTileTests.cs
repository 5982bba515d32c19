using LandMap.Api.Tiles;

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

        var drawn = ParcelTileBuilder.Crowded(sizes, sizes, k => codes[k], max, double.PositiveInfinity);

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

        var drawn = ParcelTileBuilder.Crowded(sizes, covers, k => codes[k], max, limit);

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
        Assert.Null(ParcelTileBuilder.Crowded([1, 2, 3], [1, 2, 3], k => $"{k}", 3, double.PositiveInfinity));
        Assert.Null(ParcelTileBuilder.Crowded([], [], k => $"{k}", 1, double.PositiveInfinity));
        Assert.Null(ParcelTileBuilder.Crowded([1, 2, 3], [3, 2, 1], k => $"{k}", 3, 6));
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
}
