using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;
using Npgsql;

namespace LandMap.Api.Tests.Ledgers;

/// <summary>
/// The "done when", over HTTP: a zipped Shapefile parcel ledger in Gauss–Krüger zone 40 with prefixed eastings and
/// GBK attributes (no .cpg: the encoding is detected), and an XLSX factory ledger with Chinese headers and messy cells,
/// both imported into a zone of the test's own (IMS, Huangdao), shown by the collections with areas that match the
/// ellipsoidal area of their geometry; then the parcels exported to XLSX and re-imported with zero changes.
/// </summary>
[Collection(LandMapCollection.Name)]
public sealed class LedgerEndToEndTests(LandMapFixture fx)
{
    private static readonly GeometryFactory Factory = new();

    private async Task EnsureZoneAsync()
    {
        await using var db = NpgsqlDataSource.Create(fx.ConnectionString);
        await using var cmd = db.CreateCommand("""
            INSERT INTO zones (code, name_zh, name_en, level, city, geom, area_mu)
            VALUES ('IMS', '黄岛导入测试区', 'Huangdao import test zone', 'national', '青岛', ST_Multi(ST_MakeEnvelope(120.05, 35.9, 120.2, 36.05, 4490)), 1000)
            ON CONFLICT (code) DO NOTHING
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A w × d metre rectangle at easting 40 509 000 + dx (zone 40 prefixed), northing 3 980 000 + dy: near 120.1°E 35.96°N.</summary>
    private static Polygon Rect(double dx, double dy, double w, double d)
    {
        var (e, n) = (40_509_000.0 + dx, 3_980_000.0 + dy);
        return Factory.CreatePolygon([new(e, n), new(e, n + d), new(e + w, n + d), new(e + w, n), new(e, n)]); // clockwise, as shapefiles store shells
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(string kind, string fileName, byte[] content, string query = "")
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var res = await fx.Client.PostAsync($"/api/imports/{kind}?fileName={Uri.EscapeDataString(fileName)}{query}", body);
        return (res.StatusCode, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static byte[] GbkShapefileZip()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var options = new ShapefileWriterOptions(ShapeType.Polygon)
        {
            Encoding = Encoding.GetEncoding(936),
            Projection = GaussKrugerPrj,
        };
        options.AddCharacterField("宗地编号", 20);
        options.AddCharacterField("坐落", 120);
        options.AddNumericDoubleField("面积");
        options.AddCharacterField("土地用途", 30);
        options.AddCharacterField("权属人", 60);
        options.AddCharacterField("闲置原因", 60);
        using var shp = new MemoryStream();
        using var shx = new MemoryStream();
        using var dbf = new MemoryStream();
        using var prj = new MemoryStream();
        using (var w = Shapefile.OpenWrite(shp, shx, dbf, prj, options))
        {
            w.Write(new Feature(Rect(0, 0, 200, 100), new AttributesTable
                { { "宗地编号", "HDS-001" }, { "坐落", "青岛西海岸新区前湾港路1号" }, { "面积", 30.0 }, { "土地用途", "一类工业用地" }, { "权属人", "青岛某某置业有限公司" }, { "闲置原因", "企业资金链断裂" } }));
            w.Write(new Feature(Rect(400, 0, 300, 200), new AttributesTable
                { { "宗地编号", "HDS-002" }, { "坐落", "青岛西海岸新区长江中路288号" }, { "面积", 90.0 }, { "土地用途", "M2" }, { "权属人", "" }, { "闲置原因", "政府收储待出让" } }));
        }
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in new[] { ("宗地.shp", shp.ToArray()), ("宗地.shx", shx.ToArray()), ("宗地.dbf", dbf.ToArray()), ("宗地.prj", prj.ToArray()) })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        return zip.ToArray();
    }

    // EPSG:4528 as ArcGIS writes it: CGCS2000 3° zone 40, false easting 40 500 000 (the zone number in the easting).
    private const string GaussKrugerPrj =
        """PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    [Fact]
    public async Task A_gbk_shapefile_in_zone_40_and_a_messy_xlsx_factory_ledger_import_show_on_the_map_and_round_trip_through_xlsx()
    {
        await EnsureZoneAsync();

        var (status, parcels) = await ImportAsync("parcels", "黄岛宗地.zip", GbkShapefileZip(), "&dryRun=false");
        Assert.True(status == HttpStatusCode.OK, parcels.ToString());
        Assert.Equal(4528, parcels.GetProperty("crs").GetProperty("epsg").GetInt32());
        Assert.Equal(2, parcels.GetProperty("counts").GetProperty("new").GetInt32());
        var hds1 = (await fx.GetJsonAsync("/collections/parcels/items/HDS-001")).GetProperty("properties");
        Assert.Equal("青岛西海岸新区前湾港路1号", hds1.GetProperty("address").GetString()); // GBK detected, Chinese intact
        Assert.Equal("企业资金链断裂", hds1.GetProperty("idleReason").GetString());
        Assert.Equal("青岛某某置业有限公司", hds1.GetProperty("owner").GetString());
        Assert.Equal(("100101", "IMS"), (hds1.GetProperty("landUse").GetString(), hds1.GetProperty("zone").GetString()));
        Assert.Equal("100102", (await fx.GetJsonAsync("/collections/parcels/items/HDS-002")).GetProperty("properties").GetProperty("landUse").GetString());

        // The stored area (Gauss–Krüger plane, zone of the parcel) against the ellipsoidal area of the stored geometry.
        await using (var db = NpgsqlDataSource.Create(fx.ConnectionString))
        await using (var cmd = db.CreateCommand("SELECT code, area_mu, ST_Area(geom::geography) / (10000.0 / 15) FROM parcels WHERE code LIKE 'HDS-%' ORDER BY code"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                Assert.True(Math.Abs(r.GetDouble(1) - r.GetDouble(2)) < 0.002 * r.GetDouble(2), $"{r.GetString(0)}: {r.GetDouble(1)} mu stored, {r.GetDouble(2)} mu ellipsoidal");
        Assert.Equal(30.0, hds1.GetProperty("areaMu").GetDouble(), 1);

        // An XLSX factory ledger as an office types it: Chinese headers with units, full-width digits, units in cells.
        var (w, s) = (120.1051, 35.9612);
        string Square(double dlon) => string.Create(CultureInfo.InvariantCulture,
            $"POLYGON(({w + dlon} {s}, {w + dlon + 0.0006} {s}, {w + dlon + 0.0006} {s + 0.0005}, {w + dlon} {s + 0.0005}, {w + dlon} {s}))");
        var rows = new[]
        {
            new Dictionary<string, object?> { ["厂房编号"] = "HDF-01", ["厂房名称"] = "标准厂房A座", ["建筑面积(平方米)"] = "1.2万平方米", ["空置面积"] = "8,000",
                ["层高(米)"] = "９米", ["行车/吊车吨位"] = "10吨", ["租金"] = "18", ["状态"] = "闲置", ["WKT"] = Square(0) },
            new Dictionary<string, object?> { ["厂房编号"] = "HDF-02", ["厂房名称"] = "标准厂房B座", ["建筑面积(平方米)"] = 6000, ["空置面积"] = "6000平方米",
                ["层高(米)"] = 7.5, ["行车/吊车吨位"] = null, ["租金"] = "15.5", ["状态"] = "洽谈中", ["WKT"] = Square(0.001) },
        };
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(rows);
        var (fStatus, factories) = await ImportAsync("factories", "厂房台账.xlsx", xlsx.ToArray(), "&dryRun=false");
        Assert.True(fStatus == HttpStatusCode.OK, factories.ToString());
        var f1 = (await fx.GetJsonAsync("/collections/factories/items/HDF-01")).GetProperty("properties");
        Assert.Equal((12000.0, 8000.0, 9.0, 10.0), (f1.GetProperty("totalFloorM2").GetDouble(), f1.GetProperty("vacantFloorM2").GetDouble(),
            f1.GetProperty("floorHeightM").GetDouble(), f1.GetProperty("craneT").GetDouble()));
        Assert.Equal("negotiating", (await fx.GetJsonAsync("/collections/factories/items/HDF-02")).GetProperty("properties").GetProperty("status").GetString());

        // Export the zone's parcels to XLSX and import that file again: nothing changes.
        var export = await fx.Client.GetByteArrayAsync("/collections/parcels/export?format=xlsx&zone=IMS");
        var (_, again) = await ImportAsync("parcels", "导出.xlsx", export, "&dryRun=false");
        Assert.Equal((0, 0, 2, 0), (again.GetProperty("counts").GetProperty("new").GetInt32(), again.GetProperty("counts").GetProperty("changed").GetInt32(),
            again.GetProperty("counts").GetProperty("unchanged").GetInt32(), again.GetProperty("counts").GetProperty("rejected").GetInt32()));
    }
}
