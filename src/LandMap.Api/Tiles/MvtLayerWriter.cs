using Google.Protobuf;

namespace LandMap.Api.Tiles;

/// <summary>
/// One layer of a Mapbox vector tile (specification 2.1, vector_tile.proto), written with Google.Protobuf's
/// CodedOutputStream: features of polygons with their tags, then the keys and the deduplicated values. The field numbers
/// are the proto's: Tile.layers 3; Layer.name 1, features 2, keys 3, values 4, extent 5, version 15; Feature.tags 2,
/// type 3, geometry 4; Value.string_value 1, double_value 3, uint_value 5.
/// </summary>
internal sealed class MvtLayerWriter
{
    private const int Polygon = 3;
    private readonly MemoryStream _features = new();
    private readonly CodedOutputStream _out;
    private readonly string[] _keys;
    private readonly List<object> _values = [];
    private readonly Dictionary<string, uint> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<double, uint> _doubles = [];
    private readonly Dictionary<ulong, uint> _uints = [];
    private readonly List<uint> _tags = [];

    public MvtLayerWriter(string[] keys)
    {
        _keys = keys;
        _out = new CodedOutputStream(_features, leaveOpen: true);
    }

    public int FeatureCount { get; private set; }

    /// <summary>A tag of key <paramref name="key"/> (its index in the keys) with a string value; a unique value (a code) skips the lookup.</summary>
    public void Tag(int key, string value, bool unique = false)
    {
        if (unique || !_strings.TryGetValue(value, out var index))
        {
            index = (uint)_values.Count;
            _values.Add(value);
            if (!unique) _strings[value] = index;
        }
        _tags.Add((uint)key);
        _tags.Add(index);
    }

    public void Tag(int key, double value)
    {
        if (!_doubles.TryGetValue(value, out var index))
        {
            index = (uint)_values.Count;
            _values.Add(value);
            _doubles[value] = index;
        }
        _tags.Add((uint)key);
        _tags.Add(index);
    }

    public void Tag(int key, ulong value)
    {
        if (!_uints.TryGetValue(value, out var index))
        {
            index = (uint)_values.Count;
            _values.Add(value);
            _uints[value] = index;
        }
        _tags.Add((uint)key);
        _tags.Add(index);
    }

    /// <summary>Ends a polygon feature with the tags given since the last one and its command integers.</summary>
    public void Feature(ReadOnlySpan<uint> geometry)
    {
        var tagsLength = 0;
        foreach (var t in _tags) tagsLength += CodedOutputStream.ComputeUInt32Size(t);
        var geometryLength = 0;
        foreach (var g in geometry) geometryLength += CodedOutputStream.ComputeUInt32Size(g);
        var length = 1 + CodedOutputStream.ComputeLengthSize(tagsLength) + tagsLength + 2
                     + 1 + CodedOutputStream.ComputeLengthSize(geometryLength) + geometryLength;
        _out.WriteTag(2, WireFormat.WireType.LengthDelimited);
        _out.WriteLength(length);
        _out.WriteTag(2, WireFormat.WireType.LengthDelimited);
        _out.WriteLength(tagsLength);
        foreach (var t in _tags) _out.WriteUInt32(t);
        _out.WriteTag(3, WireFormat.WireType.Varint);
        _out.WriteEnum(Polygon);
        _out.WriteTag(4, WireFormat.WireType.LengthDelimited);
        _out.WriteLength(geometryLength);
        foreach (var g in geometry) _out.WriteUInt32(g);
        _tags.Clear();
        FeatureCount++;
    }

    /// <summary>Drops the tags of a feature that was not written (its geometry collapsed).</summary>
    public void Discard() => _tags.Clear();

    /// <summary>The tile holding this one layer (empty when it has no feature).</summary>
    public byte[] ToTile(string name, int extent)
    {
        if (FeatureCount == 0) return [];
        _out.Flush();
        using var layer = new MemoryStream((int)_features.Length + 64 * _values.Count + 64);
        var o = new CodedOutputStream(layer, leaveOpen: true);
        o.WriteTag(15, WireFormat.WireType.Varint);
        o.WriteUInt32(2);
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteString(name);
        o.Flush();
        _features.Position = 0;
        _features.CopyTo(layer);
        foreach (var key in _keys)
        {
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString(key);
        }
        foreach (var value in _values)
        {
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            switch (value)
            {
                case string s:
                    o.WriteLength(1 + CodedOutputStream.ComputeStringSize(s));
                    o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    o.WriteString(s);
                    break;
                case double d:
                    o.WriteLength(9);
                    o.WriteTag(3, WireFormat.WireType.Fixed64);
                    o.WriteDouble(d);
                    break;
                case ulong u:
                    o.WriteLength(1 + CodedOutputStream.ComputeUInt64Size(u));
                    o.WriteTag(5, WireFormat.WireType.Varint);
                    o.WriteUInt64(u);
                    break;
            }
        }
        o.WriteTag(5, WireFormat.WireType.Varint);
        o.WriteUInt32((uint)extent);
        o.Flush();
        var tile = new MemoryStream((int)layer.Length + 8);
        var t = new CodedOutputStream(tile, leaveOpen: true);
        t.WriteTag(3, WireFormat.WireType.LengthDelimited);
        t.WriteLength((int)layer.Length);
        t.Flush();
        layer.Position = 0;
        layer.CopyTo(tile);
        return tile.ToArray();
    }
}
