using LandMap.Api.Problems;

namespace LandMap.Api.Tests.Problems;

/// <summary>A CHECK the database enforces is reported under the field the client sent, never under the constraint's name.</summary>
public sealed class ExceptionProblemsTests
{
    [Theory]
    [InlineData("parcels_halted_on_check", "parcels", "halted_on")]
    [InlineData("parcels_land_price_wan_check", "parcels", "land_price_wan")]
    [InlineData("plans_disposal_method_check", "plans", "disposal_method")]
    [InlineData("plans_disposal_method_check1", "plans", "disposal_method")]
    [InlineData("plans_check", "plans", null)]               // an unnamed table CHECK: no column in its name
    [InlineData("parcels_halted_on_check", "factories", null)] // another table's constraint
    [InlineData("parcels_halted_on_checked", "parcels", null)]
    [InlineData(null, "parcels", null)]
    public void A_constraint_named_table_column_check_names_its_column(string? constraint, string table, string? column) =>
        Assert.Equal(column, ExceptionProblems.ColumnOf(constraint, table));
}
