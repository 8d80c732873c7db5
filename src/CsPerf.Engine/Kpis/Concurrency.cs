using CsPerf.Engine.Periods;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Kpis;

/// <summary>Peak concurrency per (period, entity) at the four levels, overall and per local hour of day.</summary>
internal sealed class Peaks
{
    public required int Accounts { get; init; }
    public required int Agents { get; init; }
    public required int Shops { get; init; }
    public required int[] Account { get; init; }
    public required int[] AccountHourly { get; init; }
    public required int[] Agent { get; init; }
    public required int[] AgentHourly { get; init; }
    public required int[] Shop { get; init; }
    public required int[] ShopHourly { get; init; }
    public required int[] Total { get; init; }
    public required int[] TotalHourly { get; init; }

    /// <summary>Per (period, group) of agents (domain.md §6 "Groups"); empty without groups.</summary>
    public int[] Group { get; init; } = [];

    /// <summary>Per (period, group, local hour).</summary>
    public int[] GroupHourly { get; init; } = [];
}

/// <summary>
/// Pressure 接待压力 (domain.md §3): a sweep over session open/close events. A session is open on the closed interval
/// [first, last message], so at one instant openings are applied before closings. The hourly peaks also need the
/// level at each local hour boundary a session spans, so each session adds a probe event at those boundaries.
/// </summary>
internal static class Concurrency
{
    private const int Open = 0;
    private const int Probe = 1;
    private const int Close = 2;

    public static Peaks Compute(Dataset data, SessionSpans spans, PeriodPlan plan, ZoneClock[] clocks)
    {
        int accounts = data.Accounts.Length;
        var accountAgent = new int[accounts];
        var accountShop = new int[accounts];
        for (int a = 0; a < accounts; a++)
        {
            accountAgent[a] = data.Accounts[a].Agent;
            accountShop[a] = data.Accounts[a].Shop;
        }

        return Compute(spans, plan, accountAgent, accountShop, data.Agents.Length, clocks);
    }

    /// <summary>
    /// The sweep over sessions whose <see cref="SessionSpans.Account"/> indexes <paramref name="accountAgent"/> and
    /// <paramref name="accountShop"/>; <paramref name="clocks"/> holds one clock per shop.
    /// </summary>
    public static Peaks Compute(SessionSpans spans, PeriodPlan plan, int[] accountAgent, int[] accountShop, int agents, ZoneClock[] clocks) =>
        Compute(new SpanSource(spans, plan.Count), plan.Count, accountAgent, accountShop, agents, clocks);

