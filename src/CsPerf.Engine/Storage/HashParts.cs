using System.Runtime.CompilerServices;

namespace CsPerf.Engine.Storage;

/// <summary>
/// The 31-bit hashes of values appended without lookups (<see cref="Utf8Interner.BeginUnchecked"/>), kept in parts by
/// their top bits as they come: each part is a run of one big array, so the check at the end reads part after part
/// with a table that stays in cache, instead of permuting one column of all hashes in place (a chain of dependent
/// cache misses, one per value). A part's hashes are gathered 16 at a time (a cache line) in a small buffer and
/// written to the big array a line at a time, so that adding touches a few lines in cache instead of one of a
/// thousand pages. Not thread safe while values are added; <see cref="Candidates"/> may run on several threads.
/// </summary>
internal sealed class HashParts
{
    /// <summary>The hashes a part is sized for, about: its table (twice the slots, 4 bytes each) stays in the L2 cache.</summary>
    private const int PartTarget = 16_384;

    private const int MaxBits = 12;

    private const int Line = 16; // hashes per 64-byte cache line

    private readonly uint[] _store; // part p's first _stride written hashes from p * _stride (the rest in _overflow[p])
    private readonly uint[] _pending; // part p's last _fill[p] % Line hashes from p * Line, not written yet
    private readonly int[] _fill; // hashes added to each part
    private readonly List<uint>?[] _overflow;
    private readonly int _stride;
    private readonly int _shift;

    /// <summary>Parts for about <paramref name="expected"/> hashes (more only fill the parts' overflow lists).</summary>
    /// <param name="expected">The hashes of all the parts that are checked together: they must be made with the same.</param>
    /// <param name="share">The parts are one of this many that share the hashes (each sized for its share).</param>
    public HashParts(int expected, int share = 1)
    {
        expected = Math.Max(expected, 16);
        int bits = 0;
        while (bits < MaxBits && (expected >> bits) > PartTarget)
        {
            bits++;
        }

        _shift = 31 - bits;
        int parts = 1 << bits;

        // A quarter more than the even share (and a little more for small parts): a part of hashes is binomial, so
        // with the reader's estimate above the real count the overflow lists stay empty.
        _stride = (int)Math.Min((long)expected / Math.Max(1, share) / parts * 5 / 4 + 64, (Array.MaxLength - 1L) / parts) & ~(Line - 1);

        // Not cleared: a page is first touched when a hash is written to it.
        _store = GC.AllocateUninitializedArray<uint>(parts * _stride);
        _pending = new uint[parts * Line];
        _fill = new int[parts];
        _overflow = new List<uint>?[parts];
    }

    private HashParts(HashParts other)
    {
        _store = (uint[])other._store.Clone();
        _pending = (uint[])other._pending.Clone();
        _fill = (int[])other._fill.Clone();
        _overflow = other._overflow.Select(o => o is null ? null : new List<uint>(o)).ToArray();
        _stride = other._stride;
        _shift = other._shift;
    }

    /// <summary>The number of parts.</summary>
    public int PartCount => _fill.Length;

    /// <summary>Keeps a hash (31 bits: non-negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int hash)
    {
        int p = hash >> _shift;
        int n = _fill[p]++;
        int k = n & (Line - 1);
        _pending[(p * Line) + k] = (uint)hash;
        if (k == Line - 1)
        {
            Write(p, n - k);
        }
    }

    /// <summary>A copy (for <see cref="Utf8Interner.Clone"/>).</summary>
    public HashParts Clone() => new(this);

    /// <summary>
    /// Adds to <paramref name="candidates"/> every hash met more than once in parts [<paramref name="from"/>,
    /// <paramref name="to"/>) of all of <paramref name="all"/> together (once per repeat); they were made for the same
    /// expected count, so that their parts cover the same hashes.
    /// </summary>
    public static void Candidates(IReadOnlyList<HashParts> all, int from, int to, List<int> candidates)
    {
        uint[] table = new uint[64];
        for (int p = from; p < to; p++)
        {
            int count = 0;
            foreach (var one in all)
            {
                count += one._fill[p];
            }

            int size = 16;
            while (size < count * 2)
            {
                size *= 2;
            }

            if (table.Length < size)
            {
                table = new uint[size];
            }

            var slots = table.AsSpan(0, size);
            slots.Clear();
            int mask = size - 1;
            foreach (var one in all)
            {
                one.InsertPart(p, slots, mask, candidates);
            }
        }
    }

    private void InsertPart(int p, Span<uint> slots, int mask, List<int> candidates)
    {
        int written = _fill[p] & ~(Line - 1);
        foreach (uint h in _store.AsSpan(p * _stride, Math.Min(written, _stride)))
        {
            Insert(slots, mask, h, candidates);
        }

        if (_overflow[p] is { } more)
        {
            foreach (uint h in more)
            {
                Insert(slots, mask, h, candidates);
            }
        }

        foreach (uint h in _pending.AsSpan(p * Line, _fill[p] - written))
        {
            Insert(slots, mask, h, candidates);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Insert(Span<uint> slots, int mask, uint hash, List<int> candidates)
    {
        uint key = hash + 1; // never 0: hashes are 31-bit
        int slot = (int)(hash ^ (hash >> 13)) & mask;
        while (true)
        {
            uint entry = slots[slot];
            if (entry == 0)
            {
                slots[slot] = key;
                return;
            }

            if (entry == key)
            {
                candidates.Add((int)hash);
                return;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Writes the full line of pending hashes of part <paramref name="p"/>, the part's hashes from <paramref name="first"/> on.</summary>
    private void Write(int p, int first)
    {
        var line = _pending.AsSpan(p * Line, Line);
        if (first < _stride)
        {
            line.CopyTo(_store.AsSpan((p * _stride) + first)); // the stride is a multiple of the line
        }
        else
        {
            (_overflow[p] ??= []).AddRange(line);
        }
    }
}
