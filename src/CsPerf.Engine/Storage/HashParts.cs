using System.Runtime.CompilerServices;

namespace CsPerf.Engine.Storage;

/// <summary>
/// The 31-bit hashes of values appended without lookups (<see cref="Utf8Interner.BeginUnchecked"/>), kept in parts by
/// their top bits as they come: each part is a run of one big array, so the check at the end reads part after part
/// with a table that stays in cache, instead of permuting one column of all hashes in place (a chain of dependent
/// cache misses, one per value). Not thread safe while values are added; <see cref="Candidates"/> may run on
/// several threads.
/// </summary>
internal sealed class HashParts
{
    /// <summary>The hashes a part is sized for, about: its table (twice the slots, 4 bytes each) stays in the L2 cache.</summary>
    private const int PartTarget = 16_384;

    private const int MaxBits = 12;

    private readonly uint[] _store; // part p holds _fill[p] hashes from p * _stride (the rest in _overflow[p])
    private readonly int[] _fill;
    private readonly List<uint>?[] _overflow;
    private readonly int _stride;
    private readonly int _shift;

    /// <summary>Parts for about <paramref name="expected"/> hashes (more only fill the parts' overflow lists).</summary>
    public HashParts(int expected)
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
        _stride = (int)Math.Min((long)expected / parts * 5 / 4 + 64, (Array.MaxLength - 1L) / parts);

        // Not cleared: a page is first touched when a hash is written to it.
        _store = GC.AllocateUninitializedArray<uint>(parts * _stride);
        _fill = new int[parts];
        _overflow = new List<uint>?[parts];
    }

    private HashParts(HashParts other)
    {
        _store = (uint[])other._store.Clone();
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
        int at = _fill[p];
        if (at == _stride)
        {
            AddOverflow(p, hash);
            return;
        }

        _store[(p * _stride) + at] = (uint)hash;
        _fill[p] = at + 1;
    }

    /// <summary>A copy (for <see cref="Utf8Interner.Clone"/>).</summary>
    public HashParts Clone() => new(this);

    /// <summary>
    /// Adds to <paramref name="candidates"/> every hash met more than once in parts [<paramref name="from"/>,
    /// <paramref name="to"/>) (once per repeat).
    /// </summary>
    public void Candidates(int from, int to, List<int> candidates)
    {
        uint[] table = new uint[64];
        for (int p = from; p < to; p++)
        {
            var part = _store.AsSpan(p * _stride, _fill[p]);
            var more = _overflow[p];
            int count = part.Length + (more?.Count ?? 0);
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
            foreach (uint h in part)
            {
                Insert(slots, mask, h, candidates);
            }

            if (more is not null)
            {
                foreach (uint h in more)
                {
                    Insert(slots, mask, h, candidates);
                }
            }
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

    private void AddOverflow(int part, int hash) => (_overflow[part] ??= []).Add((uint)hash);
}