    /// <summary>
    /// The sweep over the sessions of <paramref name="source"/>, period by period. Composition runs it on the merged
    /// indexes of a partial, reading the sessions where the partial holds them (docs/partials.md). With
    /// <paramref name="accountGroup"/> (the group of each account, −1 for none) the peaks of the
    /// <paramref name="groups"/> groups of agents are swept too. With <paramref name="compact"/> (the default) the
    /// events are keyed in the coarsest unit every instant of the period is a multiple of (seconds, milliseconds or
    /// ticks) and carry their account in the key's low bits when it fits (<see cref="Events"/>); without it, in ticks
    /// with the accounts apart (the reference layout the tests compare with). With <paramref name="degree"/> above one
    /// and a source that splits (<see cref="SessionSource.Splits"/>), a large period's events are made and radix-sorted
    /// in parts on that many threads (<see cref="EmitInParts"/>; from <paramref name="minEventsInParts"/> events), in the same
    /// order as on one. The peaks are the same.
    /// </summary>
    public static Peaks Compute(SessionSource source, int periods, int[] accountAgent, int[] accountShop, int agents, ZoneClock[] clocks, int[]? accountGroup = null, int groups = 0, bool compact = true, int degree = 1, long minEventsInParts = MinEventsInParts)
    {
        int accounts = accountAgent.Length, shops = clocks.Length;
        if (accountGroup is null)
        {
            groups = 0;
        }
        var peaks = new Peaks
        {
            Accounts = accounts,
            Agents = agents,
            Shops = shops,
            Account = new int[periods * accounts],
            AccountHourly = new int[periods * accounts * 24],
            Agent = new int[periods * agents],
            AgentHourly = new int[periods * agents * 24],
            Shop = new int[periods * shops],
            ShopHourly = new int[periods * shops * 24],
            Total = new int[periods],
            TotalHourly = new int[periods * 24],
            Group = new int[periods * groups],
            GroupHourly = new int[periods * groups * 24],
        };

        var levelAccount = new int[accounts];
        var levelAgent = new int[agents];
        var levelShop = new int[shops];
        var levelGroup = new int[groups];
        var events = new Events(clocks, accountShop);
        long[] scratchKeys = [];
        int[] scratchItems = [];
        int[] counts = [];
        var shopHour = new int[shops];
        var hourFrom = new long[shops];
        var hourUntil = new long[shops];

        int parts = source.Splits && compact ? Math.Max(1, degree) : 1;
        for (int p = 0; p < periods; p++)
        {
            var extents = new Extent[parts];
            Parts.Run(parts, k => extents[k] = source.Measure(p, k, parts));
            var extent = Extent.Merge(extents);
            if (extent.Origin == long.MaxValue)
            {
                continue;
            }

            events.Reset(extent, accounts, compact);
            bool sorted = parts > 1 && events.Packed && extent.Bound >= minEventsInParts
                && EmitInParts(source, p, events, extents, clocks, accountShop, ref scratchKeys);
            if (!sorted)
            {
                source.Emit(p, events);
                if (events.Inexact)
                {
                    // An instant off the unit (an hour boundary of a zone whose offset is not whole units): ticks.
                    events.Reset(extent, accounts, compact: false);
                    source.Emit(p, events);
                }
            }

            int n = events.Count, shift = events.ItemShift;
            long origin = extent.Origin, unit = events.Unit, itemMask = (1L << shift) - 1;
            bool packed = events.Packed;
            ref long[] keys = ref events.Keys;
            ref int[] items = ref events.Items;
            if (!sorted)
            {
                RadixSort(ref keys, ref items, ref scratchKeys, ref scratchItems, n, shift, events.KeyBits, !packed, ref counts);
            }
            int lt = 0;
            Array.Fill(hourUntil, long.MinValue);
            for (int i = 0; i < n;)
            {
                long key = keys[i] >> shift;
                int kind = (int)(key & 3);
                if (kind == Close)
                {
                    int a = packed ? (int)(keys[i] & itemMask) : items[i];
                    levelAccount[a]--;
                    levelAgent[accountAgent[a]]--;
                    levelShop[accountShop[a]]--;
                    if (groups > 0 && accountGroup![a] >= 0)
                    {
                        levelGroup[accountGroup[a]]--;
                    }

                    lt--;
                    i++;
                    continue;
                }

                // Every event with this key (same instant, same kind) is applied before any peak is read, so the
                // result does not depend on the order of simultaneous sessions (invariant 4), even across zones.
                int end = i + 1;
                while (end < n && (keys[end] >> shift) == key)
                {
                    end++;
                }

                if (kind == Open)
                {
                    for (int k = i; k < end; k++)
                    {
                        int a = packed ? (int)(keys[k] & itemMask) : items[k];
                        levelAccount[a]++;
                        levelAgent[accountAgent[a]]++;
                        levelShop[accountShop[a]]++;
                        if (groups > 0 && accountGroup![a] >= 0)
                        {
                            levelGroup[accountGroup[a]]++;
                        }

                        lt++;
                    }
                }

                long instant = ((key >> 2) * unit) + origin;
                for (int k = i; k < end; k++)
                {
                    int a = packed ? (int)(keys[k] & itemMask) : items[k], g = accountAgent[a], h = accountShop[a];
                    if (kind == Open)
                    {
                        Max(peaks.Account, (p * accounts) + a, levelAccount[a]);
                        Max(peaks.Agent, (p * agents) + g, levelAgent[g]);
                        Max(peaks.Shop, (p * shops) + h, levelShop[h]);
                        Max(peaks.Total, p, lt);
                    }

                    // Instants only grow along the sweep: a shop's local hour holds until the end of that hour (or of
                    // its zone interval), so it is computed once per hour and shop, not per event.
                    if (instant >= hourUntil[h] || instant < hourFrom[h])
                    {
                        shopHour[h] = clocks[h].LocalHour(instant, out hourUntil[h]);
                        hourFrom[h] = instant;
                    }

                    int hour = shopHour[h];
                    Max(peaks.AccountHourly, (((p * accounts) + a) * 24) + hour, levelAccount[a]);
                    Max(peaks.AgentHourly, (((p * agents) + g) * 24) + hour, levelAgent[g]);
                    Max(peaks.ShopHourly, (((p * shops) + h) * 24) + hour, levelShop[h]);
                    Max(peaks.TotalHourly, (p * 24) + hour, lt);
                    if (groups > 0 && accountGroup![a] is var gr and >= 0)
                    {
                        if (kind == Open)
                        {
                            Max(peaks.Group, (p * groups) + gr, levelGroup[gr]);
                        }

                        Max(peaks.GroupHourly, (((p * groups) + gr) * 24) + hour, levelGroup[gr]);
                    }
                }

                i = end;
            }
        }

        return peaks;
    }

