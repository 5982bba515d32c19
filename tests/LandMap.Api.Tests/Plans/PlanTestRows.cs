using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.History;
using Npgsql;

namespace LandMap.Api.Tests.Plans;

/// <summary>
/// Rows the plan and meeting tests make for themselves in zone PLN (102°E 32°N): parcels and factories to plan for, and
/// requests as the editor. <see cref="DropAsync"/> removes the plans, meetings and resources a test made.
/// </summary>
internal sealed class PlanTestRows(LandMapFixture fx)
{
    public const string Zone = "PLN";

    public static DateOnly Today => ChinaDay.Today(DateTimeOffset.UtcNow);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private readonly List<string> _codes = [];
    private readonly List<long> _meetings = [];

    public async Task<(HttpStatusCode Status, JsonElement Body, string? ETag)> SendAsync(HttpMethod method, string url, object? body = null,
        string? ifMatch = null, HttpClient? client = null)
    {
        using var req = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is not null) req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var res = await (client ?? fx.Client).SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), res.Headers.ETag?.Tag);
    }

    public async Task<string> ParcelAsync(double offsetDeg = 0, string idleReason = "企业资金不足")
    {
        await ZoneAsync();
        var code = "PLN-" + Guid.NewGuid().ToString("N")[..10];
        _codes.Add(code);
        await ExecAsync("""
            INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status, idle_reason)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(102.0 + $3, 32.0, 102.0005 + $3, 32.0005, 4490)), 12.5, 102, '100101', '100101', 'state', 'idle', $4)
            """, code, Zone, offsetDeg, idleReason);
        return code;
    }

    public async Task<string> FactoryAsync(double vacantM2)
    {
        await ZoneAsync();
        var code = "PLN-F" + Guid.NewGuid().ToString("N")[..10];
        _codes.Add(code);
        await ExecAsync("""
            INSERT INTO factories (code, zone_code, geom, footprint_m2, total_floor_m2, vacant_floor_m2, floors, status)
            VALUES ($1, $2, ST_Multi(ST_MakeEnvelope(102.001, 32.0, 102.0015, 32.0005, 4490)), 2500, 5000, $3, 2, 'idle')
            """, code, Zone, vacantM2);
        return code;
    }

    /// <summary>A plan for <paramref name="code"/>; 201 asserted, the plan and its ETag returned.</summary>
    public async Task<(JsonElement Plan, string ETag)> PlanAsync(string code, string kind = "parcel", string unit = "招商中心", object[]? milestones = null,
        string method = "招商盘活")
    {
        var (status, body, etag) = await SendAsync(HttpMethod.Post, "/api/plans",
            new { resourceKind = kind, resourceCode = code, disposalMethod = method, responsibleUnit = unit, officer = "王科长", milestones = milestones ?? [] });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        return (body, etag!);
    }

    public async Task<long> MeetingAsync(DateOnly heldOn, string title = "调度会")
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/meetings", new { heldOn = Day(heldOn), title, zoneCode = Zone });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        var id = body.GetProperty("id").GetInt64();
        _meetings.Add(id);
        return id;
    }

    public async Task DropAsync()
    {
        object codes = _codes.ToArray(), meetings = _meetings.ToArray();
        await ExecAsync("DELETE FROM plan_progress WHERE meeting_id = ANY($1)", meetings);
        await ExecAsync("DELETE FROM meetings WHERE id = ANY($1)", meetings);
        await ExecAsync("DELETE FROM plans WHERE resource_code = ANY($1)", codes);
        await ExecAsync("DELETE FROM changes WHERE kind <> 'project' AND code = ANY($1)", codes);
        await ExecAsync("DELETE FROM parcels WHERE code = ANY($1)", codes);
        await ExecAsync("DELETE FROM factories WHERE code = ANY($1)", codes);
    }

    private Task ZoneAsync() => ExecAsync("""
        INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
        VALUES ($1, '一地一策测试区', 'Plans test zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope(101.99, 31.99, 102.01, 32.01, 4490)), 1000)
        ON CONFLICT (code) DO NOTHING
        """, Zone);

    public async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(fx.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return await cmd.ExecuteScalarAsync();
    }

    public async Task ExecAsync(string sql, params object[] values) => await ScalarAsync(sql, values);
}
