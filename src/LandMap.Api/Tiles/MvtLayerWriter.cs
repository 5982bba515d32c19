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
    /// <remarks>
    /// Written as varints straight into the features' pooled memory, not through CodedOutputStream: per integer its
    /// stream-backed writer was a sixth of a heavy tile's build (perf, a 1.5 MB z11 tile at 1M parcels).
    /// </remarks>
    public void Feature(ReadOnlySpan<uint> geometry)
    {
        var tags = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tags);
        var tagsLength = SizeOf(tags);
        var geometryLength = SizeOf(geometry);
        var length = 1 + CodedOutputStream.ComputeLengthSize(tagsLength) + tagsLength + 2
                     + 1 + CodedOutputStream.ComputeLengthSize(geometryLength) + geometryLength;
        var span = _features.Append(1 + CodedOutputStream.ComputeLengthSize(length) + length);
        var at = 0;
        span[at++] = Key(2, WireFormat.WireType.LengthDelimited); // Layer.features
        at = Varint(span, at, (uint)length);
        span[at++] = Key(2, WireFormat.WireType.LengthDelimited); // Feature.tags (packed)
        at = Varint(span, at, (uint)tagsLength);
        foreach (var t in tags) at = Varint(span, at, t);
        span[at++] = Key(3, WireFormat.WireType.Varint); // Feature.type
        span[at++] = Polygon;
        span[at++] = Key(4, WireFormat.WireType.LengthDelimited); // Feature.geometry (packed)
        at = Varint(span, at, (uint)geometryLength);
        foreach (var g in geometry) at = Varint(span, at, g);
        _tags.Clear();
        FeatureCount++;
    }

    /// <summary>A field's key byte (fields 1 … 15): number and wire type, as WireFormat.MakeTag gives it.</summary>
    private static byte Key(int field, WireFormat.WireType type) => (byte)WireFormat.MakeTag(field, type);

    private static int SizeOf(ReadOnlySpan<uint> values)
    {
        var size = 0;
        foreach (var v in values) size += CodedOutputStream.ComputeUInt32Size(v);
        return size;
    }

    /// <summary>Writes a base-128 varint (protobuf encoding: low 7 bits first, high bit set on all but the last byte) at <paramref name="at"/>; returns the position after it.</summary>
    private static int Varint(Span<byte> span, int at, uint value)
    {
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[at++] = (byte)value;
        return at;
    }

    /// <summary>The tile holding this one layer (no bytes at all when it has no feature), to be written to a response.</summary>
    public MvtTileResult ToTile(string name, int extent)
    {
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
