using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace LandMap.Api.Exports;

/// <summary>
/// GeoJSON (RFC 7946): a FeatureCollection streamed feature by feature, each written by NetTopologySuite.IO.GeoJSON4STJ
/// with exterior rings counter-clockwise. Properties are the camelCase ledger keys with stored codes (status "idle",
/// ownership "state"); a list (产业链) is one text joined by 、, as in the ledger; dates are yyyy-MM-dd.
/// </summary>
internal static class GeoJsonExport
{
    /// <summary>The property written as the feature's "id" (the code, which also stays among the properties).</summary>
    private const string IdProperty = "__export_id";

    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new GeoJsonConverterFactory(NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(ExportCrs.LonLatEpsg),
            writeGeometryBBox: false, IdProperty, RingOrientationOption.EnforceRfc9746) },
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Features between two flushes to the client.</summary>
    private const int FlushEvery = 500;

    public static async Task WriteAsync(ExportPlan plan, IAsyncEnumerable<ExportRow> rows, PipeWriter output, CancellationToken ct)
    {
        await using var w = new Utf8JsonWriter(output, WriterOptions);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("name", plan.Collection.Id);
        w.WriteStartArray("features");
        var code = plan.Columns.ToList().FindIndex(c => c.Key == "code");
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            var attributes = new AttributesTable { { IdProperty, row.Values[code] } };
            for (var i = 0; i < plan.Columns.Count; i++)
                attributes.Add(plan.Columns[i].Key, row.Values[i] is DateOnly d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : row.Values[i]);
            JsonSerializer.Serialize<IFeature>(w, new Feature(row.Geometry, attributes), Options);
            if (++written % FlushEvery == 0)
            {
                await w.FlushAsync(ct);
                await output.FlushAsync(ct);
            }
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        await output.FlushAsync(ct);
    }
}
