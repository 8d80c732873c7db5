using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Sessions;

/// <summary>
/// Transfers 转接 (domain.md §6 "Transfers"): account B takes a customer over from account A (A ≠ B, same shop) when a
/// session of B starts at t less than <c>SessionGap</c> after the last message of a session of A that holds an effective
/// out message and ends at or before t. Counted as distinct customer-days on the local date of t, once for A
/// (<see cref="ReceptionCounters.TransfersOut"/>) and once for B (<see cref="ReceptionCounters.TransfersIn"/>); advert
/// sessions take no part. A separate pass over the customers with two conversations or more (a customer belongs to one
/// shop, and a conversation is one account of it), reading sessions through the <see cref="SessionCursor"/>; buffers
/// are reused from customer to customer.
/// </summary>
internal static class Transfers
{
    /// <summary>
    /// Adds the transfers to <paramref name="counters"/>, on up to <paramref name="degree"/> threads: customer ranges,
    /// each counting into its own array (the first into <paramref name="counters"/>), summed afterwards.
    /// </summary>
    public static void Run(Dataset data, CsPerfConfig config, ConversationStreams streams, PeriodPlan plan, ZoneClock[] clocks, ReceptionCounters[] counters, int degree = 1)
    {
        int customers = streams.CustomerStart.Length - 1;
        int parts = Parts.Count(degree, customers);
        if (parts == 1)
        {
            RunRange(data, config, streams, plan, clocks, counters, 0, customers);
            return;
        }

        int[] customerStart = streams.CustomerStart;
        var bounds = Parts.Split(parts, customers, c => customerStart[c]);
        var partCounters = new ReceptionCounters[parts][];
        partCounters[0] = counters;
        Parts.Run(parts, k =>
        {
            partCounters[k] ??= new ReceptionCounters[counters.Length];
            RunRange(data, config, streams, plan, k == 0 ? clocks : ZoneClock.Copy(clocks), partCounters[k], bounds[k], bounds[k + 1]);
        });

        for (int k = 1; k < parts; k++)
        {
            for (int i = 0; i < counters.Length; i++)
            {
                checked
                {
                    counters[i].TransfersOut += partCounters[k][i].TransfersOut;
                    counters[i].TransfersIn += partCounters[k][i].TransfersIn;
                }
            }
        }
    }

    private static void RunRange(Dataset data, CsPerfConfig config, ConversationStreams streams, PeriodPlan plan, ZoneClock[] clocks, ReceptionCounters[] counters, int from, int to)
    {
        int accountCount = data.Accounts.Length;
        var knobs = new SessionKnobs(config);
        long gap = knobs.Gap;
        int[] customerStart = streams.CustomerStart;
        int[] order = streams.Order;
        int[] start = streams.Start;
        StreamRow[] rows = streams.Rows;
        var buffer = new Buffer();
        for (int customer = from; customer < to; customer++)
        {
            int cs = customerStart[customer], ce = customerStart[customer + 1];
            if (ce - cs < 2)
            {
                continue; // one conversation: one account, nothing to take over
            }

            // A transfer needs a session of B starting within the gap after a session of A ended, so B's conversation
            // must start before A's last message + gap and end at or after A's first: customers whose conversations
            // are all further apart than that (most of them) are skipped without reading their messages.
            if (!ConversationsClose(buffer, cs, ce, start, rows, gap))
            {
                continue;
            }

            buffer.Clear();
            int shop = -1;
            for (int k = cs; k < ce; k++)
            {
                int p = k; // a customer's conversations sit at consecutive positions
                int s = start[p], e = start[p + 1];
                if (s == e)
                {
                    continue;
                }

                int conv = order[p];
                shop = data.ConvShop[conv];
                int slot = buffer.AddSlot(data.ConvAccount[conv]);
                var cursor = new SessionCursor(rows.AsSpan(s, e - s), knobs);
                while (cursor.NextBounds(out SessionBounds session))
                {
                    if (!session.IsAdvert)
                    {
                        buffer.AddSession(session.Start, session.Last, slot, session.EffectiveOut > 0);
                    }
                }
            }

            Detect(buffer, gap, clocks[shop], plan, counters, accountCount);
        }
    }

    /// <summary>
    /// Whether two of the customer's conversations with kept messages come within <paramref name="gap"/> of each other
    /// (spans sorted by first message; a later one starting before the latest end so far + gap). A necessary condition
    /// for a transfer between them: sessions lie inside their conversation's span. A span is read from its first and
    /// last row, not from arrays of them made for every conversation beforehand (13 MB of fresh memory at 10M messages).
    /// </summary>
    private static bool ConversationsClose(Buffer b, int cs, int ce, int[] start, StreamRow[] rows, long gap)
    {
        int n = 0;
        for (int k = cs; k < ce; k++)
        {
            int p = k; // a customer's conversations sit at consecutive positions
            int s = start[p], e = start[p + 1];
            if (s < e)
            {
                b.AddSpan(n++, rows[s].Ticks, rows[e - 1].Ticks);
            }
        }

        if (n < 2)
        {
            return false;
        }

        Prepare.PairSort.Sort(b.SpanFirst, b.SpanLast, n); // ties on the first instant cannot change the answer
        long reach = b.SpanLast[0] + gap;
        for (int i = 1; i < n; i++)
        {
            if (b.SpanFirst[i] < reach)
            {
                return true;
            }

            reach = Math.Max(reach, b.SpanLast[i] + gap);
        }

        return false;
    }

