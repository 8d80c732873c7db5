using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CsPerf.Engine.Storage;

/// <summary>
/// Interns UTF-8 strings to dense integers 0, 1, 2… in first-seen order, keeping the bytes in one arena.
/// </summary>
/// <remarks>
/// Readers intern ids straight from the input buffer, so no string is allocated per record. Not thread safe.
/// </remarks>
internal sealed class Utf8Interner
{
    private byte[] _data;
    private int _dataLength;
    private int[] _offsets;
    private int[] _hashes;
    private long[] _slots; // (hash << 32) | (index + 1); 0 = empty. The hash in the slot avoids touching entries on a miss.
    private int _count;
    private bool _unchecked; // GetOrAdd appends without looking (the caller checks for duplicates at the end)
    private volatile bool _stale; // entries are fine, the slot table is not: rebuilt on the next lookup
    private readonly object _indexGate = new();
    private string?[]? _strings; // allocated on the first GetString: most message ids never become strings

    public Utf8Interner(int capacity = 16)
    {
        capacity = Math.Max(capacity, 16);
        _data = new byte[capacity * 8];
        _offsets = new int[capacity + 1];
        _hashes = new int[capacity];
        _slots = new long[SlotCountFor(capacity)];
    }

    public int Count => _count;

    /// <summary>Bytes in the arena.</summary>
    internal int DataLength => _dataLength;

    /// <summary>
    /// Takes the page faults of the entries [<paramref name="from"/>, <paramref name="to"/>) and of the arena bytes
    /// [<paramref name="fromByte"/>, <paramref name="toByte"/>) ahead of the thread that appends them (any thread; see
    /// <see cref="PageTouch"/>).
    /// </summary>
    internal void TouchAhead(long from, long to, long fromByte, long toByte)
    {
        PageTouch.Range(_offsets, from, to + 1);
        PageTouch.Range(_hashes, from, to);
        PageTouch.Range(_data, fromByte, toByte);
    }

    public int GetOrAdd(ReadOnlySpan<byte> value, out bool added) => GetOrAdd(value, Hash(value), out added);

    /// <summary>
    /// Reads the slot where the lookup of a hash starts. A reader about to intern a batch of values touches all their
    /// slots first, so the cache misses of a big table overlap instead of coming one after another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Touch(int hash)
    {
        var slots = _slots;
        return slots[hash & (slots.Length - 1)];
    }

    /// <summary>Interns a value whose <see cref="Hash"/> is already known (computed on another thread, say).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, int hash, out bool added)
    {
        if (_unchecked)
        {
            added = true;
            return Append(value, hash);
        }

        EnsureIndexed();
        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (true)
        {
            long entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }

            if ((int)(entry >> 32) == hash)
            {
                int index = (int)entry - 1;
                if (GetBytes(index).SequenceEqual(value))
                {
                    added = false;
                    return index;
                }
            }

            slot = (slot + 1) & mask;
        }

        added = true;
        int newIndex = Append(value, hash);
        if ((long)_count * 2 > _slots.Length)
        {
            Rehash();
        }
        else
        {
            _slots[slot] = ((long)hash << 32) | (uint)(newIndex + 1);
        }

