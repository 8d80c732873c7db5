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
    private long[] _slots; // (hash << 32) | (index + 1); 0 = empty. The hash in the slot avoids touching entries on a miss.
    private readonly int _indexCapacity; // the entries the slot table is first sized for
    private int _count;
    private bool _unchecked; // GetOrAdd appends without looking (the caller checks for duplicates at the end)
    private HashParts? _hashes; // while unchecked: the hash of each entry in parts, for the check at the end (no hashing again)
    private List<HashParts>? _hashesElsewhere; // while unchecked: hashes that other threads keep (see KeepHashesElsewhere)
    private volatile bool _stale; // entries are fine, the slot table is not: built on the next lookup
    private readonly object _indexGate = new();
    private string?[]? _strings; // allocated on the first GetString: most message ids never become strings

    /// <summary>An empty interner.</summary>
    /// <param name="capacity">The entries the arrays are sized for (they grow past it).</param>
    /// <param name="bytesPerEntry">The arena bytes reserved per entry.</param>
    /// <remarks>
    /// The slot table is allocated on the first lookup, not here: an interner that starts with
    /// <see cref="BeginUnchecked"/> (the message ids of a big load) never needs one unless something looks an id up.
    /// No hash is kept per entry: a growing table takes them from its slots, a table built afresh recomputes them.
    /// </remarks>
    public Utf8Interner(int capacity = 16, int bytesPerEntry = 8)
    {
        capacity = Math.Max(capacity, 16);
        _data = new byte[(long)capacity * bytesPerEntry > Array.MaxLength ? Array.MaxLength : capacity * bytesPerEntry];
        _offsets = new int[capacity + 1];
        _indexCapacity = capacity;
        _slots = new long[32];
        _stale = true;
    }

    public int Count => _count;

    /// <summary>Bytes in the arena.</summary>
    internal int DataLength => _dataLength;

    /// <summary>Whether <see cref="BeginUnchecked"/> is on: values are appended without lookups.</summary>
    internal bool IsUnchecked => _unchecked;

    /// <summary>
    /// Takes the page faults of the entries [<paramref name="from"/>, <paramref name="to"/>) and of the arena bytes
    /// [<paramref name="fromByte"/>, <paramref name="toByte"/>) ahead of the thread that appends them (any thread; see
    /// <see cref="PageTouch"/>).
    /// </summary>
    internal void TouchAhead(long from, long to, long fromByte, long toByte)
    {
        PageTouch.Range(_offsets, from, to + 1);
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

    /// <summary>
    /// After <see cref="Touch"/> of a batch: reads the entry the slot of a hash holds when its hash matches (its offset
    /// and first bytes), so that the compare of the lookup finds them in cache; the probe's first slot only (a hint).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TouchEntry(int hash)
    {
        var slots = _slots;
        long entry = slots[hash & (slots.Length - 1)];
        if ((int)(entry >> 32) != hash || entry == 0)
        {
            return 0;
        }

        var offsets = _offsets;
        int index = (int)entry - 1;
        if ((uint)index >= (uint)(offsets.Length - 1))
        {
            return 0;
        }

        int at = offsets[index];
        var data = _data;
        return (uint)at < (uint)data.Length ? data[at] : 0;
    }

    /// <summary>Interns a value whose <see cref="Hash"/> is already known (computed on another thread, say).</summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, int hash, out bool added)
    {
        if (_unchecked)
        {
            added = true;
            _hashes!.Add(hash);
            return Append(value);
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
        int newIndex = Append(value);
        _slots[slot] = ((long)hash << 32) | (uint)(newIndex + 1);
        if ((long)_count * 2 > _slots.Length)
        {
            Grow();
        }

        return newIndex;
    }

    /// <summary>
    /// While unchecked: parts where another thread keeps the hashes of values that will be appended with
    /// <see cref="AppendUnchecked"/> (the check at the end reads them with the interner's own), one of
    /// <paramref name="share"/> such. Not thread safe: call before handing the parts over.
    /// </summary>
    public HashParts KeepHashesElsewhere(int share)
    {
        if (!_unchecked)
        {
            throw new InvalidOperationException("Only unchecked interning keeps hashes elsewhere.");
        }

        var parts = new HashParts(_indexCapacity, share);
        if (_hashesElsewhere is null && _count == 0)
        {
            // Most hashes will be kept elsewhere: the interner's own parts need only room for a few.
            _hashes = new HashParts(_indexCapacity, share: 256);
        }

        (_hashesElsewhere ??= []).Add(parts);
        return parts;
    }

    /// <summary>While unchecked: appends a value whose hash is in parts of <see cref="KeepHashesElsewhere"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AppendUnchecked(ReadOnlySpan<byte> value)
    {
        if (!_unchecked)
        {
            ThrowNotUnchecked();
        }

        return Append(value);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNotUnchecked() => throw new InvalidOperationException("The interner is not unchecked.");

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
        _stale = true;
        _hashes = new HashParts(_indexCapacity);
        if (_slots.Length > 32)
        {
            _slots = new long[32];
        }
    }

    /// <summary>
    /// Ends <see cref="BeginUnchecked"/>: true when all the values appended are distinct, so every GetOrAdd did add
    /// (the slot table is built on the next lookup); false when some value came twice: the entries are not those of
    /// checked interning and the interner must be discarded.
    /// </summary>
    /// <param name="threads">Threads the check may use (more than one where nothing else waits to run).</param>
    public bool EndUnchecked(int threads = 1)
    {
        _unchecked = false;
        _stale = true;
        return !HasDuplicates(Math.Clamp(threads, 1, Environment.ProcessorCount));
    }

    /// <summary>
    /// Whether two entries are equal. The hashes of all entries (kept in parts by their top bits as they were appended:
    /// the caller had them) are checked part by part, each with a table that stays in cache, on up to two threads; a
    /// hash met twice is a candidate, and only the entries with a candidate hash (found by hashing again) are compared.
    /// No array of entry indices is needed.
    /// </summary>
    private bool HasDuplicates(int threads)
    {
        var own = _hashes ?? throw new InvalidOperationException("EndUnchecked without BeginUnchecked.");
        List<HashParts> hashes = [own, .. _hashesElsewhere ?? []];
        _hashes = null;
        _hashesElsewhere = null;
        if (_count < 2)
        {
            return false;
        }

        int parts = own.PartCount;
        threads = parts < 64 ? 1 : threads;
        var found = new List<int>[threads];
        Parallel.For(0, threads, t =>
        {
            found[t] = [];
            HashParts.Candidates(hashes, parts * t / threads, parts * (t + 1) / threads, found[t]);
        });
        var candidates = found.SelectMany(f => f).ToList();
        return candidates.Count > 0 && HasEqualEntries(candidates, threads);
    }

    /// <summary>Whether two entries whose hash is among <paramref name="candidates"/> are equal.</summary>
    private bool HasEqualEntries(List<int> candidates, int threads)
    {
        const int FilterBits = 20;
        var set = new HashSet<int>(candidates);
        var filter = new ulong[(1 << FilterBits) / 64];
        foreach (int c in set)
        {
            int bit = c & ((1 << FilterBits) - 1);
            filter[bit >> 6] |= 1UL << bit;
        }

        // (hash << 32) | index, sorted below so that equal hashes are adjacent; the entries in parts on the threads.
        threads = _count < 100_000 ? 1 : threads;
        var halves = new List<long>[threads];
        Parallel.For(0, threads, t =>
        {
            var part = halves[t] = [];
            for (int i = (int)((long)_count * t / threads), end = (int)((long)_count * (t + 1) / threads); i < end; i++)
            {
                int h = Hash(GetBytes(i));
                int bit = h & ((1 << FilterBits) - 1);
                if ((filter[bit >> 6] & (1UL << bit)) != 0 && set.Contains(h))
                {
                    part.Add(((long)h << 32) | (uint)i);
                }
            }
        });
        var found = halves.SelectMany(h => h).ToList();
        found.Sort();
        for (int a = 0; a < found.Count; a++)
        {
            for (int b = a + 1; b < found.Count && (found[b] >> 32) == (found[a] >> 32); b++)
            {
                if (GetBytes((int)found[a]).SequenceEqual(GetBytes((int)found[b])))
                {
                    return true;
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
                Index(SlotCountFor(Math.Max(_count, _indexCapacity)));
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
        copy._slots = (long[])_slots.Clone();
        copy._strings = (string?[]?)_strings?.Clone();
        copy._hashes = _hashes?.Clone();
        copy._hashesElsewhere = _hashesElsewhere?.Select(h => h.Clone()).ToList();
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the growth is out of line
    private int Append(ReadOnlySpan<byte> value)
    {
        if (_count + 1 >= _offsets.Length)
        {
            GrowEntries();
        }

        if (_dataLength + value.Length > _data.Length)
        {
            GrowData(value.Length);
        }

        value.CopyTo(_data.AsSpan(_dataLength));
        int index = _count;
        _offsets[index] = _dataLength;
        _dataLength += value.Length;
        _offsets[index + 1] = _dataLength;
        _count++;
        return index;
    }

    private void GrowEntries()
    {
        Array.Resize(ref _offsets, _offsets.Length * 2);
    }

    private void GrowData(int length) => Array.Resize(ref _data, Math.Max(_data.Length * 2, _dataLength + length));

    /// <summary>Doubles the slot table, taking each entry's hash from its slot.</summary>
    private void Grow() => _slots = HashSlots.Doubled(_slots);

    /// <summary>Builds a slot table of <paramref name="size"/> slots for all entries, hashing them afresh.</summary>
    private void Index(int size)
    {
        var slots = new long[size];
        int mask = size - 1;
        for (int i = 0; i < _count; i++)
        {
            int hash = Hash(GetBytes(i));
            int slot = hash & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = ((long)hash << 32) | (uint)(i + 1);
        }

        _slots = slots;
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