    /// <summary>The events a period needs before they are made and sorted in parts: below, the thread hops cost more than they save.</summary>
    internal const long MinEventsInParts = 1 << 16;

    /// <summary>
    /// Makes the packed events of period <paramref name="p"/> in parts, each part's in its own window of
    /// <paramref name="events"/>' buffer (at the sum of the earlier parts' bounds, with clocks of its own), then sorts
    /// them by LSD radix passes whose counting and scattering run in parts too: each part scatters its slice behind the
    /// earlier parts' elements of the same digit, so the order is exactly the one-thread order of the parts' events one
    /// after the other. False (nothing sorted; the caller makes the period on one thread) when a part outgrew its window
    /// (a zone with a local hour shorter than an hour) or met an instant off the unit.
    /// </summary>
    private static bool EmitInParts(SessionSource source, int p, Events events, Extent[] extents, ZoneClock[] clocks, int[] accountShop, ref long[] scratch)
    {
        int parts = extents.Length;
        var windows = new Events[parts];
        long at = 0;
        for (int k = 0; k < parts; k++)
        {
            windows[k] = events.Window(k == 0 ? clocks : ZoneClock.Copy(clocks), accountShop, (int)at, (int)extents[k].Bound);
            at += extents[k].Bound;
        }

        Parts.Run(parts, k => source.Emit(p, windows[k], k, parts));
        var starts = new int[parts];
        var lengths = new int[parts];
        int n = 0;
        for (int k = 0; k < parts; k++)
        {
            if (windows[k].Inexact || windows[k].Overflow)
            {
                return false;
            }

            starts[k] = windows[k].Base;
            lengths[k] = windows[k].Count;
            n += lengths[k];
        }

        if (scratch.Length < n)
        {
            scratch = GC.AllocateUninitializedArray<long>((int)Math.Min(Math.Max(n, 2L * scratch.Length), Array.MaxLength)); // every slot is written before it is read
        }

        int keyBits = events.KeyBits, shift = events.ItemShift;
        int passes = (keyBits + 15) / 16;
        int width = (keyBits + passes - 1) / passes;
        int buckets = 1 << width, digitMask = buckets - 1;
        var counts = new int[parts * buckets];
        long[] from = events.Keys, to = scratch;
        for (int d = 0; d < passes; d++)
        {
            int digitShift = shift + (d * width);
            long[] source0 = from;
            Array.Clear(counts);
            Parts.Run(parts, k =>
            {
                var table = counts.AsSpan(k * buckets, buckets);
                foreach (long key in source0.AsSpan(starts[k], lengths[k]))
                {
                    table[(int)((key >> digitShift) & digitMask)]++;
                }
            });

            int sum = 0;
            for (int b = 0; b < buckets; b++)
            {
                for (int k = 0; k < parts; k++)
                {
                    int c = counts[(k * buckets) + b];
                    counts[(k * buckets) + b] = sum;
                    sum += c;
                }
            }

            long[] target = to;
            Parts.Run(parts, k =>
            {
                var table = counts.AsSpan(k * buckets, buckets);
                foreach (long key in source0.AsSpan(starts[k], lengths[k]))
                {
                    target[table[(int)((key >> digitShift) & digitMask)]++] = key;
                }
            });

            (from, to) = (to, from);
            for (int k = 0; k < parts; k++)
            {
                // Later passes read the sorted array in even slices.
                starts[k] = (int)((long)n * k / parts);
                lengths[k] = (int)((long)n * (k + 1) / parts) - starts[k];
            }
        }

        events.Keys = from;
        events.Count = n;
        scratch = to;
        return true;
    }

