using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CsPerf.Engine.Storage;

/// <summary>
/// The customers of a dataset by (shop index, customer id bytes): dense indices 0, 1, 2… in first-seen order.
/// </summary>
/// <remarks>
/// One open-addressing table whose slots point straight at a compact record (index, shop, length, bytes) in one
/// arena: a known customer costs the slot and its record, where a name interner plus a dictionary keyed by
/// (shop, name index) cost five dependent cache misses. The hash is <see cref="Utf8Interner.Hash"/> of the id alone
/// (the same as the name interner's), so a reader that has it can <see cref="Touch"/> the slot ahead. Not thread safe.
/// </remarks>
internal sealed class CustomerTable
{
    private const int Header = 10; // int index, int shop, ushort length

    private long[] _slots; // (hash << 32) | (record offset + 1); 0 = empty
    private byte[] _records;
    private int _used;
    private int _count;

    /// <summary>An empty table.</summary>
    /// <param name="capacity">The customers it is sized for (it grows past them).</param>
    public CustomerTable(int capacity)
    {
        capacity = Math.Max(capacity, 16);
        int slots = 32;
        while (slots < capacity * 2)
        {
            slots *= 2;
        }

        _slots = new long[slots];
        _records = new byte[Math.Min((long)capacity * (Header + 10), Array.MaxLength)];
    }

    /// <summary>Customers in the table.</summary>
    public int Count => _count;

    /// <summary>Reads the slot where the lookup of a hash starts (see <see cref="Utf8Interner.Touch"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Touch(int hash)
    {
        var slots = _slots;
        return slots[hash & (slots.Length - 1)];
    }

    /// <summary>
    /// Reads the record a lookup of the hash meets first, when the slot where it starts holds that hash (after a
    /// <see cref="Touch"/> of the same hash, so that the slot is at hand): the second cache miss of a known customer,
    /// taken ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TouchRecord(int hash)
    {
        var slots = _slots;
        long entry = slots[hash & (slots.Length - 1)];
        return (int)(entry >> 32) == hash ? _records[(int)entry - 1] : 0;
    }

    /// <summary>The index of (shop, id), added as the next index when new.</summary>
    /// <param name="shop">The shop index.</param>
    /// <param name="id">The customer id (UTF-8, at most <see cref="IdRules.MaxUtf8Bytes"/> bytes).</param>
    /// <param name="hash">The <see cref="Utf8Interner.Hash"/> of <paramref name="id"/>.</param>
    /// <param name="added">Whether the pair was new.</param>
    public int GetOrAdd(int shop, ReadOnlySpan<byte> id, int hash, out bool added)
    {
        int known = Probe(shop, id, hash, out int slot);
        if (known >= 0)
        {
            added = false;
            return known;
        }

        added = true;
        int index = _count;
        int offset = Append(index, shop, id);
        _slots[slot] = ((long)hash << 32) | (uint)(offset + 1);
        _count++;
        if ((long)_count * 2 > _slots.Length)
        {
            Grow();
        }

        return index;
    }

    /// <summary>The index of (shop, id), or -1 when the pair never occurs.</summary>
    public int Find(int shop, ReadOnlySpan<byte> id) => Probe(shop, id, Utf8Interner.Hash(id), out _);

    /// <summary>The index of (shop, id), or -1 with <paramref name="slot"/> the empty slot where it would be added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(int shop, ReadOnlySpan<byte> id, int hash, out int slot)
    {
        int mask = _slots.Length - 1;
        slot = hash & mask;
        while (true)
        {
            long entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if ((int)(entry >> 32) == hash && Matches((int)entry - 1, shop, id) is int known and >= 0)
            {
                return known;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The index of the record at <paramref name="offset"/> when it holds (shop, id), else -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Matches(int offset, int shop, ReadOnlySpan<byte> id)
    {
        var record = _records.AsSpan(offset);
        return BinaryPrimitives.ReadInt32LittleEndian(record[4..]) == shop
            && BinaryPrimitives.ReadUInt16LittleEndian(record[8..]) == id.Length
            && record.Slice(Header, id.Length).SequenceEqual(id)
            ? BinaryPrimitives.ReadInt32LittleEndian(record)
            : -1;
    }

    private int Append(int index, int shop, ReadOnlySpan<byte> id)
    {
        if (id.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A customer id is longer than a record holds.", nameof(id));
        }

        int size = Header + id.Length;
        if (_used + size > _records.Length)
        {
            Array.Resize(ref _records, (int)Math.Min(Math.Max((long)_records.Length * 2, _used + size), Array.MaxLength));
        }

        int offset = _used;
        var record = _records.AsSpan(offset, size);
        BinaryPrimitives.WriteInt32LittleEndian(record, index);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], shop);
        BinaryPrimitives.WriteUInt16LittleEndian(record[8..], (ushort)id.Length);
        id.CopyTo(record[Header..]);
        _used += size;
        return offset;
    }

    /// <summary>Doubles the slot table, taking each entry's hash from its slot.</summary>
    private void Grow() => _slots = HashSlots.Doubled(_slots);
}
