using Npgsql;

namespace LandMap.Api.Tests.Plans;

/// <summary>Migration 009's CHECKs and unique index: written straight to the database, past the API, nothing unreadable is stored.</summary>
[Collection(LandMapCollection.Name)]
public sealed class PlanTablesTests(LandMapFixture fx)
{
    private readonly PlanTestRows _rows = new(fx);

    private const string Insert = """
        INSERT INTO plans (resource_kind, resource_code, zone_code, disposal_method, responsible_unit, status, created_by, updated_by)
        VALUES ($1, $2, 'PLN', $3, $4, $5, 'test', 'test') RETURNING id
        """;

    [Theory]
    [InlineData("zone", "拍卖", "单位", "open")]              // kind not in the list
    [InlineData("parcel", "拍卖", "单位", "open")]            // method not in the list
    [InlineData("parcel", "其他", "   ", "open")]             // blank unit
    [InlineData("parcel", "其他", "单位", "closed")]          // status not in the list
    [InlineData("parcel", "其他", "单位", "done")]            // done without an outcome
    public async Task The_plans_table_refuses_what_the_api_would(string kind, string method, string unit, string status)
    {
        try
        {
            var code = await _rows.ParcelAsync();
            var e = await Assert.ThrowsAsync<PostgresException>(() => _rows.ScalarAsync(Insert, kind, code, method, unit, status));
            Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Theory]
    [InlineData("1999-12-31")]
    [InlineData("2101-01-01")]
    public async Task Milestone_days_outside_2000_to_2100_are_refused(string day)
    {
        try
        {
            var code = await _rows.ParcelAsync();
            var id = (long)(await _rows.ScalarAsync(Insert, "parcel", code, "其他", "单位", "open"))!;
            var e = await Assert.ThrowsAsync<PostgresException>(() =>
                _rows.ScalarAsync("INSERT INTO plan_milestones (plan_id, title, due_on) VALUES ($1, 't', $2)", id, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
            // done_on and done_by go together.
            e = await Assert.ThrowsAsync<PostgresException>(() =>
                _rows.ScalarAsync("INSERT INTO plan_milestones (plan_id, title, due_on, done_on) VALUES ($1, 't', DATE '2026-01-01', DATE '2026-01-02')", id));
            Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
        }
        finally
        {
            await _rows.DropAsync();
        }
    }

    [Fact]
    public async Task One_open_plan_per_resource_even_when_creates_race()
    {
        try
        {
            var code = await _rows.ParcelAsync();
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _rows.SendAsync(HttpMethod.Post, "/api/plans",
                new { resourceKind = "parcel", resourceCode = code, disposalMethod = "其他", responsibleUnit = "并发单位" })));
            Assert.Single(answers, a => a.Status == System.Net.HttpStatusCode.Created);
            Assert.All(answers.Where(a => a.Status != System.Net.HttpStatusCode.Created), a =>
                Assert.Equal((System.Net.HttpStatusCode.Conflict, "plan-exists"), (a.Status, a.Body.GetProperty("code").GetString())));
            Assert.Equal(1L, await _rows.ScalarAsync("SELECT count(*) FROM plans WHERE resource_code = $1", code));
        }
        finally
        {
            await _rows.DropAsync();
        }
    }
}
