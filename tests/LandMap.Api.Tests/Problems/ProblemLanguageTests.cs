using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LandMap.Api.Problems;

namespace LandMap.Api.Tests.Problems;

/// <summary>
/// Problems follow Accept-Language: the Chinese page hears Chinese titles, details and reasons; English (or no header)
/// keeps the English texts; the code, the field names and the type are the same in every language.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed partial class ProblemLanguageTests(LandMapFixture fx)
{
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    private async Task<(HttpResponseMessage Response, JsonElement Problem)> GetAsync(string url, string? acceptLanguage, HttpClient? client = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null) req.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var res = await (client ?? fx.Anonymous).SendAsync(req);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        return (res, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task A_field_problem_is_said_in_Chinese_for_zh_CN_with_the_same_code_and_field()
    {
        const string url = "/collections/parcels/items?minMu=50&maxMu=10";
        var (enRes, en) = await GetAsync(url, "en");
        var (zhRes, zh) = await GetAsync(url, "zh-CN,zh;q=0.9");

        Assert.Equal(HttpStatusCode.BadRequest, enRes.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zhRes.StatusCode);
        Assert.Equal("invalid-parameter", en.GetProperty("code").GetString());
        Assert.Equal(en.GetProperty("code").GetString(), zh.GetProperty("code").GetString());
        Assert.Equal(en.GetProperty("type").GetString(), zh.GetProperty("type").GetString());
        Assert.Equal("Invalid request", en.GetProperty("title").GetString());
        Assert.Equal("请求有误", zh.GetProperty("title").GetString());
        Assert.Equal("minMu: minMu (50) is greater than maxMu (10)", en.GetProperty("detail").GetString());
        Assert.Equal("minMu：最小面积（50 亩）大于最大面积（10 亩）", zh.GetProperty("detail").GetString());
        var error = zh.GetProperty("errors")[0];
        Assert.Equal("minMu", error.GetProperty("field").GetString());
        Assert.Equal("invalid-parameter", error.GetProperty("code").GetString());
        Assert.Equal("最小面积（50 亩）大于最大面积（10 亩）", error.GetProperty("reason").GetString());
        Assert.Contains("Accept-Language", zhRes.Headers.Vary);
    }

    [Fact]
    public async Task Without_Accept_Language_problems_stay_English()
    {
        var (_, p) = await GetAsync("/collections/parcels/items/NO-SUCH-PARCEL", null);
        Assert.Equal("feature-not-found", p.GetProperty("code").GetString());
        Assert.Equal("Not found", p.GetProperty("title").GetString());
        Assert.DoesNotMatch(Han(), p.GetRawText());
    }

    [Fact]
    public async Task A_not_found_detail_keeps_its_values_inside_the_Chinese_sentence()
    {
        var (res, p) = await GetAsync("/collections/parcels/items/NO-SUCH-PARCEL", "zh-CN");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("feature-not-found", p.GetProperty("code").GetString());
        Assert.Equal("未找到", p.GetProperty("title").GetString());
        Assert.Equal("图层“地块”中没有“NO-SUCH-PARCEL”", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_frameworks_own_404_is_Chinese_too()
    {
        var (res, p) = await GetAsync("/api/no-such-endpoint", "zh", fx.Client);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("not-found", p.GetProperty("code").GetString());
        Assert.Equal("未找到", p.GetProperty("title").GetString());
        Assert.Equal("没有这个地址", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_sign_in_challenge_is_Chinese_too()
    {
        var (res, p) = await GetAsync("/api/projects", "zh-CN"); // staff only: the public is asked to sign in
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal("unauthorized", p.GetProperty("code").GetString());
        Assert.Equal("需要登录", p.GetProperty("title").GetString());
        Assert.Matches(Han(), p.GetProperty("detail").GetString()!);
    }

    [Theory]
    [InlineData("fr-FR, zh-CN;q=0.8, en;q=0.5", true)]  // the first language we have wins, by quality
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", false)]   // headless Chromium's own header
    [InlineData("zh-Hans-CN", true)]
    [InlineData("zh-TW", true)]                         // one Chinese table for every Chinese tag
    [InlineData("fr", false)]                           // a language we do not have: English
    public async Task The_language_is_negotiated_from_the_header(string header, bool chinese)
    {
        var (_, p) = await GetAsync("/collections/parcels/items?limit=0", header);
        Assert.Equal("invalid-parameter", p.GetProperty("code").GetString());
        Assert.Equal(chinese, Han().IsMatch(p.GetProperty("detail").GetString()!));
        Assert.Equal(chinese, Han().IsMatch(p.GetProperty("title").GetString()!));
    }

    [Fact]
    public async Task A_reason_without_words_of_its_own_says_what_its_code_means_never_English()
    {
        // "tile x/y does not exist at zoom z" has no Chinese text: the code's meaning stands in, so no English is mixed in.
        var (_, p) = await GetAsync("/collections/parcels/tiles/WebMercatorQuad/2/9/9", "zh-CN");
        var detail = p.GetProperty("detail").GetString()!;
        Assert.Matches(Han(), detail);
        Assert.DoesNotContain("does not exist", detail);
    }

    [Fact]
    public void Every_problem_code_has_a_Chinese_meaning()
    {
        var codes = typeof(LandMap.Api.Problems.Problems).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.True(codes.Count > 40);
        Assert.All(codes, c => Assert.True(ProblemTexts.Table.ContainsKey(c), $"no Chinese for code {c}"));
    }

    [Fact]
    public void Every_Chinese_text_says_each_value_its_English_names_and_no_other()
    {
        foreach (var (english, chinese) in ProblemTexts.Table)
        {
            var holes = Regex.Matches(english, @"\{(\d)\}").Select(m => m.Value).ToHashSet();
            var used = Regex.Matches(chinese, @"\{(\d)\}").Select(m => m.Value).ToHashSet();
            Assert.True(used.IsSubsetOf(holes), $"'{chinese}' uses a value '{english}' does not have");
            Assert.Matches(Han(), chinese);
        }
    }

    [Theory]
    [InlineData("No parcel 'QD-01'", "没有地块“QD-01”")]
    [InlineData("parcel QD-01 is allocated, not idle or negotiating", "地块 QD-01 的状态为已供地，不是闲置或洽谈中")]
    [InlineData("'abc' is not a number", "“abc”不是数字")]
    [InlineData("central meridian 121 is not a CGCS2000 Gauss–Krüger zone in China", "中央经线 121 不是中国境内的 CGCS2000 高斯-克吕格投影带")]
    [InlineData("'台账.xls' is not a ledger format LandMap reads: use .zip, .csv.", "“台账.xls”不是系统能读取的台账格式：请使用 .zip, .csv。")]
    [InlineData("at most 5 zone codes, no nulls", "最多 5 个开发区编号，不能为空")]
    [InlineData("unknown status '作废'; one of idle (闲置), negotiating (洽谈中)", "未知的状态“作废”；可选：闲置、洽谈中、已预留、已供地、已使用")]
    [InlineData("something nobody wrote down", null)]
    public void Templates_translate_the_values_they_know(string english, string? chinese) =>
        Assert.Equal(chinese, ProblemTexts.Translate(english));
}
