using System.Buffers;

namespace LandMap.Api.Tiles;

/// <summary>
/// A write-only stream over arrays rented from the shared pool, growing by doubling: a tile of megabytes is written into
/// reused memory instead of new large-object-heap arrays (each of which the GC would have to collect, pausing every
/// request). Dispose returns the array.
/// </summary>
internal sealed class PooledBuffer(int capacity) : Stream
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(Math.Max(256, capacity));
    private int _length;

    public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _length);

    public override void Write(ReadOnlySpan<byte> buffer) => buffer.CopyTo(Append(buffer.Length));

    /// <summary>The next <paramref name="count"/> bytes, counted as written: the caller fills them.</summary>
    public Span<byte> Append(int count)
    {
        if (_length + count > _array.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _array.Length, _length + count));
            _array.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
        var span = _array.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing && _array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _length = 0;
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// A built vector tile as an HTTP answer: written from its parts (the layer's head, its features, its keys and values)
/// straight to the response, then its pooled memory goes back; no feature: 204.
/// </summary>
public sealed class MvtTileResult : IResult
{
    private readonly byte[] head;
    private readonly PooledBuffer features, tail;

    internal MvtTileResult(byte[] head, PooledBuffer features, PooledBuffer tail) => (this.head, this.features, this.tail) = (head, features, tail);

    public long Length => head.Length + features.Length + tail.Length;

    /// <summary>Returns the buffers without answering (a tile built only to warm the builder up).</summary>
    internal void Discard()
    {
        features.Dispose();
        tail.Dispose();
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (features)
        using (tail)
        {
            var response = httpContext.Response;
            if (features.Length == 0)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            response.ContentType = TilesApi.MediaType;
            response.ContentLength = Length;
            await response.Body.WriteAsync(head, httpContext.RequestAborted);
            await response.Body.WriteAsync(features.Written, httpContext.RequestAborted);
            await response.Body.WriteAsync(tail.Written, httpContext.RequestAborted);
        }
    }

    /// <summary>The tile's bytes in one array (tests, the tile cache).</summary>
    public byte[] ToArray()
    {
        if (features.Length == 0) return [];
        return [.. head, .. features.Written.Span, .. tail.Written.Span];
    }
}