    /// <summary>Sweeps one customer's sessions in start order, remembering each account's latest session started so far.</summary>
    private static void Detect(Buffer b, long gap, ZoneClock clock, PeriodPlan plan, ReceptionCounters[] counters, int accountCount)
    {
        int n = b.Count;
        if (n < 2)
        {
            return;
        }

        Array.Sort(b.Start, b.Index, 0, n);
        Array.Fill(b.Latest, -1, 0, b.Slots);
        int u = 0;
        for (int j = 0; j < n; j++)
        {
            long t = b.Start[j];
            // Every session started at or before t: a session of another account that ends at or before t and within
            // the gap is that account's latest one (sessions of one conversation are at least the gap apart).
            while (u < n && b.Start[u] <= t)
            {
                int iu = b.Index[u];
                b.Latest[b.Slot[iu]] = iu;
                u++;
            }

            int slotB = b.Slot[b.Index[j]];
            int period = int.MinValue;
            int day = 0;
            for (int slotA = 0; slotA < b.Slots; slotA++)
            {
                int ia = b.Latest[slotA];
                if (slotA == slotB || ia < 0 || !b.EffectiveOut[ia])
                {
                    continue;
                }

                long last = b.Last[ia];
                if (last > t || t - last >= gap)
                {
                    continue;
                }

                if (period == int.MinValue)
                {
                    day = clock.LocalDay(t);
                    period = plan.PeriodOf(day);
                }

                if (period < 0)
                {
                    break; // outside the reported range: a partial owns its days
                }

                if (b.Mark(day, slotA, isIn: false))
                {
                    counters[(period * accountCount) + b.Account[slotA]].TransfersOut++;
                }

                if (b.Mark(day, slotB, isIn: true))
                {
                    counters[(period * accountCount) + b.Account[slotB]].TransfersIn++;
                }
            }
        }
    }

    /// <summary>One customer's sessions and the customer-days already counted; reused from customer to customer.</summary>
    private sealed class Buffer
    {
        public long[] Start = new long[16];
        public int[] Index = new int[16];
        public long[] Last = new long[16];
        public int[] Slot = new int[16];
        public bool[] EffectiveOut = new bool[16];
        public int Count;

        public int[] Account = new int[4];
        public int[] Latest = new int[4];
        public int Slots;

        private long[] _marks = new long[8];
        private int _markCount;

        public long[] SpanFirst = new long[4];
        public long[] SpanLast = new long[4];

        public void AddSpan(int i, long first, long last)
        {
            if (i == SpanFirst.Length)
            {
                Array.Resize(ref SpanFirst, i * 2);
                Array.Resize(ref SpanLast, i * 2);
            }

            SpanFirst[i] = first;
            SpanLast[i] = last;
        }

        public void Clear()
        {
            Count = 0;
            Slots = 0;
            _markCount = 0;
        }

        public int AddSlot(int account)
        {
            if (Slots == Account.Length)
            {
                Array.Resize(ref Account, Slots * 2);
                Array.Resize(ref Latest, Slots * 2);
            }

            Account[Slots] = account;
            return Slots++;
        }

        public void AddSession(long start, long last, int slot, bool effectiveOut)
        {
            if (Count == Start.Length)
            {
                int cap = Count * 2;
                Array.Resize(ref Start, cap);
                Array.Resize(ref Index, cap);
                Array.Resize(ref Last, cap);
                Array.Resize(ref Slot, cap);
                Array.Resize(ref EffectiveOut, cap);
            }

            // Start and Index are sorted together; Last, Slot and EffectiveOut stay at the session's index.
            Start[Count] = start;
            Index[Count] = Count;
            Last[Count] = last;
            Slot[Count] = slot;
            EffectiveOut[Count] = effectiveOut;
            Count++;
        }

        /// <summary>Records (day, slot, direction); false when that customer-day was already counted.</summary>
        public bool Mark(int day, int slot, bool isIn)
        {
            long key = ((long)day << 32) | ((long)slot << 1) | (isIn ? 1L : 0L);
            for (int i = 0; i < _markCount; i++)
            {
                if (_marks[i] == key)
                {
                    return false;
                }
            }

            if (_markCount == _marks.Length)
            {
                Array.Resize(ref _marks, _markCount * 2);
            }

            _marks[_markCount++] = key;
            return true;
        }
    }
}
