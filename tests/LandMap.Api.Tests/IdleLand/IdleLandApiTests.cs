using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.History;
using LandMap.Core.Editing;
using LandMap.Core.Revitalisation;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.IdleLand;

/// <summary>
/// Idle land by the rules on real PostGIS: supplied-land facts edited through the editing API (If-Match, history, staff
/// only), the warning list, and findings with their fee, recovery date and disposal methods. Rows of their own in zone HIL.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class IdleLandApiTests(LandMapFixture fx)
{
    private const string Zone = "HIL";
    private static readonly DateOnly Today = ChinaDay.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A fresh idle parcel in HIL (a 0.002° square at a position of its own) and its version.</summary>
    private async Task<(string Code, int Version)> ParcelAsync(int slot)
    {
        await HistoryRows.EnsureZoneAsync(fx.ConnectionString, Zone, 126.2, 45.3);
        var code = NewCode("HIL");
        await HistoryRows.AtAsync(fx.ConnectionString, DateTimeOffset.UtcNow.AddDays(-1), HistoryRows.InsertParcel,
            code, Zone, 126.2 + 0.003 * (slot % 30), 45.3 + 0.003 * (slot / 30), 3.0, "idle");
        return (code, 1);
    }

    private async Task<HttpResponseMessage> PatchAsync(string code, int version, object properties, HttpClient? client = null) =>
        await (client ?? fx.Client).SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties, note = "供地信息" }, version));

    /// <summary>A supplied parcel with its facts set through PATCH; returns the code.</summary>
    private async Task<string> SuppliedAsync(int slot, DateOnly agreed, DateOnly? started = null, double? price = 1000)
    {
        var (code, version) = await ParcelAsync(slot);
        using var res = await PatchAsync(code, version, new
        {
            supplyType = "出让", agreedStartOn = Iso(agreed), actualStartOn = started is { } s ? Iso(s) : null,
            developedShare = started is null ? (double?)null : 0.5, investedShare = started is null ? (double?)null : 0.5, landPriceWan = price,
        });
        Assert.True(res.StatusCode == HttpStatusCode.OK, await res.Content.ReadAsStringAsync());
        return code;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpResponseMessage res) => (res.StatusCode, await Json(res));

    private async Task<(HttpStatusCode, JsonElement)> PostFindingAsync(string code, object body, HttpClient? client = null)
    {
        using var res = await (client ?? fx.Client).PostAsJsonAsync($"/api/idle-land/{code}/findings", body);
        return await SendAsync(res);
    }

    private static string? Field(JsonElement problem) => problem.GetProperty("errors")[0].GetProperty("field").GetString();

    [Fact]
    public async Task Supplied_facts_are_patched_with_history_and_never_shown_to_the_public()
    {
        var code = await SuppliedAsync(0, new DateOnly(2024, 3, 1), price: 800);
        var props = (await fx.GetJsonAsync($"/collections/parcels/items/{code}")).GetProperty("properties");
        Assert.Equal(("出让", "2024-03-01", 800.0, 2), (props.GetProperty("supplyType").GetString(), props.GetProperty("agreedStartOn").GetString(),
            props.GetProperty("landPriceWan").GetDouble(), props.GetProperty("version").GetInt32()));

        var last = (await HistoryAsync(fx, code)).EnumerateArray().Last();
        Assert.Equal(("2024-03-01", "供地信息"), (last.GetProperty("fields").GetProperty("agreedStartOn").GetProperty("new").GetString(), last.GetProperty("note").GetString()));

        using var pub = await fx.Anonymous.GetAsync($"/collections/parcels/items/{code}");
        var pubProps = (await Json(pub)).GetProperty("properties");
        foreach (var f in EditableFields.SuppliedLand) Assert.False(pubProps.TryGetProperty(f.Key, out _), f.Key);
        using var pubIdle = await fx.Anonymous.GetAsync($"/api/idle-land/{code}");
        Assert.Equal(HttpStatusCode.Unauthorized, pubIdle.StatusCode);
        using var pubWarn = await fx.Anonymous.GetAsync("/api/idle-land/warnings");
        Assert.Equal(HttpStatusCode.Unauthorized, pubWarn.StatusCode);
    }

    [Theory]
    [InlineData("supplyType", "\"租赁\"", "properties.supplyType")]
    [InlineData("developedShare", "1.5", "properties.developedShare")]
    [InlineData("investedShare", "-0.1", "properties.investedShare")]
    [InlineData("agreedStartOn", "\"2024-02-30\"", "properties.agreedStartOn")]
    [InlineData("haltedOn", "\"2024-05-01\"", "properties.haltedOn")] // halted but never started: the database CHECK parcels_halted_on_check, named by its field
    public async Task Bad_supplied_facts_are_refused_naming_the_field(string key, string json, string field)
    {
        var (code, version) = await ParcelAsync(1);
        using var res = await fx.Client.SendAsync(RawRequest(HttpMethod.Patch, $"/collections/parcels/items/{code}", "{\"properties\":{\"" + key + "\":" + json + "}}", version));
        var (status, body) = await SendAsync(res);
        Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{(int)status} {body}");
        Assert.Equal(field, Field(body));
        Assert.Equal((1, "idle"), ((await RowAsync(fx, code)).Version, (await RowAsync(fx, code)).Status));
    }

    [Fact]
    public async Task The_warning_list_shows_parcels_nearing_one_year_without_a_start_soonest_first()
    {
        var soon = await SuppliedAsync(2, Today.AddYears(-1).AddDays(30));
        var later = await SuppliedAsync(3, Today.AddYears(-1).AddDays(80));
        var far = await SuppliedAsync(4, Today.AddYears(-1).AddDays(200));
        var started = await SuppliedAsync(5, Today.AddYears(-1).AddDays(20), started: Today.AddDays(-5));
        var overdue = await SuppliedAsync(6, Today.AddYears(-1).AddDays(-3));

        var list = await fx.GetJsonAsync($"/api/idle-land/warnings?zone={Zone}");
        Assert.Equal(90, list.GetProperty("days").GetInt32());
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var mine = items.Select(i => i.GetProperty("code").GetString()).Where(c => c == soon || c == later || c == far || c == started || c == overdue).ToList();
        Assert.Equal([soon, later], mine);
        var first = items.Single(i => i.GetProperty("code").GetString() == soon);
        Assert.Equal((Today.AddYears(-1).AddDays(30).AddYears(1).DayNumber - Today.DayNumber, IdleLandRuleSet.NoStart),
            (first.GetProperty("daysLeft").GetInt32(), first.GetProperty("rule").GetProperty("ruleId").GetString()));
        Assert.True(items.Select(i => i.GetProperty("daysLeft").GetInt32()).SequenceEqual(items.Select(i => i.GetProperty("daysLeft").GetInt32()).Order()));

        var wide = await fx.GetJsonAsync($"/api/idle-land/warnings?zone={Zone}&days=250");
        Assert.Contains(far, wide.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));

        // The overdue one is suspected instead, citing art. 2 ¶1.
        var doc = await fx.GetJsonAsync($"/api/idle-land/{overdue}");
        Assert.Equal((IdleStatus.Suspected, IdleLandRuleSet.NoStart), (doc.GetProperty("assessment").GetProperty("status").GetString(),
            doc.GetProperty("assessment").GetProperty("grounds")[0].GetProperty("rule").GetProperty("ruleId").GetString()));
    }

    [Theory]
    [InlineData("days=0", "days")]
    [InlineData("days=abc", "days")]
    [InlineData("days=3651", "days")]
    [InlineData("zone=NOPE", "zone")]
    [InlineData("colour=red", "colour")]
    public async Task Bad_warning_parameters_are_400_naming_them(string query, string field)
    {
        using var res = await fx.Client.GetAsync($"/api/idle-land/warnings?{query}");
        var (status, body) = await SendAsync(res);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, Field(body));
    }

    [Fact]
    public async Task An_enterprise_finding_shows_the_fee_and_the_recovery_date()
    {
        var agreed = Today.AddYears(-1).AddDays(-10);
        var code = await SuppliedAsync(7, agreed, price: 1234.5);
        using (var staff = fx.ClientFor("staff"))
            Assert.Equal(HttpStatusCode.Forbidden, (await PostFindingAsync(code, new { foundOn = Iso(Today), cause = "enterprise" }, staff)).Item1);

        var (status, doc) = await PostFindingAsync(code, new { foundOn = Iso(Today), cause = "enterprise", findingNo = "认字〔2026〕1号" });
        Assert.True(status == HttpStatusCode.Created, doc.ToString());
        var a = doc.GetProperty("assessment");
        Assert.Equal(IdleStatus.Found, a.GetProperty("status").GetString());
        var consequences = a.GetProperty("consequences").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!);
        var fee = consequences["fee"];
        Assert.Equal((246.9m, IdleLandRuleSet.Fee, true, true), (fee.GetProperty("amountWan").GetDecimal(), fee.GetProperty("rule").GetProperty("ruleId").GetString(),
            fee.GetProperty("rule").GetProperty("confirmed").GetBoolean(), fee.GetProperty("reached").GetBoolean()));
        var recovery = consequences["recovery"];
        Assert.Equal((Iso(agreed.AddYears(2)), false), (recovery.GetProperty("dueOn").GetString(), recovery.GetProperty("reached").GetBoolean()));
        Assert.Equal(("enterprise", "认字〔2026〕1号"), (doc.GetProperty("findings")[0].GetProperty("cause").GetString(), doc.GetProperty("findings")[0].GetProperty("findingNo").GetString()));
        Assert.Equal(doc.ToString(), (await fx.GetJsonAsync($"/api/idle-land/{code}")).ToString());
    }

    [Fact]
    public async Task A_parcel_not_idle_under_the_rules_yet_cannot_be_found_idle_and_nothing_is_stored()
    {
        var agreed = Today.AddYears(-1).AddDays(17); // one full year is 17 days away: on the warning list, not idle
        var code = await SuppliedAsync(29, agreed);
        foreach (var cause in new object[] { new { foundOn = Iso(Today), cause = "enterprise" }, new { foundOn = Iso(Today), cause = "government", governmentCauseType = "planning-changed" } })
        {
            var (status, problem) = await PostFindingAsync(code, cause);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal(("foundOn", "not-idle-yet"), (Field(problem), problem.GetProperty("errors")[0].GetProperty("code").GetString()));
            Assert.Contains(Iso(agreed.AddYears(1)), problem.GetProperty("errors")[0].GetProperty("reason").GetString());
        }
        var doc = await fx.GetJsonAsync($"/api/idle-land/{code}");
        Assert.Equal(0, doc.GetProperty("findings").GetArrayLength());
        Assert.Equal(IdleStatus.None, doc.GetProperty("assessment").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_government_finding_charges_no_fee_and_lists_the_disposal_methods_to_be_confirmed()
    {
        var code = await SuppliedAsync(8, Today.AddYears(-2).AddDays(-10));
        var (missingType, problem) = await PostFindingAsync(code, new { foundOn = Iso(Today), cause = "government" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "governmentCauseType"), (missingType, Field(problem)));

        var (status, doc) = await PostFindingAsync(code, new { foundOn = Iso(Today), cause = "government", governmentCauseType = "planning-changed" });
        Assert.Equal(HttpStatusCode.Created, status);
        var a = doc.GetProperty("assessment");
        Assert.Equal((IdleLandRuleSet.GovernmentCause, false), (a.GetProperty("exemption").GetProperty("ruleId").GetString(), a.GetProperty("exemption").GetProperty("confirmed").GetBoolean()));
        var kinds = a.GetProperty("consequences").EnumerateArray().Select(c => c.GetProperty("kind").GetString()).Distinct();
        Assert.Equal(["disposal"], kinds);
        var extend = a.GetProperty("consequences").EnumerateArray().Single(c => c.GetProperty("rule").GetProperty("ruleId").GetString() == "dispose-extend");
        Assert.Equal((1, Iso(Today.AddYears(1))), (extend.GetProperty("limitYears").GetInt32(), extend.GetProperty("dueOn").GetString()));
    }

    [Fact]
    public async Task Findings_need_a_known_supplied_parcel_and_valid_fields()
    {
        var (bare, _) = await ParcelAsync(9);
        var (status, body) = await PostFindingAsync(bare, new { foundOn = Iso(Today), cause = "enterprise" });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "supplied-facts-missing", "supplyType"), (status, body.GetProperty("code").GetString(), Field(body)));

        var (missing, notFound) = await PostFindingAsync("HIL-NO-SUCH", new { foundOn = Iso(Today), cause = "enterprise" });
        Assert.Equal((HttpStatusCode.NotFound, "parcel-not-found"), (missing, notFound.GetProperty("code").GetString()));
        using var get = await fx.Client.GetAsync("/api/idle-land/HIL-NO-SUCH");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var code = await SuppliedAsync(10, Today.AddYears(-1));
        foreach (var (b, field) in new (object, string)[]
        {
            (new { cause = "enterprise" }, "foundOn"),
            (new { foundOn = Iso(Today.AddDays(1)), cause = "enterprise" }, "foundOn"),
            (new { foundOn = Iso(Today), cause = "weather" }, "cause"),
            (new { foundOn = Iso(Today), cause = "enterprise", governmentCauseType = "other" }, "governmentCauseType"),
        })
        {
            var (s, p) = await PostFindingAsync(code, b);
            Assert.True(s == HttpStatusCode.UnprocessableEntity && Field(p) == field, $"{b}: {(int)s} {p}");
        }
        using var badJson = await fx.Client.SendAsync(RawRequest(HttpMethod.Post, $"/api/idle-land/{code}/findings", """{"foundOn":"yesterday","cause":"enterprise"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Empty((await fx.GetJsonAsync($"/api/idle-land/{code}")).GetProperty("findings").EnumerateArray());
    }
}
