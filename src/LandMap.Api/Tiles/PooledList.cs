using System.Buffers;

namespace LandMap.Api.Tiles;

/// <summary>
/// A list over an array rented from the shared pool, growing by doubling: a tile's scratch lists of tens of thousands of
/// entries reuse memory instead of allocating large-object-heap arrays per request. Dispose returns the array.
/// </summary>
internal sealed class PooledList<T>(int capacity = 1024) : IDisposable
{
    private T[] _array = ArrayPool<T>.Shared.Rent(capacity);

    public int Count { get; private set; }

    public T this[int index] => Span[index];

    public ReadOnlySpan<T> Span => _array.AsSpan(0, Count);

    public void Add(T value)
    {
        if (Count == _array.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(2 * _array.Length);
            _array.AsSpan(0, Count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(_array);
            _array = larger;
        }
        _array[Count++] = value;
    }

    public void Dispose()
    {
        if (_array.Length > 0) ArrayPool<T>.Shared.Return(_array);
        _array = [];
        Count = 0;
    }
}
