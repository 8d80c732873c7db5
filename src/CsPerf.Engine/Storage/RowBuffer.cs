using System.Collections;

namespace CsPerf.Engine.Storage;

/// <summary>
/// The rows of one kind a <see cref="DatasetBuilder"/> collects (orders, refunds, …): a list that hands its array over
/// without a copy when it is exactly full (<see cref="ToArray"/>, at build), and that can take over an array filled
/// ahead on another thread (<see cref="Adopt"/>). Not thread safe.
/// </summary>
/// <typeparam name="T">The row.</typeparam>
internal sealed class RowBuffer<T> : IReadOnlyList<T>
    where T : struct
{
    private T[] _items = [];
    private int _count;

    /// <summary>Rows added.</summary>
    public int Count => _count;

    /// <summary>The row at <paramref name="index"/>.</summary>
    public T this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Adds a row.</summary>
    public void Add(in T row)
    {
        if (_count == _items.Length)
        {
            Grow(_count + 1);
        }

        _items[_count++] = row;
    }

    /// <summary>Makes room for <paramref name="capacity"/> rows in all (an exact reserve leaves no copy at build).</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > _items.Length)
        {
            Array.Resize(ref _items, capacity);
        }
    }

    /// <summary>
    /// Takes over <paramref name="rows"/> (while empty), of which the first <paramref name="count"/> are added; the others
    /// are room, already holding what <see cref="Next"/> reads.
    /// </summary>
    public void Adopt(T[] rows, int count)
    {
        if (_count != 0 || (uint)count > (uint)rows.Length)
        {
            throw new InvalidOperationException("Rows are adopted only by an empty buffer, at most as many as the array holds.");
        }

        _items = rows;
        _count = count;
    }

    /// <summary>The row the next <see cref="Add"/> overwrites, as an adopted array holds it; the default row past the room.</summary>
    public T Next() => _count < _items.Length ? _items[_count] : default;

    /// <summary>The rows as an exact-size array: the buffer's own when it is exactly full (no copy), else a copy.</summary>
    public T[] ToArray() => _count == _items.Length ? _items : _items.AsSpan(0, _count).ToArray();

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Grow(int needed) => Array.Resize(ref _items, Math.Max(needed, Math.Max(4, _items.Length * 2)));
}
