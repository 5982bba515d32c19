using LandMap.Core.Units;

namespace LandMap.Core.Tests.Units;

public sealed class AreaTests
{
    [Theory]
    [InlineData(666.6666666666666, 1)]
    [InlineData(10000, 15)]        // 1 ha = 15 mu
    [InlineData(20000, 30)]
    [InlineData(0, 0)]
    public void Square_metres_convert_to_mu(double m2, double mu) => Assert.Equal(mu, Area.MuFromM2(m2), 9);

    [Fact]
    public void Mu_round_trips_through_square_metres() => Assert.Equal(123.456, Area.MuFromM2(Area.M2FromMu(123.456)), 12);

    [Fact]
    public void One_mu_is_ten_thousand_fifteenths_of_a_square_metre() => Assert.Equal(10000.0 / 15.0, Area.SquareMetresPerMu);

    [Theory]
    [InlineData(100, 105, 0.05)]
    [InlineData(100, 90, 0.10)]
    public void Relative_difference_is_against_the_computed_area(double computed, double ledger, double expected) =>
        Assert.Equal(expected, Area.RelativeDifference(computed, ledger), 9);
}
