namespace CsPerf.Engine.Storage;

/// <summary>
/// The open-addressing slot tables of <see cref="Utf8Interner"/> and <see cref="CustomerTable"/>: a slot is 0 when
/// empty, else the entry's hash in its high 32 bits and what the table keeps of the entry in its low 32 bits.
/// </summary>
internal static class HashSlots
{
    /// <summary>A table of twice the slots holding the same entries, each placed by the hash in its slot.</summary>
    public static long[] Doubled(long[] old)
    {
        var slots = new long[old.Length * 2];
        int mask = slots.Length - 1;
        foreach (long entry in old)
        {
            if (entry != 0)
            {
                int slot = (int)(entry >> 32) & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = entry;
            }
        }

        return slots;
    }
}
