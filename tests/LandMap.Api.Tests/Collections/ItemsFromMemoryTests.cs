using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using LandMap.Api.Access;
using LandMap.Api.Collections.Memory;
using LandMap.Core.Access;
using LandMap.Core.Crs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace LandMap.Api.Tests.Collections;

/// <summary>
/// Items pages of a map view answered from the parcels held in memory (Collections/Memory) against the pages PostGIS builds
/// (the same app over the same database with Items:InMemory=false): byte for byte the same body (timeStamp aside) and
/// headers, over many random boxes of about 2 and 10 km, limits, offsets, properties=, filters, public and staff; and
/// right after each kind of write. The parcels are this class's own: a grid whose squares share edges and corners (equal
/// distances, ordered by id), with holes, two-part outlines, all statuses and both land-use forms.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class ItemsFromMemoryTests(LandMapFixture fx) : IAsyncLifetime
{
    private readonly string _zone = "MEM" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>The grid's south-west corner (inside the 3° Gauss–Krüger zone 40, for the import) and its cells.</summary>
    private const double West = 121.1, South = 37.1, Cell = 0.004;

    private const int Side = 30;

    private WebApplicationFactory<Program> _sqlApp = null!;

    private static readonly string[] Statuses = ["idle", "negotiating", "reserved", "allocated", "in_use", "retired"];

    public async Task InitializeAsync()
    {
        await fx.ExecuteAsync("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ($1, '内存测试区', 'In-memory items zone', 'provincial', '测试', ST_Multi(ST_MakeEnvelope($2, $3, $2 + 0.2, $3 + 0.2, 4490)), 1000)
            """, _zone, West - 0.02, South - 0.02);
        // Squares sharing edges; every 7th with a hole, every 11th in two parts, every 5th a jagged quadrilateral inside its
        // cell; statuses, land uses, areas and NULL or Chinese addresses spread over them.
        await fx.ExecuteAsync("""
            INSERT INTO parcels (code, zone_code, address, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership,
                                 status, owner_name, price_wan_per_mu, industry_chains)
            SELECT $1 || '-' || lpad(i::text, 4, '0'), $1, CASE WHEN i % 3 = 0 THEN '内存路' || i || '号 "A&B"' END,
                   ST_Multi(CASE
                     WHEN i % 11 = 0 THEN ST_Union(ST_MakeEnvelope(x, y, x + $4 / 2, y + $4 / 2, 4490), ST_MakeEnvelope(x + $4 * 0.6, y + $4 * 0.6, x + $4, y + $4, 4490))
                     WHEN i % 7 = 0 THEN ST_Difference(ST_MakeEnvelope(x, y, x + $4, y + $4, 4490), ST_MakeEnvelope(x + $4 / 4, y + $4 / 4, x + $4 * 3 / 4, y + $4 * 3 / 4, 4490))
                     WHEN i % 5 = 0 THEN ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x + $4 * 0.1, y), ST_MakePoint(x + $4, y + $4 * 0.3),
                                          ST_MakePoint(x + $4 * 0.7, y + $4), ST_MakePoint(x, y + $4 * 0.8), ST_MakePoint(x + $4 * 0.1, y)])), 4490)
                     ELSE ST_MakeEnvelope(x, y, x + $4, y + $4, 4490) END),
                   1 + (i * 37 % 97) + (i % 13) / 7.0, 120, CASE WHEN i % 4 = 0 THEN '0901' ELSE '100101' END, CASE WHEN i % 4 = 0 THEN 'M1' ELSE '100101' END,
                   'state', ($5::text[])[1 + i % 6], CASE WHEN i % 2 = 0 THEN '业主' || i END, CASE WHEN i % 3 = 1 THEN i * 1.5 END,
                   CASE WHEN i % 4 = 1 THEN ARRAY['新材料', 'chain "x"'] ELSE '{}' END
            FROM (SELECT i, $2 + (i % $6) * $4 AS x, $3 + (i / $6) * $4 AS y FROM generate_series(0, $6 * $6 - 1) i) g
            """, _zone, West, South, Cell, Statuses, Side);
        _sqlApp = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Items:InMemory", "false"));
    }

    public async Task DisposeAsync()
    {
        await _sqlApp.DisposeAsync();
        await fx.ExecuteAsync("DELETE FROM changes WHERE code LIKE $1 || '-%'", _zone);
        await fx.ExecuteAsync("DELETE FROM parcels WHERE zone_code = $1", _zone);
        await fx.ExecuteAsync("DELETE FROM zones WHERE code = $1", _zone);
    }

    private ParcelItemsSource Held => fx.Factory.Services.GetRequiredService<ParcelItemsSource>();

    private HttpClient Client(WebApplicationFactory<Program> app, string role)
    {
        var client = app.CreateClient();
        if (role != Roles.Public) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, fx.KeyFor(role));
        return client;
    }

    private sealed record Page(string Body, string Headers, bool FromMemory);

    private async Task<Page> GetAsync(WebApplicationFactory<Program> app, string role, string url)
    {
        using var client = Client(app, role);
        var before = Held.PagesFromMemory;
        using var res = await client.GetAsync(url);
        var body = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {body}");
        // Every header but Date, in order, with the content headers.
        var headers = string.Join("\n", res.Headers.Concat(res.Content.Headers).Where(h => h.Key != "Date")
            .Select(h => h.Key + ": " + string.Join(",", h.Value)));
        return new(Regex.Replace(body, "\"timeStamp\":\"[^\"]*\"", "\"timeStamp\":\"…\""), headers,
            app == fx.Factory && Held.PagesFromMemory > before);
    }

    /// <summary>Asks until the page comes from memory: the parcels are loaded in the background after a write.</summary>
    private async Task<Page> FromMemoryAsync(string role, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await GetAsync(fx.Factory, role, url);
            if (page.FromMemory) return page;
            Assert.True(DateTime.UtcNow < deadline, $"{role} {url}: not answered from memory within 60 s");
            await Task.Delay(100);
        }
    }

    private async Task AssertSameAsSqlAsync(string role, string url, bool fromMemory = true)
    {
        var memory = fromMemory ? await FromMemoryAsync(role, url) : await GetAsync(fx.Factory, role, url);
        var sql = await GetAsync(_sqlApp, role, url);
        Assert.Equal(sql.Headers, memory.Headers);
        if (sql.Body != memory.Body)
        {
            var at = sql.Body.Zip(memory.Body).TakeWhile(p => p.First == p.Second).Count();
            Assert.Fail($"{role} {url}: the page from memory differs from the SQL page at {at}:\nSQL    …{Around(sql.Body, at)}…\nmemory …{Around(memory.Body, at)}…");
        }
    }

    private static string Around(string s, int at) => s[Math.Max(0, at - 200)..Math.Min(s.Length, at + 100)];

    private static string Box(double w, double s, double e, double n) => string.Create(CultureInfo.InvariantCulture, $"{w},{s},{e},{n}");

    private static readonly string[] Choices =
    [
        "", "&properties=zone,landUse,areaMu,status", "&properties=", "&properties=address,code,priceWanPerMu,industryChains",
        "&status=idle,negotiating", "&zone={zone}&minMu=20&maxMu=60", "&landUse=M1", "&landUse=1001&status=negotiating",
    ];

    [Fact]
    public async Task Pages_of_random_boxes_from_memory_equal_the_sql_pages_byte_for_byte()
    {
        var random = new Random(11);
        var span = Side * Cell;
        var compared = 0;
        // About 2 km and 10 km wide, and some boxes whose edges run along the grid's lines (outlines touching the box).
        foreach (var size in new[] { 0.02, 0.1 })
        {
            for (var k = 0; k < 12; k++)
            {
                var (w, s) = (West - size / 2 + random.NextDouble() * span, South - size / 2 + random.NextDouble() * span);
                if (k % 4 == 0) (w, s) = (West + random.Next(Side) * Cell, South + random.Next(Side) * Cell);
                var box = Box(w, s, w + size, s + size * 0.6);
                var choice = Choices[k % Choices.Length].Replace("{zone}", _zone);
                var limit = new[] { 1000, 7, 50, 1 }[k % 4];
                var offset = k % 3 == 0 ? random.Next(0, 40) : 0;
                foreach (var role in new[] { Roles.Public, Roles.Staff })
                {
                    // The staff's default page holds properties from other tables and the clock (PostGIS only): staff ask for the rest.
                    var staffChoice = role == Roles.Staff && !choice.Contains("properties=") ? choice + "&properties=owner,status,version,updatedAt,areaMismatch,address" : choice;
                    await AssertSameAsSqlAsync(role, $"/collections/parcels/items?bbox={box}&limit={limit}&offset={offset}{staffChoice}");
                    compared++;
                }
            }
        }
        Assert.Equal(48, compared);
    }

    /// <summary>A monotonic clock the test moves (the wall clock stays the system's).</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = TimeProvider.System.GetTimestamp();

        public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, (long)(by.TotalSeconds * TimestampFrequency));
    }

    [Fact]
    public async Task Over_the_memory_budget_no_copy_is_made_and_pages_come_from_PostGIS()
    {
        // The fixture's parcels take far more than 4 KB: the load projects that from its first rows and stops reading.
        await using var small = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Items:InMemoryMaxMegabytes", "0.004"));
        var held = small.Services.GetRequiredService<ParcelItemsSource>();
        await held.Reload();
        var url = $"/collections/parcels/items?bbox={Box(West + 0.01, South + 0.01, West + 0.05, South + 0.04)}&limit=30";
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal((await GetAsync(_sqlApp, Roles.Public, url)).Body, (await GetAsync(small, Roles.Public, url)).Body);
            await held.Reload();
        }
        Assert.Equal(0, held.PagesFromMemory);
        // The same parcels under a budget that holds them: pages from the copy (the check above can fail).
        await using var roomy = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Items:InMemoryMaxMegabytes", "64"));
        var copy = roomy.Services.GetRequiredService<ParcelItemsSource>();
        await copy.Reload();
        Assert.Equal((await GetAsync(_sqlApp, Roles.Public, url)).Body, (await GetAsync(roomy, Roles.Public, url)).Body);
        Assert.Equal(1, copy.PagesFromMemory);
    }

    [Fact]
    public async Task Above_the_limit_pages_come_from_PostGIS_without_reading_the_data_version_each_time()
    {
        // Fewer than the database holds: the copy is never made, and every page is PostGIS's (written in between included).
        var clock = new SteppedClock();
        await using var limited = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Items:InMemoryMaxParcels", "10")
            .ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));
        var held = limited.Services.GetRequiredService<ParcelItemsSource>();
        var url = $"/collections/parcels/items?bbox={Box(West + 0.01, South + 0.01, West + 0.05, South + 0.04)}&limit=30&status=idle";
        async Task<long> PagesAsync(int count, bool publicAfterWrite)
        {
            var before = held.KeyReads;
            for (var k = 0; k < count; k++)
            {
                var page = await GetAsync(limited, Roles.Public, url);
                Assert.Equal((await GetAsync(_sqlApp, Roles.Public, url)).Body, page.Body);
                Assert.Equal(publicAfterWrite, page.Body.Contains($"\"{_zone}-0155\"", StringComparison.Ordinal));
            }
            return held.KeyReads - before;
        }
        // Until the load at start has found too many (the clock stands still meanwhile), a page reads the version.
        async Task SettledAsync(bool publicAfterWrite)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await PagesAsync(1, publicAfterWrite) != 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the version was still read by every page after 30 s");
                await Task.Delay(100);
            }
        }

        await SettledAsync(false);
        Assert.Equal(0, await PagesAsync(5, false));
        clock.Advance(ParcelItemsSource.TooManyRecheck);
        Assert.Equal(1, await PagesAsync(5, false)); // one read, the same version: five more seconds without
        await fx.ExecuteAsync("UPDATE parcels SET status = 'idle' WHERE code = $1 || '-0155'", _zone);
        Assert.Equal(0, await PagesAsync(3, true)); // PostGIS answers, with the write, and no read yet
        clock.Advance(ParcelItemsSource.TooManyRecheck);
        await SettledAsync(true); // the read sees the new version, and the load it starts finds too many again
        Assert.Equal(0, await PagesAsync(5, true));
        Assert.Equal(0, held.PagesFromMemory);
    }

    [Fact]
    public async Task Every_page_of_a_box_follows_the_next_links_as_the_sql_does()
    {
        var url = $"/collections/parcels/items?bbox={Box(West + 0.01, South + 0.01, West + 0.07, South + 0.05)}&limit=40";
        for (var pages = 0; pages < 30; pages++)
        {
            await AssertSameAsSqlAsync(Roles.Public, url);
            var page = await FromMemoryAsync(Roles.Public, url);
            var next = Regex.Match(page.Body, "\"href\":\"http://localhost(?<path>[^\"]+)\",\"rel\":\"next\"");
            if (!next.Success) return;
            url = next.Groups["path"].Value.Replace("\\u0026", "&");
        }
        Assert.Fail("more than 30 pages of 40");
    }

    [Theory]
    [InlineData("asOf=2026-01-01")]
    [InlineData("datetime=2020-01-01/..")]
    [InlineData("filter=areaMu%20%3E%2010")]
    [InlineData("sortby=-areaMu")]
    [InlineData("crs=http://www.opengis.net/def/crs/EPSG/0/4490")]
    [InlineData("properties=stale")]
    [InlineData("areaMu=30")]
    public async Task What_memory_cannot_answer_is_answered_by_the_sql(string query)
    {
        var url = $"/collections/parcels/items?bbox={Box(West, South, West + 0.05, South + 0.05)}&limit=20";
        await FromMemoryAsync(Roles.Staff, url + "&properties=status");
        var page = await GetAsync(fx.Factory, Roles.Staff, url + "&" + query);
        Assert.False(page.FromMemory, query);
        // The staff's default page holds stale and the reserving project (the clock and other tables): PostGIS writes it.
        Assert.False((await GetAsync(fx.Factory, Roles.Staff, url)).FromMemory);
    }

    [Fact]
    public async Task The_public_page_from_memory_holds_only_public_statuses_and_fields()
    {
        var url = $"/collections/parcels/items?bbox={Box(West, South, West + 0.12, South + 0.12)}&limit=1000";
        var body = (await FromMemoryAsync(Roles.Public, url)).Body;
        Assert.DoesNotContain("\"owner\"", body);
        Assert.DoesNotContain("\"ownership\"", body);
        Assert.DoesNotContain("\"status\":\"retired\"", body);
        Assert.DoesNotContain("\"status\":\"in_use\"", body);
        Assert.Contains("\"status\":\"idle\"", body);
        using var client = Client(fx.Factory, Roles.Public);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync(url + "&properties=owner")).StatusCode);
    }

    [Fact]
    public async Task Right_after_each_kind_of_write_the_page_is_the_sql_page()
    {
        var box = Box(West, South, West + 0.03, South + 0.03);
        var urls = new[]
        {
            $"/collections/parcels/items?bbox={box}&limit=1000",
            $"/collections/parcels/items?bbox={box}&limit=1000&properties=zone,landUse,areaMu,status",
        };
        async Task AfterWrite()
        {
            // The very next page (from PostGIS while the copy reloads, or from the reloaded copy), then from memory again.
            foreach (var url in urls) await AssertSameAsSqlAsync(Roles.Public, url, fromMemory: false);
            foreach (var url in urls) await AssertSameAsSqlAsync(Roles.Public, url);
            await AssertSameAsSqlAsync(Roles.Staff, urls[1]);
        }
        foreach (var url in urls) await AssertSameAsSqlAsync(Roles.Public, url);

        // Create: a parcel in the middle of the box.
        await fx.ExecuteAsync("""
            INSERT INTO parcels (code, zone_code, geom, area_mu, gk_central_meridian, land_use, land_use_original, ownership, status)
            VALUES ($1 || '-NEW', $1, ST_Multi(ST_MakeEnvelope($2 + 0.0151, $3 + 0.0151, $2 + 0.0152, $3 + 0.0152, 4490)), 0.5, 120, '100101', '100101', 'state', 'idle')
            """, _zone, West, South);
        var page = await GetAsync(fx.Factory, Roles.Public, urls[0]);
        Assert.Contains($"\"{_zone}-NEW\"", page.Body);
        await AfterWrite();

        // Edit the geometry: the new parcel moves out of the box.
        await fx.ExecuteAsync("UPDATE parcels SET geom = ST_Translate(geom, 0.5, 0) WHERE code = $1 || '-NEW'", _zone);
        Assert.DoesNotContain($"\"{_zone}-NEW\"", (await GetAsync(fx.Factory, Roles.Public, urls[0])).Body);
        await AfterWrite();

        // A status the public does not see: the parcel leaves the public page at once.
        var hidden = $"{_zone}-0001";
        Assert.Contains($"\"{hidden}\"", (await FromMemoryAsync(Roles.Public, urls[0])).Body);
        await fx.ExecuteAsync("UPDATE parcels SET status = 'in_use' WHERE code = $1", hidden);
        Assert.DoesNotContain($"\"{hidden}\"", (await GetAsync(fx.Factory, Roles.Public, urls[0])).Body);
        await AfterWrite();

        // Delete.
        var deleted = $"{_zone}-0002";
        await fx.ExecuteAsync("DELETE FROM parcels WHERE code = $1", deleted);
        Assert.DoesNotContain($"\"{deleted}\"", (await GetAsync(fx.Factory, Roles.Public, urls[0])).Body);
        await AfterWrite();

        // Import (the ledger route, all or nothing): a parcel in the box, in the hole of parcel 7.
        var corner = GaussKruger.Project(new GeometryFactory().CreatePoint(new Coordinate(West + 0.0292, South + 0.0012)), 120).Coordinate;
        var (e, n) = (40_000_000 + corner.X, corner.Y);
        string P(double x, double y) => string.Create(CultureInfo.InvariantCulture, $"{x:0.###} {y:0.###}");
        var wkt = $"POLYGON(({P(e, n)}, {P(e + 30, n)}, {P(e + 30, n + 20)}, {P(e, n + 20)}, {P(e, n)}))";
        var csv = Encoding.UTF8.GetBytes($"宗地编号,坐落,面积（亩）,用地性质,状态,闲置时间,WKT\r\n{_zone}-IMP,\"内存导入路1号\",0.9,M1,闲置,2021年3月5日,\"{wkt}\"\r\n");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/parcels?fileName=mem.csv&dryRun=false") { Content = new ByteArrayContent(csv) })
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var res = await fx.Client.SendAsync(request);
            Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        }
        Assert.Contains($"\"{_zone}-IMP\"", (await GetAsync(fx.Factory, Roles.Public, urls[0])).Body);
        await AfterWrite();
    }
}
