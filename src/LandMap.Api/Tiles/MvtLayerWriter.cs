using Google.Protobuf;

namespace LandMap.Api.Tiles;

/// <summary>
/// One layer of a Mapbox vector tile (specification 2.1, vector_tile.proto), written with Google.Protobuf's
/// CodedOutputStream: features of polygons with their tags, then the keys and the deduplicated values. The field numbers
/// are the proto's: Tile.layers 3; Layer.name 1, features 2, keys 3, values 4, extent 5, version 15; Feature.tags 2,
/// type 3, geometry 4; Value.string_value 1, double_value 3, uint_value 5. The features are written once, into pooled
/// memory, and go to the response from there, between the layer's head and its keys and values.
/// </summary>
internal sealed class MvtLayerWriter
{
    private const int Polygon = 3;
    private readonly PooledBuffer _features;
    private readonly CodedOutputStream _out;
    private readonly string[] _keys;
    private readonly List<(string? Text, double Number, ulong Count)> _values = [];
    private readonly Dictionary<string, uint> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<double, uint> _doubles = [];
    private readonly Dictionary<ulong, uint> _counts = [];
    private readonly List<uint> _tags = new(16);

    /// <param name="capacity">Bytes the features are expected to take (the buffer grows past it).</param>
    public MvtLayerWriter(string[] keys, int capacity = 65536)
    {
        _keys = keys;
        _features = new PooledBuffer(capacity);
        _out = new CodedOutputStream(_features, leaveOpen: true);
    }

    public int FeatureCount { get; private set; }

    /// <summary>
    /// The index of a string value, to be used with <see cref="Tag(int, uint)"/>; <paramref name="unique"/> (a code, never
    /// repeated in a tile) skips the lookup.
    /// </summary>
    public uint Value(string value, bool unique = false)
    {
        if (!unique && _strings.TryGetValue(value, out var index)) return index;
        index = (uint)_values.Count;
        _values.Add((value, 0, 0));
        if (!unique) _strings[value] = index;
        return index;
    }

    public uint Value(double value)
    {
        if (_doubles.TryGetValue(value, out var index)) return index;
        index = (uint)_values.Count;
        _values.Add((null, value, 0));
        return _doubles[value] = index;
    }

    public uint Count(ulong value)
    {
        if (_counts.TryGetValue(value, out var index)) return index;
        index = (uint)_values.Count;
        _values.Add((null, double.NaN, value));
        return _counts[value] = index;
    }

    /// <summary>A tag of the feature being written: key <paramref name="key"/> (its index in the keys), value <paramref name="value"/>.</summary>
    public void Tag(int key, uint value)
    {
        _tags.Add((uint)key);
        _tags.Add(value);
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

    /// <summary>The tile holding this one layer (no bytes at all when it has no feature), to be written to a response.</summary>
    public MvtTileResult ToTile(string name, int extent)
    {
        _out.Flush();
        // The layer's fields after the features: keys, values, extent.
        var tail = new PooledBuffer(24 * _values.Count + 64);
        var o = new CodedOutputStream(tail, leaveOpen: true);
        foreach (var key in _keys)
        {
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString(key);
        }
        foreach (var (text, number, count) in _values)
        {
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            if (text is not null)
            {
                o.WriteLength(1 + CodedOutputStream.ComputeStringSize(text));
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(text);
            }
            else if (!double.IsNaN(number))
            {
                o.WriteLength(9);
                o.WriteTag(3, WireFormat.WireType.Fixed64);
                o.WriteDouble(number);
            }
            else
            {
                o.WriteLength(1 + CodedOutputStream.ComputeUInt64Size(count));
                o.WriteTag(5, WireFormat.WireType.Varint);
                o.WriteUInt64(count);
            }
        }
        o.WriteTag(5, WireFormat.WireType.Varint);
        o.WriteUInt32((uint)extent);
        o.Flush();
        // The layer's head (version, name), behind the tile's one field, the layer, which wraps all three parts.
        var headLength = 2 + 1 + CodedOutputStream.ComputeStringSize(name);
        var layerLength = headLength + (int)_features.Length + (int)tail.Length;
        var head = new byte[1 + CodedOutputStream.ComputeLengthSize(layerLength) + headLength];
        var h = new CodedOutputStream(head);
        h.WriteTag(3, WireFormat.WireType.LengthDelimited);
        h.WriteLength(layerLength);
        h.WriteTag(15, WireFormat.WireType.Varint);
        h.WriteUInt32(2);
        h.WriteTag(1, WireFormat.WireType.LengthDelimited);
        h.WriteString(name);
        h.CheckNoSpaceLeft();
        return new MvtTileResult(head, _features, tail);
    }
}