        return newIndex;
    }

    public int GetOrAdd(string value, out bool added)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = new byte[max]);
        int n = Encoding.UTF8.GetBytes(value, buffer);
        return GetOrAdd(buffer[..n], out added);
    }

    public int Find(ReadOnlySpan<byte> value)
    {
        EnsureIndexed();
        int hash = Hash(value);
        int mask = _slots.Length - 1;
        int slot = hash & mask;
        while (true)
        {
            long entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if ((int)(entry >> 32) == hash)
            {
                int index = (int)entry - 1;
                if (GetBytes(index).SequenceEqual(value))
                {
                    return index;
                }
            }

            slot = (slot + 1) & mask;
        }
    }

    public int Find(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        return Find(bytes);
    }

    /// <summary>
    /// From now on <see cref="GetOrAdd(ReadOnlySpan{byte}, int, out bool)"/> appends every value without looking it
    /// up (no random access into a big slot table per value); <see cref="EndUnchecked"/> then tells whether that
    /// was right. Only for an empty interner.
    /// </summary>
    public void BeginUnchecked()
    {
        if (_count != 0)
        {
            throw new InvalidOperationException("Only an empty interner can skip its lookups.");
        }

        _unchecked = true;
        _slots = new long[32];
    }

    /// <summary>
    /// Ends <see cref="BeginUnchecked"/>: true when all the values appended are distinct, so every GetOrAdd did add
    /// (the slot table is built on the next lookup); false when some value came twice: the entries are not those of
    /// checked interning and the interner must be discarded.
    /// </summary>
    public bool EndUnchecked()
    {
        _unchecked = false;
        _stale = true;
        return !HasDuplicates();
    }

    /// <summary>Whether two entries are equal, found by partitioning the hashes so that each part's table stays in cache.</summary>
    private bool HasDuplicates()
    {
        int n = _count;
        if (n < 2)
        {
            return false;
        }

        // Hashes are 31-bit: the top bits choose a part of at most a few thousand entries on average.
        int bits = 0;
        while (bits < 20 && (n >> bits) > 4096)
        {
            bits++;
        }

        int shift = 31 - bits;
        int parts = 1 << bits;
        var starts = new int[parts + 1];
        var hashes = _hashes;
        for (int i = 0; i < n; i++)
        {
            starts[(hashes[i] >> shift) + 1]++;
        }

        for (int p = 0; p < parts; p++)
        {
            starts[p + 1] += starts[p];
        }

        var order = new int[n];
        var next = (int[])starts.Clone();
        for (int i = 0; i < n; i++)
        {
            order[next[hashes[i] >> shift]++] = i;
        }

        long[] table = new long[64];
        for (int p = 0; p < parts; p++)
        {
            int from = starts[p], to = starts[p + 1];
            int size = 16;
            while (size < (to - from) * 2)
            {
                size *= 2;
            }

            if (table.Length < size)
            {
                table = new long[size];
            }

            var slots = table.AsSpan(0, size);
            slots.Clear();
            int mask = size - 1;
            for (int k = from; k < to; k++)
            {
                int index = order[k];
                int hash = hashes[index];
                int slot = (hash ^ (hash >> 13)) & mask;
                while (true)
                {
                    long entry = slots[slot];
                    if (entry == 0)
                    {
                        slots[slot] = ((long)hash << 32) | (uint)(index + 1);
                        break;
                    }

                    if ((int)(entry >> 32) == hash && GetBytes((int)entry - 1).SequenceEqual(GetBytes(index)))
                    {
                        return true;
                    }

                    slot = (slot + 1) & mask;
                }
            }
        }

        return false;
    }

    private void EnsureIndexed()
    {
        if (!_stale)
        {
            return;
        }

        lock (_indexGate)
        {
            if (_stale)
            {
                Rehash(SlotCountFor(_count));
                _stale = false;
            }
        }
    }

    public ReadOnlySpan<byte> GetBytes(int index) =>
        _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>The string of an entry, created once and cached.</summary>
    public string GetString(int index)
    {
        var strings = _strings;
        if (strings is null || strings.Length < _count)
        {
            // Racing readers of a built dataset may each allocate; any of the arrays will do (the strings are equal).
            var old = strings;
            strings = new string?[_offsets.Length];
            if (old is not null)
            {
                Array.Copy(old, strings, Math.Min(old.Length, strings.Length));
            }

            _strings = strings;
        }

        return strings[index] ??= Encoding.UTF8.GetString(GetBytes(index));
    }

    /// <summary>Ordinal (UTF-16 code unit) comparison of two entries, as <see cref="string.CompareOrdinal(string, string)"/>.</summary>
    public int CompareOrdinal(int a, int b)
    {
        if (a == b)
        {
            return 0;
        }

        return CompareUtf8Ordinal(GetBytes(a), GetBytes(b));
    }

    /// <summary>
    /// Compares UTF-8 strings in the order of their UTF-16 code units (ordinal string order). UTF-8 byte order agrees
    /// with it except between supplementary characters and U+E000..U+FFFF, which only non-ASCII ids reach.
    /// </summary>
    public static int CompareUtf8Ordinal(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        int common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        byte bx = x[common];
        byte by = y[common];
        if (bx < 0xEE && by < 0xEE)
        {
            return bx.CompareTo(by);
        }

        return string.CompareOrdinal(Encoding.UTF8.GetString(x), Encoding.UTF8.GetString(y));
    }

    public Utf8Interner Clone()
    {
        var copy = (Utf8Interner)MemberwiseClone();
        copy._data = (byte[])_data.Clone();
        copy._offsets = (int[])_offsets.Clone();
        copy._hashes = (int[])_hashes.Clone();
        copy._slots = (long[])_slots.Clone();
        copy._strings = (string?[]?)_strings?.Clone();
        return copy;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Hash(ReadOnlySpan<byte> value)
    {
        // 64-bit multiply-xor over 8-byte words: fast and good enough for an open-addressing table of ids.
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)value.Length;
        int i = 0;
        while (i + 8 <= value.Length)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(value[i..])) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 29;
            i += 8;
        }

        ulong tail = 0;
        int shift = 0;
        for (; i < value.Length; i++, shift += 8)
        {
            tail |= (ulong)value[i] << shift;
        }

        h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 32;
        return (int)h & int.MaxValue;
    }

    private int Append(ReadOnlySpan<byte> value, int hash)
    {
        if (_count + 1 >= _offsets.Length)
        {
            int cap = _offsets.Length * 2;
            Array.Resize(ref _offsets, cap);
            Array.Resize(ref _hashes, cap);
        }

        if (_dataLength + value.Length > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + value.Length));
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        int index = _count;
        _hashes[index] = hash;
        _offsets[index] = _dataLength;
        _dataLength += value.Length;
        _offsets[index + 1] = _dataLength;
        _count++;
        return index;
    }

    private void Rehash() => Rehash(_slots.Length * 2);

    private void Rehash(int size)
    {
        var slotsTable = new long[size];
        _slots = slotsTable;
        int mask = _slots.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            int slot = _hashes[i] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = ((long)_hashes[i] << 32) | (uint)(i + 1);
        }
    }

    private static int SlotCountFor(int capacity)
    {
        int n = 32;
        while (n < capacity * 2)
        {
            n *= 2;
        }

        return n;
    }
}
