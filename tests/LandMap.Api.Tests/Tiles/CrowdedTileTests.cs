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

        var drawn = ParcelTileBuilder.Crowded(sizes, k => codes[k], max);

        var expected = Enumerable.Range(0, count).OrderByDescending(k => sizes[k]).ThenBy(k => codes[k], StringComparer.Ordinal).Take(max).ToHashSet();
        Assert.NotNull(drawn);
        Assert.Equal(expected.Order(), Enumerable.Range(0, count).Where(k => drawn[k]).Order());
    }

    [Fact]
    public void A_tile_at_or_under_the_cap_draws_every_outline()
    {
        Assert.Null(ParcelTileBuilder.Crowded([1, 2, 3], k => $"{k}", 3));
        Assert.Null(ParcelTileBuilder.Crowded([], k => $"{k}", 1));
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
