using System.IO.Compression;
using System.Net;
using System.Text;

namespace LandMap.Api.Tests.Tiles;

/// <summary>GeoJSON and tiles come compressed when asked (br, gzip) and decompress to the same bytes; plain JSON never.</summary>
[Collection(LandMapCollection.Name)]
public sealed class CompressionTests(LandMapFixture fx)
{
    private async Task<(HttpResponseMessage Response, byte[] Body)> Get(string url, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null) request.Headers.AcceptEncoding.ParseAdd(encoding);
        var response = await fx.Client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Decode(string encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Geojson_is_compressed_on_request_and_decompresses_to_the_same_features(string encoding)
    {
        const string url = "/collections/parcels/items?zone=TST&limit=1000&properties=code,areaMu";
        var (plain, plainBody) = await Get(url, null);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var (packed, packedBody) = await Get(url, encoding);
        Assert.Equal([encoding], packed.Content.Headers.ContentEncoding);
        Assert.True(packedBody.Length < plainBody.Length / 2, $"{packedBody.Length} vs {plainBody.Length} bytes");
        // timeStamp differs between the two answers; everything else is the same.
        static string WithoutTime(byte[] b) => System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(b), "\"timeStamp\":\"[^\"]*\"", "");
        Assert.Equal(WithoutTime(plainBody), WithoutTime(Decode(encoding, packedBody)));
    }

    [Fact]
    public async Task Plain_json_is_never_compressed()
    {
        var (response, _) = await Get("/api/auth/me", "br, gzip");
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var (stats, _) = await Get("/api/stats?zone=TST", "br, gzip");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Empty(stats.Content.Headers.ContentEncoding);
    }
}