    /// <summary>
    /// LSD radix sort of the first <paramref name="n"/> keys by their bits [<paramref name="shift"/>,
    /// <paramref name="shift"/> + <paramref name="keyBits"/>) (the bits below are an item packed into the key, or none),
    /// with their <paramref name="items"/> when they are <paramref name="apart"/>: linear time, where a comparison
    /// sort of millions of events would dominate the sweep. As few passes of at most 16 bits as the key needs, of equal
    /// width (a 24-bit key: two passes of 12 bits, whose count tables stay in the first-level cache); the counts of
    /// every pass are taken in one read of the keys. Stable, so the result is the same whatever the digit width. The
    /// scratch grows to <paramref name="n"/> (at least doubling); <paramref name="counts"/> is the caller's, reused period after period.
    /// </summary>
    internal static void RadixSort(ref long[] keys, ref int[] items, ref long[] scratchKeys, ref int[] scratchItems, int n, int shift, int keyBits, bool apart, ref int[] counts)
    {
        if (n < 2 || keyBits <= 0)
        {
            return;
        }

        if (scratchKeys.Length < n)
        {
            int capacity = (int)Math.Min(Math.Max(n, 2L * scratchKeys.Length), Array.MaxLength);
            scratchKeys = GC.AllocateUninitializedArray<long>(capacity); // every slot is written before it is read
            scratchItems = apart ? GC.AllocateUninitializedArray<int>(capacity) : [];
        }
        else if (apart && scratchItems.Length < n)
        {
            scratchItems = GC.AllocateUninitializedArray<int>(scratchKeys.Length);
        }

        int passes = (keyBits + 15) / 16;
        int width = (keyBits + passes - 1) / passes;
        int buckets = 1 << width, digitMask = buckets - 1;
        if (counts.Length < passes * buckets)
        {
            counts = new int[passes * buckets];
        }
        else
        {
            Array.Clear(counts, 0, passes * buckets);
        }

        for (int i = 0; i < n; i++)
        {
            long key = keys[i] >> shift;
            for (int d = 0; d < passes; d++)
            {
                counts[(d * buckets) + (int)((key >> (d * width)) & digitMask)]++;
            }
        }

        for (int d = 0; d < passes; d++)
        {
            var table = counts.AsSpan(d * buckets, buckets);
            int sum = 0;
            for (int b = 0; b < table.Length; b++)
            {
                int c = table[b];
                table[b] = sum;
                sum += c;
            }

            int digitShift = shift + (d * width);
            if (apart)
            {
                for (int i = 0; i < n; i++)
                {
                    int at = table[(int)((keys[i] >> digitShift) & digitMask)]++;
                    scratchKeys[at] = keys[i];
                    scratchItems[at] = items[i];
                }

                (items, scratchItems) = (scratchItems, items);
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    long key = keys[i];
                    scratchKeys[table[(int)((key >> digitShift) & digitMask)]++] = key;
                }
            }

            (keys, scratchKeys) = (scratchKeys, keys);
        }
    }

    private static void Max(int[] target, int index, int value)
    {
        if (value > target[index])
        {
            target[index] = value;
        }
    }

    /// <summary>
    /// What the sweep needs to know of a period's sessions before their events are made: the earliest start
    /// (<see cref="long.MaxValue"/> when it has none), the latest end, the events they usually make at most
    /// (<see cref="Events.Bound"/>, to size the buffers once) and whether every instant is a whole second or millisecond.
    /// </summary>
    internal struct Extent
    {
        private long _offSeconds;
        private long _offMillis;

        public Extent()
        {
        }

        public long Origin { get; private set; } = long.MaxValue;

        public long Last { get; private set; } = long.MinValue;

        public long Bound { get; private set; }

        /// <summary>The coarsest of a second, a millisecond and a tick that every start and end is a multiple of.</summary>
        public readonly long Unit => _offSeconds == 0 ? NodaTime.NodaConstants.TicksPerSecond : _offMillis == 0 ? NodaTime.NodaConstants.TicksPerMillisecond : 1;

        /// <summary>The extent of the sessions of all <paramref name="extents"/>.</summary>
        public static Extent Merge(Extent[] extents)
        {
            var all = new Extent();
            foreach (var x in extents)
            {
                all.Origin = Math.Min(all.Origin, x.Origin);
                all.Last = Math.Max(all.Last, x.Last);
                all.Bound += x.Bound;
                all._offSeconds |= x._offSeconds;
                all._offMillis |= x._offMillis;
            }

            return all;
        }

        /// <summary>Adds a session from <paramref name="start"/> to <paramref name="end"/> (end ≥ start).</summary>
        public void Add(long start, long end)
        {
            Origin = Math.Min(Origin, start);
            Last = Math.Max(Last, end);
            Bound += Events.Bound(start, end);
            _offSeconds |= (start % NodaTime.NodaConstants.TicksPerSecond) | (end % NodaTime.NodaConstants.TicksPerSecond);
            _offMillis |= (start % NodaTime.NodaConstants.TicksPerMillisecond) | (end % NodaTime.NodaConstants.TicksPerMillisecond);
        }
    }

    /// <summary>Where the sweep reads the sessions of each period from.</summary>
    internal abstract class SessionSource
    {
        /// <summary>Whether the source can measure and emit a period in parts (<see cref="Measure(int, int, int)"/>).</summary>
        public virtual bool Splits => false;

        /// <summary>The extent of the sessions of period <paramref name="p"/> (<see cref="Extent.Add"/> for each).</summary>
        public abstract Extent Measure(int p);

        /// <summary>The extent of part <paramref name="part"/> of <paramref name="parts"/> of the period's sessions (the whole period when not split).</summary>
        public virtual Extent Measure(int p, int part, int parts) => part == 0 ? Measure(p) : new Extent();

        /// <summary>Adds the events of part <paramref name="part"/> of <paramref name="parts"/> of the period's sessions, the parts in order making <see cref="Emit(int, Events)"/>'s.</summary>
        public virtual void Emit(int p, Events events, int part, int parts)
        {
            if (part == 0)
            {
                Emit(p, events);
            }
        }

        /// <summary>Adds the events of every session of period <paramref name="p"/>.</summary>
        public abstract void Emit(int p, Events events);
    }

    /// <summary>
    /// The events of one period: per session an opening, a probe at each local hour boundary it spans (its shop's
    /// zone) and a closing, keyed ((instant − origin) / unit × 4 + kind), each with its account: packed into the key's
    /// low <see cref="ItemShift"/> bits when key and account fit in 63 bits (one array of 8 bytes an event to fill and
    /// sort, not two of 12), else in <see cref="Items"/>. The unit is the period's <see cref="Extent.Unit"/> (a 33-day
    /// period of whole seconds: 24-bit keys, two radix passes instead of three); division by it is exact, a shift and a
    /// multiplication by the inverse of its odd part; an instant that is not a multiple of it (an hour boundary of a zone
    /// with an offset of fractional seconds) sets <see cref="Inexact"/>, and the period is made again in ticks.
    /// </summary>
    internal sealed class Events(ZoneClock[] clocks, int[] accountShop)
    {
        public long[] Keys = [];
        public int[] Items = [];
        public int Count;
        private long _origin;
        private int _unitShift;
        private ulong _oddInverse;
        private long _lowMask;
        private ulong _maxQuotient;
        private int _capacity;
        private bool _window;

        /// <summary>Where this buffer's events start in <see cref="Keys"/> (0, or a window's start).</summary>
        public int Base { get; private set; }

        /// <summary>Whether a window was too small for its events (the ones past it were dropped).</summary>
        public bool Overflow { get; private set; }

        /// <summary>The ticks one step of a key's instant stands for.</summary>
        public long Unit { get; private set; }

        /// <summary>The bits of a key below its instant and kind (the packed account), 0 when the accounts are apart.</summary>
        public int ItemShift { get; private set; }

        /// <summary>The bits of the instant and kind.</summary>
        public int KeyBits { get; private set; }

        /// <summary>Whether the accounts are packed into the keys (<see cref="Items"/> then empty).</summary>
        public bool Packed { get; private set; }

        /// <summary>Whether an instant was not a multiple of the unit (the events are then wrong and must be made again in ticks).</summary>
        public bool Inexact { get; private set; }

        /// <summary>
        /// The events of a session from <paramref name="start"/> to <paramref name="end"/> (end ≥ start), at most, unless
        /// its zone has a local hour shorter than an hour (a transition of less than an hour): opening, closing and a probe
        /// at each hour boundary in (start, end], of which there are at most ⌈(end − start) / 1 h⌉.
        /// </summary>
        public static long Bound(long start, long end) => 2 + ((end - start + ZoneClock.TicksPerHour - 1) / ZoneClock.TicksPerHour);

        /// <summary>
        /// Empties the buffer for a period of <paramref name="extent"/> over <paramref name="items"/> accounts: sized
        /// before the period (without copying) to its bound, so the buffers rarely grow while events are pushed. Without
        /// <paramref name="compact"/>: ticks, accounts apart.
        /// </summary>
        public void Reset(Extent extent, int items, bool compact)
        {
            _origin = extent.Origin;
            Count = 0;
            Inexact = false;
            Unit = compact ? extent.Unit : 1;
            _unitShift = System.Numerics.BitOperations.TrailingZeroCount(Unit);
            _lowMask = (1L << _unitShift) - 1;
            _oddInverse = Inverse((ulong)Unit >> _unitShift);
            _maxQuotient = (ulong)((Math.Max(extent.Last, extent.Origin) - extent.Origin) / Unit);
            KeyBits = 64 - System.Numerics.BitOperations.LeadingZeroCount((_maxQuotient * 4) + 3);
            int itemBits = items <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(items - 1));
            Packed = compact && KeyBits + itemBits <= 63;
            ItemShift = Packed ? itemBits : 0;
            long bound = extent.Bound;
            if (Keys.Length < bound)
            {
                // At least double, so periods of slowly growing bounds (a sweep by day) do not allocate one array each;
                // every slot is written before it is read.
                int capacity = (int)Math.Min(Math.Max(bound, 2L * Keys.Length), Array.MaxLength);
                Keys = GC.AllocateUninitializedArray<long>(capacity);
                Items = [];
            }

            if (!Packed && Items.Length < Keys.Length)
            {
                Items = GC.AllocateUninitializedArray<int>(Keys.Length);
            }

            _capacity = Keys.Length;
        }

        /// <summary>
        /// A buffer of the same period and layout (packed) writing into <paramref name="capacity"/> slots of this one's
        /// keys from <paramref name="at"/>, for another thread (with <paramref name="windowClocks"/> of its own); it does
        /// not grow: events past its capacity set <see cref="Overflow"/>.
        /// </summary>
        public Events Window(ZoneClock[] windowClocks, int[] windowAccountShop, int at, int capacity) => new(windowClocks, windowAccountShop)
        {
            Keys = Keys,
            Base = at,
            _capacity = capacity,
            _window = true,
            _origin = _origin,
            _unitShift = _unitShift,
            _oddInverse = _oddInverse,
            _lowMask = _lowMask,
            _maxQuotient = _maxQuotient,
            Unit = Unit,
            ItemShift = ItemShift,
            KeyBits = KeyBits,
            Packed = Packed,
        };

        public void Session(long start, long end, int account)
        {
            ZoneClock clock = clocks[accountShop[account]];
            Push((Quotient(start) * 4) + Open, account);
            for (long b = clock.NextHourBoundary(start); b <= end; b = clock.NextHourBoundary(b))
            {
                Push((Quotient(b) * 4) + Probe, account);
            }

            Push((Quotient(end) * 4) + Close, account);
        }

        /// <summary>(instant − origin) / unit, exact: a shift, then a multiplication by the odd part's inverse modulo 2^64.</summary>
        private long Quotient(long instant)
        {
            long delta = instant - _origin;
            ulong q = ((ulong)delta >> _unitShift) * _oddInverse;
            if ((delta & _lowMask) != 0 || q > _maxQuotient)
            {
                // Not a multiple of the unit (for an odd divisor, x · inverse ≤ (2^64 − 1) / divisor exactly when the
                // division is exact), or out of the period: the caller makes the period again in ticks.
                Inexact = true;
                return 0;
            }

            return (long)q;
        }

        /// <summary>The inverse of an odd number modulo 2^64 (Newton's iteration, each step doubling the correct bits).</summary>
        private static ulong Inverse(ulong odd)
        {
            ulong x = odd; // correct to 3 bits: odd · odd ≡ 1 (mod 8)
            for (int i = 0; i < 5; i++)
            {
                x *= 2 - (odd * x);
            }

            return x;
        }

        private void Push(long key, int item)
        {
            if (Count == _capacity)
            {
                if (_window)
                {
                    Overflow = true;
                    return;
                }

                Array.Resize(ref Keys, Math.Max(1024, Count * 2));
                if (!Packed)
                {
                    Array.Resize(ref Items, Keys.Length);
                }

                _capacity = Keys.Length;
            }

            if (Packed)
            {
                Keys[Base + Count] = (key << ItemShift) | (long)item;
            }
            else
            {
                Keys[Count] = key;
                Items[Count] = item;
            }

            Count++;
        }
    }

    /// <summary>
    /// The sessions of a <see cref="SessionSpans"/>, grouped by period. With a period map (the period
    /// of each of the spans' periods, −1 for none) and an account map (the index of each of the spans'
    /// accounts) it reads the spans of one plan and indexes into another: <c>report</c> sweeps its analysis' sessions
    /// (one period a day) on the composition's periods and merged accounts (docs/partials.md).
    /// </summary>
    internal sealed class SpanSource : SessionSource
    {
        private readonly SessionSpans _spans;
        private readonly int[]? _accountMap;
        private readonly int[]? _periodMap;
        private readonly int[]? _periodStart;
        private readonly int[]? _byPeriod;

        public SpanSource(SessionSpans spans, int periods, int[]? periodMap = null, int[]? accountMap = null)
        {
            _spans = spans;
            _accountMap = accountMap;
            _periodMap = periodMap;
            if (periods == 1 && periodMap is not null)
            {
                return; // one period: a scan of the spans, no index
            }

            var keys = spans.Period.AsSpan(0, spans.Count);
            if (periodMap is not null)
            {
                // Sessions outside every period go to an extra group that is never read.
                var mapped = new int[spans.Count];
                for (int i = 0; i < mapped.Length; i++)
                {
                    int p = periodMap[keys[i]];
                    mapped[i] = p < 0 ? periods : p;
                }

                (_periodStart, _byPeriod) = Prepare.Counting.Group(mapped, periods + 1);
            }
            else
            {
                (_periodStart, _byPeriod) = Prepare.Counting.Group(keys, periods);
            }
        }

        public override bool Splits => true;

        public override Extent Measure(int p) => Measure(p, 0, 1);

        public override Extent Measure(int p, int part, int parts)
        {
            var extent = new Extent();
            var (from, to) = Range(p, part, parts);
            if (_periodStart is null)
            {
                for (int i = from; i < to; i++)
                {
                    if (_periodMap![_spans.Period[i]] == p)
                    {
                        extent.Add(_spans.Start[i], _spans.End[i]);
                    }
                }

                return extent;
            }

            for (int i = from; i < to; i++)
            {
                int session = _byPeriod![i];
                extent.Add(_spans.Start[session], _spans.End[session]);
            }

            return extent;
        }

        public override void Emit(int p, Events events) => Emit(p, events, 0, 1);

        public override void Emit(int p, Events events, int part, int parts)
        {
            var (from, to) = Range(p, part, parts);
            if (_periodStart is null)
            {
                for (int i = from; i < to; i++)
                {
                    if (_periodMap![_spans.Period[i]] == p)
                    {
                        events.Session(_spans.Start[i], _spans.End[i], AccountOf(i));
                    }
                }

                return;
            }

            for (int i = from; i < to; i++)
            {
                int session = _byPeriod![i];
                events.Session(_spans.Start[session], _spans.End[session], AccountOf(session));
            }
        }

        /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the indexes period <paramref name="p"/> reads (all spans when ungrouped).</summary>
        private (int From, int To) Range(int p, int part, int parts)
        {
            int lo = _periodStart is null ? 0 : _periodStart[p], hi = _periodStart is null ? _spans.Count : _periodStart[p + 1];
            long length = hi - lo;
            return (lo + (int)(length * part / parts), lo + (int)(length * (part + 1) / parts));
        }

        private int AccountOf(int session) => _accountMap is null ? _spans.Account[session] : _accountMap[_spans.Account[session]];
    }
}
