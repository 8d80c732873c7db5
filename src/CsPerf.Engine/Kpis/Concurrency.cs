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
    /// <paramref name="groups"/> groups of agents are swept too.
    /// </summary>
    public static Peaks Compute(SessionSource source, int periods, int[] accountAgent, int[] accountShop, int agents, ZoneClock[] clocks, int[]? accountGroup = null, int groups = 0)
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
        var counts = new int[1 << 16];

        for (int p = 0; p < periods; p++)
        {
            long origin = source.Origin(p, out long bound);
            if (origin == long.MaxValue)
            {
                continue;
            }

            events.Reset(origin, bound);
            source.Emit(p, events);
            int n = events.Count;
            ref long[] keys = ref events.Keys;
            ref int[] items = ref events.Items;
            RadixSort(ref keys, ref items, ref scratchKeys, ref scratchItems, n, counts);
            int lt = 0;
            for (int i = 0; i < n;)
            {
                int kind = (int)(keys[i] & 3);
                if (kind == Close)
                {
                    int a = items[i];
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
                while (end < n && keys[end] == keys[i])
                {
                    end++;
                }

                if (kind == Open)
                {
                    for (int k = i; k < end; k++)
                    {
                        int a = items[k];
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

                for (int k = i; k < end; k++)
                {
                    int a = items[k], g = accountAgent[a], h = accountShop[a];
                    if (kind == Open)
                    {
                        Max(peaks.Account, (p * accounts) + a, levelAccount[a]);
                        Max(peaks.Agent, (p * agents) + g, levelAgent[g]);
                        Max(peaks.Shop, (p * shops) + h, levelShop[h]);
                        Max(peaks.Total, p, lt);
                    }

                    int hour = clocks[h].LocalHour((keys[k] >> 2) + origin);
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

    /// <summary>
    /// LSD radix sort of non-negative keys with their items, 16 bits a pass and only as many passes as the largest key
    /// needs: linear time, where a comparison sort of millions of events would dominate the sweep. The scratch grows to
    /// <paramref name="n"/> (at least doubling); <paramref name="counts"/> (2^16 slots) is the caller's, reused period after period.
    /// </summary>
    internal static void RadixSort(ref long[] keys, ref int[] items, ref long[] scratchKeys, ref int[] scratchItems, int n, int[] counts)
    {
        if (scratchKeys.Length < n)
        {
            int capacity = (int)Math.Min(Math.Max(n, 2L * scratchKeys.Length), Array.MaxLength);
            scratchKeys = new long[capacity];
            scratchItems = new int[capacity];
        }

        long max = 0;
        for (int i = 0; i < n; i++)
        {
            max = Math.Max(max, keys[i]);
        }

        for (int shift = 0; shift < 64 && (max >> shift) != 0; shift += 16)
        {
            Array.Clear(counts);
            for (int i = 0; i < n; i++)
            {
                counts[(int)((keys[i] >> shift) & 0xFFFF)]++;
            }

            int sum = 0;
            for (int b = 0; b < counts.Length; b++)
            {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }

            for (int i = 0; i < n; i++)
            {
                int at = counts[(int)((keys[i] >> shift) & 0xFFFF)]++;
                scratchKeys[at] = keys[i];
                scratchItems[at] = items[i];
            }

            (keys, scratchKeys) = (scratchKeys, keys);
            (items, scratchItems) = (scratchItems, items);
        }
    }

    private static void Max(int[] target, int index, int value)
    {
        if (value > target[index])
        {
            target[index] = value;
        }
    }

    /// <summary>Where the sweep reads the sessions of each period from.</summary>
    internal abstract class SessionSource
    {
        /// <summary>
        /// The earliest session start of period <paramref name="p"/>, or <see cref="long.MaxValue"/> when it has none;
        /// <paramref name="bound"/> is the events its sessions usually make at most (<see cref="Events.Bound"/>), to size the buffers once.
        /// </summary>
        public abstract long Origin(int p, out long bound);

        /// <summary>Adds the events of every session of period <paramref name="p"/>.</summary>
        public abstract void Emit(int p, Events events);
    }

    /// <summary>
    /// The events of one period: per session an opening, a probe at each local hour boundary it spans (its shop's
    /// zone) and a closing, keyed ((instant − origin) × 4 + kind), each with its account.
    /// </summary>
    internal sealed class Events(ZoneClock[] clocks, int[] accountShop)
    {
        public long[] Keys = [];
        public int[] Items = [];
        public int Count;
        private long _origin;

        /// <summary>
        /// The events of a session from <paramref name="start"/> to <paramref name="end"/> (end ≥ start), at most, unless
        /// its zone has a local hour shorter than an hour (a transition of less than an hour): opening, closing and a probe
        /// at each hour boundary in (start, end], of which there are at most ⌈(end − start) / 1 h⌉.
        /// </summary>
        public static long Bound(long start, long end) => 2 + ((end - start + ZoneClock.TicksPerHour - 1) / ZoneClock.TicksPerHour);

        /// <summary>Empties the buffer for a period of <paramref name="bound"/> events or so: sized before the period (without copying), so the buffers rarely grow while events are pushed.</summary>
        public void Reset(long origin, long bound)
        {
            _origin = origin;
            Count = 0;
            if (Keys.Length < bound)
            {
                // At least double, so periods of slowly growing bounds (a sweep by day) do not allocate one array each.
                int capacity = (int)Math.Min(Math.Max(bound, 2L * Keys.Length), Array.MaxLength);
                Keys = new long[capacity];
                Items = new int[capacity];
            }
        }

        public void Session(long start, long end, int account)
        {
            ZoneClock clock = clocks[accountShop[account]];
            Push(((start - _origin) * 4) + Open, account);
            for (long b = clock.NextHourBoundary(start); b <= end; b = clock.NextHourBoundary(b))
            {
                Push(((b - _origin) * 4) + Probe, account);
            }

            Push(((end - _origin) * 4) + Close, account);
        }

        private void Push(long key, int item)
        {
            if (Count == Keys.Length)
            {
                Array.Resize(ref Keys, Math.Max(1024, Count * 2));
                Array.Resize(ref Items, Math.Max(1024, Count * 2));
            }

            Keys[Count] = key;
            Items[Count] = item;
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

        public override long Origin(int p, out long bound)
        {
            long origin = long.MaxValue;
            bound = 0;
            if (_periodStart is null)
            {
                for (int i = 0; i < _spans.Count; i++)
                {
                    if (_periodMap![_spans.Period[i]] == p)
                    {
                        origin = Math.Min(origin, _spans.Start[i]);
                        bound += Events.Bound(_spans.Start[i], _spans.End[i]);
                    }
                }

                return origin;
            }

            for (int i = _periodStart[p]; i < _periodStart[p + 1]; i++)
            {
                int session = _byPeriod![i];
                origin = Math.Min(origin, _spans.Start[session]);
                bound += Events.Bound(_spans.Start[session], _spans.End[session]);
            }

            return origin;
        }

        public override void Emit(int p, Events events)
        {
            if (_periodStart is null)
            {
                for (int i = 0; i < _spans.Count; i++)
                {
                    if (_periodMap![_spans.Period[i]] == p)
                    {
                        events.Session(_spans.Start[i], _spans.End[i], AccountOf(i));
                    }
                }

                return;
            }

            for (int i = _periodStart[p]; i < _periodStart[p + 1]; i++)
            {
                int session = _byPeriod![i];
                events.Session(_spans.Start[session], _spans.End[session], AccountOf(session));
            }
        }

        private int AccountOf(int session) => _accountMap is null ? _spans.Account[session] : _accountMap[_spans.Account[session]];
    }
}
