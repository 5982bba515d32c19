using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LandMap.Core.Access;
using static LandMap.Api.Tests.Editing.EditingTestRows;

namespace LandMap.Api.Tests.Editing;

[Collection(LandMapCollection.Name)]
public sealed class EditingApiTests(LandMapFixture fx) : IAsyncLifetime
{
    /// <summary>This test's own ground (parcels may not overlap): set while xunit builds the instance, read by Rectangle and LonLat.</summary>
    private readonly int _sheet = NewSheet();

    public Task InitializeAsync() => EnsureZoneAsync(fx);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_returns_201_with_location_ETag_and_the_area_computed_from_the_outline()
    {
        var code = NewCode();
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature",
            geometry = Rectangle(0, 0, 200, 100),
            properties = new { code, zoneCode = Zone, landUse = "M1", ledgerAreaMu = 31.5, industryChains = new[] { "新型显示" }, water = true },
        });

        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal("\"1\"", res.Headers.ETag?.Tag);
        Assert.Equal($"/collections/parcels/items/{code}", res.Headers.Location?.OriginalString);
        var props = (await Json(res)).GetProperty("properties");
        Assert.Equal(30, props.GetProperty("areaMu").GetDouble(), 2);
        Assert.Equal("100101", props.GetProperty("landUse").GetString());
        Assert.Equal("idle", props.GetProperty("status").GetString());
        Assert.Equal(31.5, props.GetProperty("ledgerAreaMu").GetDouble());
        Assert.True(props.GetProperty("water").GetBoolean());
        var created = Assert.Single((await HistoryAsync(fx, code)).EnumerateArray());
        Assert.Equal("create", created.GetProperty("action").GetString());
        Assert.Equal("edit", created.GetProperty("source").GetString());
        Assert.Equal("key:test-editor-key", created.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Create_with_an_area_is_refused_the_area_comes_from_the_outline()
    {
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature", geometry = Rectangle(0, 0, 200, 100), properties = new { code = NewCode(), zone = Zone, landUse = "100101", areaMu = 99 },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Equal("properties.areaMu", (await Json(res)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_of_an_existing_code_is_409()
    {
        var (code, _) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature", geometry = Rectangle(0, 0, 50, 50), properties = new { code, zone = Zone, landUse = "100101" },
        });

        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Equal("code-taken", (await Json(res)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Creates_racing_for_one_new_code_give_one_201_and_409s_never_a_500_or_422()
    {
        var code = NewCode();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var res = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
            {
                type = "Feature", geometry = Rectangle(0, 0, 40, 40), properties = new { code, zone = Zone, landUse = "100101" },
            });
            return (res.StatusCode, Code: res.IsSuccessStatusCode ? null : (await Json(res)).GetProperty("code").GetString());
        }));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal((HttpStatusCode.Conflict, "code-taken"), a));
    }

    [Fact]
    public async Task An_outline_on_another_parcels_ground_is_422_naming_geometry_and_a_touching_neighbour_is_fine()
    {
        var (first, _) = await CreateParcelAsync(fx, Rectangle(0, 0, 100, 100));
        using var onTop = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
        {
            type = "Feature", geometry = Rectangle(50, 50, 100, 100), properties = new { code = NewCode(), zone = Zone, landUse = "100101" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onTop.StatusCode);
        var error = (await Json(onTop)).GetProperty("errors")[0];
        Assert.Equal(("geometry", "overlaps"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Contains(first, error.GetProperty("reason").GetString());

        var (neighbour, version) = await CreateParcelAsync(fx, Rectangle(100, 0, 100, 100)); // shares an edge only
        using var moved = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{neighbour}",
            new { geometry = Rectangle(60, 0, 100, 100) }, version));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal("overlaps", (await Json(moved)).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(version, (await RowAsync(fx, neighbour)).Version);
    }

    [Fact]
    public async Task Patch_without_If_Match_is_428()
    {
        var (code, _) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using var res = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "新地址" } }));

        Assert.Equal((HttpStatusCode)428, res.StatusCode);
        Assert.Equal("if-match-required", (await Json(res)).GetProperty("code").GetString());
        Assert.Equal("编辑路1号", (await RowAsync(fx, code)).Address);
    }

    [Fact]
    public async Task Patch_with_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using (var first = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "一号" } }, version)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await RowAsync(fx, code);

        using var stale = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
            new { properties = new { address = "二号", heightLimitM = 40 }, geometry = Rectangle(0, 0, 80, 80) }, version));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("version-mismatch", (await Json(stale)).GetProperty("code").GetString());
        Assert.Equal(before, await RowAsync(fx, code));
        Assert.Equal(2, (await HistoryAsync(fx, code)).GetArrayLength());
    }

    [Fact]
    public async Task Patch_changes_fields_and_outline_answers_the_new_ETag_and_the_history_shows_each_field()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 200, 100));
        using var res = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
            new { properties = new { address = "改后路8号", priceWanPerMu = 32.5 }, geometry = Rectangle(0, 0, 300, 100), note = "现场复核" }, version));

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal($"\"{version + 1}\"", res.Headers.ETag?.Tag);
        var props = (await Json(res)).GetProperty("properties");
        Assert.Equal(45, props.GetProperty("areaMu").GetDouble(), 2);
        var change = (await HistoryAsync(fx, code))[1];
        Assert.Equal("update", change.GetProperty("action").GetString());
        Assert.Equal("edit", change.GetProperty("source").GetString());
        Assert.Equal("现场复核", change.GetProperty("note").GetString());
        Assert.Equal("key:test-editor-key", change.GetProperty("by").GetString());
        var fields = change.GetProperty("fields");
        Assert.Equal("编辑路1号", fields.GetProperty("address").GetProperty("old").GetString());
        Assert.Equal("改后路8号", fields.GetProperty("address").GetProperty("new").GetString());
        Assert.Equal(30, fields.GetProperty("areaMu").GetProperty("old").GetDouble(), 6);
        Assert.Equal(45, fields.GetProperty("areaMu").GetProperty("new").GetDouble(), 6);
        Assert.Equal("MultiPolygon", fields.GetProperty("geom").GetProperty("old").GetProperty("type").GetString());
        Assert.Equal(LonLat(300, 100)[0], fields.GetProperty("geom").GetProperty("new").GetProperty("coordinates")[0][0][2][0].GetDouble(), 6);
    }

    [Fact]
    public async Task Status_change_without_a_note_is_422_and_with_one_is_recorded()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using var without = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { status = "negotiating" } }, version));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, without.StatusCode);
        Assert.Equal("note-required", (await Json(without)).GetProperty("code").GetString());
        Assert.Equal("idle", (await RowAsync(fx, code)).Status);

        using var with = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
            new { properties = new { status = "negotiating" }, note = "某企业来洽谈" }, version));
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        var change = (await HistoryAsync(fx, code))[1];
        Assert.Equal("status", change.GetProperty("action").GetString());
        Assert.Equal("idle", change.GetProperty("fields").GetProperty("status").GetProperty("old").GetString());
        Assert.Equal("negotiating", change.GetProperty("fields").GetProperty("status").GetProperty("new").GetString());
    }

    [Fact]
    public async Task Retire_keeps_the_row_readable_by_code_and_it_is_no_longer_edited()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using (var noNote = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/retire", new { }, version)))
            Assert.Equal("note-required", (await Json(noNote)).GetProperty("code").GetString());

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Post, $"/collections/parcels/items/{code}/retire", new { note = "已被道路占用" }, version));

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("retired", (await RowAsync(fx, code)).Status);
        var feature = await fx.GetJsonAsync($"/collections/parcels/items/{code}");
        Assert.Equal("retired", feature.GetProperty("properties").GetProperty("status").GetString());
        Assert.Equal("retire", (await HistoryAsync(fx, code))[1].GetProperty("action").GetString());
        using var again = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "x" } }, version + 1));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("resource-retired", (await Json(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Status_cannot_be_set_to_retired_by_patch()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using var res = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
            new { properties = new { status = "retired" }, note = "x" }, version));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Equal("idle", (await RowAsync(fx, code)).Status);
    }

    [Fact]
    public async Task Verify_sets_who_and_when_and_nothing_else()
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        var before = await RowAsync(fx, code);
        using var admin = fx.ClientFor(Roles.Admin); // another person than the creator, who verified it on creation
        using var res = await admin.PostAsJsonAsync($"/collections/parcels/items/{code}/verify", new { note = "现场核实" });

        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await Json(res);
        Assert.Equal("key:test-admin-key", body.GetProperty("verifiedBy").GetString());
        Assert.Equal(version + 1, body.GetProperty("version").GetInt32());
        var change = (await HistoryAsync(fx, code))[1];
        Assert.Equal("verify", change.GetProperty("action").GetString());
        Assert.Equal(["verifiedAt", "verifiedBy"], change.GetProperty("fields").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(before with { Version = version + 1 }, await RowAsync(fx, code));
    }

    [Theory]
    [InlineData(Roles.Public, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Staff, HttpStatusCode.Forbidden)]
    public async Task Public_and_staff_cannot_write(string role, HttpStatusCode expected)
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        using var client = fx.ClientFor(role);
        var requests = new[]
        {
            Request(HttpMethod.Post, "/collections/parcels/items", new { type = "Feature", geometry = Rectangle(0, 0, 50, 50), properties = new { code = NewCode(), landUse = "100101" } }),
            Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "x" } }, version),
            Request(HttpMethod.Post, $"/collections/parcels/items/{code}/retire", new { note = "x" }, version),
            Request(HttpMethod.Post, $"/collections/parcels/items/{code}/verify", new { }),
            Request(HttpMethod.Post, $"/collections/parcels/items/{code}/split", new { areaMu = 1, note = "x" }, version),
            Request(HttpMethod.Post, "/collections/parcels/merge", new { codes = new[] { code, "other" }, note = "x" }),
        };
        foreach (var req in requests)
        {
            using var res = await client.SendAsync(req);
            Assert.True(expected == res.StatusCode, $"{req.Method} {req.RequestUri}: {(int)res.StatusCode}");
        }
        Assert.Equal(version, (await RowAsync(fx, code)).Version);
        using var history = await client.GetAsync($"/collections/parcels/items/{code}/history");
        Assert.Equal(role == Roles.Staff ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, history.StatusCode);
    }

    [Theory]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","plotRatioMax":"NaN"}}""", 422, "properties.plotRatioMax")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","powerKva":1e400}}""", 400, "properties.powerKva")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","powerKva":1e300}}""", 422, "properties.powerKva")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","powerKva":true}}""", 400, "properties.powerKva")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","industryChains":[1,2]}}""", 400, "properties.industryChains")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","status":"sold"}}""", 422, "properties.status")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"999999"}}""", 422, "properties.landUse")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","plotRatioMin":3,"plotRatioMax":1}}""", 422, "properties.plotRatioMin")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101","secret":1}}""", 400, "properties.secret")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"NOPE","landUse":"100101"}}""", 422, "properties.zone")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT"}}""", 422, "properties.landUse")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101"},"extra":1}""", 400, "extra")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[118.3,36.6],[118.301,36.601],[118.301,36.6],[118.3,36.601],[118.3,36.6]]]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 422, "geometry")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[36.6,118.3],[36.6,118.301],[36.601,118.301],[36.601,118.3],[36.6,118.3]]]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 422, "geometry")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[118.3,36.6]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 422, "geometry")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e308,1e308],[-1e308,1e308],[1e308,-1e308],[1e308,1e308]]]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 422, "geometry")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[["a","b"]]]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 400, "geometry")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[118.3,36.6],[118.301,36.6]]]},"properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 400, "geometry")]
    [InlineData("""{"type":"Feature","geometry":"POLYGON((1 1))","properties":{"code":"CODE","zone":"EDT","landUse":"100101"}}""", 400, "geometry")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"A,B","zone":"EDT","landUse":"100101"}}""", 422, "properties.code")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":["x"]}""", 400, "properties")]
    [InlineData("""{"type":"Feature","geometry":GEOM,"properties":{"code":"CODE","zone":"EDT","landUse":"100101"},"note":5}""", 400, "note")]
    public async Task Hostile_create_bodies_get_a_problem_naming_the_field_never_a_500(string template, int status, string field)
    {
        var geometry = JsonSerializer.Serialize(Rectangle(0, 0, 50, 50));
        var json = template.Replace("GEOM", geometry).Replace("CODE", NewCode());
        using var res = await fx.Client.SendAsync(RawRequest(HttpMethod.Post, "/collections/parcels/items", json));
        var body = await res.Content.ReadAsStringAsync();

        Assert.True(status == (int)res.StatusCode, $"{(int)res.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        var named = problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList()
            : [problem.GetProperty("detail").GetString()];
        Assert.True(named.Any(n => n!.StartsWith(field, StringComparison.Ordinal)), $"{field} not named: {body}");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"99999999999\"")]
    public async Task An_unreadable_If_Match_is_400(string ifMatch)
    {
        var (code, _) = await CreateParcelAsync(fx, Rectangle(0, 0, 50, 50));
        var req = Request(HttpMethod.Patch, $"/collections/parcels/items/{code}", new { properties = new { address = "x" } });
        req.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var res = await fx.Client.SendAsync(req);

        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("If-Match", (await Json(res)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_factory_is_created_with_its_footprint_and_vacant_space_is_checked_against_the_total()
    {
        var code = NewCode("EDF");
        using var bad = await fx.Client.PostAsJsonAsync("/collections/factories/items", new
        {
            type = "Feature", geometry = Rectangle(0, 300, 60, 50), properties = new { code, zone = Zone, totalFloorM2 = 6000, vacantFloorM2 = 7000 },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);

        using var res = await fx.Client.PostAsJsonAsync("/collections/factories/items", new
        {
            type = "Feature", geometry = Rectangle(0, 300, 60, 50), properties = new { code, zone = Zone, totalFloorM2 = 6000, vacantFloorM2 = 3000, floors = 2 },
        });
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var props = (await Json(res)).GetProperty("properties");
        Assert.Equal(3000, props.GetProperty("footprintM2").GetDouble(), 1);
        Assert.Equal(EditingTestRows.Zone, props.GetProperty("zone").GetString());
    }

    [Fact]
    public async Task History_of_an_unknown_record_is_404()
    {
        using var res = await fx.Client.GetAsync("/collections/parcels/items/NO-SUCH-CODE/history");

        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    /// <summary>A park's code was taken as the zone (only its existence was checked): the record then sat in no zone's figures.</summary>
    [Fact]
    public async Task A_park_given_as_the_zone_is_422_naming_zone_on_create_and_update()
    {
        await using (var conn = new Npgsql.NpgsqlConnection(fx.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("""
                INSERT INTO zones (code, parent_code, name_zh, name_en, level, city, geom, area_mu)
                VALUES ('EDT-P9', 'EDT', '编辑测试园', 'Editing test park', 'park', '测试',
                        ST_Multi(ST_GeomFromText('POLYGON((118.25 36.55, 118.251 36.55, 118.251 36.551, 118.25 36.551, 118.25 36.55))', 4490)), 1)
                ON CONFLICT (code) DO NOTHING
                """, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var code = NewCode();
        using (var create = await fx.Client.PostAsJsonAsync("/collections/parcels/items", new
               { type = "Feature", geometry = Rectangle(0, 0, 100, 100), properties = new { code, zone = "EDT-P9", landUse = "M1" } }))
        {
            var text = await create.Content.ReadAsStringAsync();
            Assert.True(create.StatusCode == HttpStatusCode.UnprocessableEntity, text);
            Assert.Equal("properties.zone", JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
        }
        var (existing, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 100, 100));
        using var update = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{existing}", new { properties = new { zone = "EDT-P9" } }, version));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, update.StatusCode);
        var props = (await fx.GetJsonAsync($"/collections/parcels/items/{existing}")).GetProperty("properties");
        Assert.Equal((version, Zone), (props.GetProperty("version").GetInt32(), props.GetProperty("zone").GetString()));
    }

    /// <summary>An unreadable value of a field that may not be emptied was reported as "may be changed but not emptied".</summary>
    [Theory]
    [InlineData("status", "bogus")]
    [InlineData("landUse", "ZZ")]
    [InlineData("water", "maybe")]
    public async Task An_unreadable_value_is_reported_as_unreadable_not_as_emptied(string field, string value)
    {
        var (code, version) = await CreateParcelAsync(fx, Rectangle(0, 0, 100, 100));

        using var res = await fx.Client.SendAsync(Request(HttpMethod.Patch, $"/collections/parcels/items/{code}",
            new { properties = new Dictionary<string, string> { [field] = value }, note = "x" }, version));
        var error = (await Json(res)).GetProperty("errors")[0];

        Assert.Equal(HttpStatusCode.UnprocessableEntity, res.StatusCode);
        Assert.Equal("properties." + field, error.GetProperty("field").GetString());
        Assert.DoesNotContain("emptied", error.GetProperty("reason").GetString());
    }
}
