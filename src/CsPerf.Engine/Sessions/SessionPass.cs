using CsPerf.Engine.Details;
using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Sessions;

/// <summary>
/// The non-advert sessions of the reported range, for the concurrency sweep. Readers see rows 0..Count-1 of the
/// arrays; a part of a parallel session pass writes a <see cref="Window"/> of the shared arrays instead.
/// </summary>
internal sealed class SessionSpans : IRowWindows<SessionSpans>
{
    public long[] Start;
    public long[] End;
    public int[] Account;
    public int[] Period;
    public int Count;

    /// <summary>Where row 0 sits in the arrays: 0 but in a window.</summary>
    private int _origin;

    /// <summary>The end of the rows this buffer may write in its arrays.</summary>
    private int _limit;

    public SessionSpans(int capacity)
    {
        // Uninitialised: only the first Count rows are ever read, and the pass writes them (stop 21: no zeroing of
        // 50 MB on one thread before the parallel pass; the pages are touched by the parts that write them).
        capacity = Math.Max(16, capacity);
        Start = GC.AllocateUninitializedArray<long>(capacity);
        End = GC.AllocateUninitializedArray<long>(capacity);
        Account = GC.AllocateUninitializedArray<int>(capacity);
        Period = GC.AllocateUninitializedArray<int>(capacity);
        _limit = capacity;
    }

    private SessionSpans(SessionSpans shared, int origin, int capacity)
    {
        Start = shared.Start;
        End = shared.End;
        Account = shared.Account;
        Period = shared.Period;
        _origin = origin;
        _limit = origin + capacity;
    }

    /// <summary>The rows this buffer can hold without allocating.</summary>
    public int Capacity => _limit - _origin;

    /// <summary>Empties the buffer for reuse, keeping its capacity.</summary>
    public void Clear() => Count = 0;

    /// <summary>Whether the rows are written in <paramref name="shared"/>'s arrays (a window that has not moved out).</summary>
    public bool Shares(SessionSpans shared) => Start == shared.Start;

    /// <summary>
    /// Makes this empty buffer the rows of <paramref name="windows"/> (its own windows), in order. Moving a window down
    /// never overwrites a later one while every window kept to its rows; otherwise they are gathered into new arrays
    /// (the windows keep the old ones).
    /// </summary>
    public void Gather(SessionSpans[] windows) => RowWindows.Gather(this, windows);

    int IRowWindows<SessionSpans>.Count => Count;

    void IRowWindows<SessionSpans>.Renew(int capacity) => Renew(capacity);

    /// <summary>Empties the buffer onto new arrays of <paramref name="capacity"/> rows (the windows of the old ones stay readable).</summary>
    private void Renew(int capacity)
    {
        capacity = Math.Max(16, capacity);
        Start = new long[capacity];
        End = new long[capacity];
        Account = new int[capacity];
        Period = new int[capacity];
        Count = 0;
        _origin = 0;
        _limit = capacity;
    }

    /// <summary>
    /// An empty buffer over rows [<paramref name="origin"/>, <paramref name="origin"/> + <paramref name="capacity"/>)
    /// of these arrays (no allocation; past that it moves to arrays of its own). For parts writing side by side; this
    /// buffer must not grow meanwhile, and <see cref="Append"/> gathers the windows in order afterwards.
    /// </summary>
    public SessionSpans Window(int origin, int capacity) => new(this, origin, Math.Clamp(capacity, 0, Start.Length - origin));

    /// <summary>Appends the sessions of <paramref name="other"/>, in their order (a window of these arrays moves down in place).</summary>
    public void Append(SessionSpans other)
    {
        int n = Count + other.Count;
        if (_origin + n > _limit)
        {
            Grow(Math.Max(n, Count * 2));
        }

        int at = _origin + Count;
        if (other.Start != Start || other._origin != at)
        {
            Array.Copy(other.Start, other._origin, Start, at, other.Count);
            Array.Copy(other.End, other._origin, End, at, other.Count);
            Array.Copy(other.Account, other._origin, Account, at, other.Count);
            Array.Copy(other.Period, other._origin, Period, at, other.Count);
        }

        Count = n;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(long start, long end, int account, int period)
    {
        int i = _origin + Count;
        if (i == _limit)
        {
            i = GrowForAdd();
        }

        Start[i] = start;
        End[i] = end;
        Account[i] = account;
        Period[i] = period;
        Count++;
    }

    /// <summary>The slow path of <see cref="Add"/> (kept out of the inlined hot loop): room for one more row; returns its index.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int GrowForAdd()
    {
        Grow(Math.Max(16, Count * 2));
        return Count;
    }

    /// <summary>Moves the rows to arrays of their own of <paramref name="cap"/> rows (a window leaves the shared arrays).</summary>
    private void Grow(int cap)
    {
        Start = Moved(Start, _origin, Count, cap);
        End = Moved(End, _origin, Count, cap);
        Account = Moved(Account, _origin, Count, cap);
        Period = Moved(Period, _origin, Count, cap);
        _origin = 0;
        _limit = cap;
    }

    private static long[] Moved(long[] source, int origin, int count, int capacity)
    {
        var target = new long[capacity];
        Array.Copy(source, origin, target, 0, count);
        return target;
    }

    private static int[] Moved(int[] source, int origin, int count, int capacity)
    {
        var target = new int[capacity];
        Array.Copy(source, origin, target, 0, count);
        return target;
    }
}

/// <summary>
/// Time slots 接待量时段分布 (domain.md §6) per (period, account, local hour): received receptions by the hour of their
/// first customer message t0, and kept customer (`in`) messages of non-advert sessions. Caller-owned, reusable.
/// </summary>
internal sealed class HourlyCounts
{
    /// <summary>Received receptions, at ((period × accounts) + account) × 24 + hour.</summary>
    public int[] Receptions = [];

    /// <summary>Customer messages, at ((period × accounts) + account) × 24 + hour.</summary>
    public int[] Messages = [];

    /// <summary>Zeroes (growing when needed) the first <paramref name="cells"/> × 24 slots of both buffers.</summary>
    public void Reset(int cells)
    {
        int n = checked(cells * 24);
        if (Receptions.Length < n)
        {
            Receptions = new int[n];
            Messages = new int[n];
        }
        else
        {
            Array.Clear(Receptions, 0, n);
            Array.Clear(Messages, 0, n);
        }
    }
}

/// <summary>A received reception (domain.md §4): who, which local day, its period (-1 outside the range), and t0.</summary>
internal readonly record struct ReceptionRow(int Customer, int Account, int Day, int Period, long T0);

/// <summary>
/// The received receptions of every customer, in session-pass order (conversation after conversation, day after day).
/// Written once by the session pass, read-only afterwards; a caller-owned buffer that keeps its capacity between runs.
/// A part of a parallel session pass writes a <see cref="Window"/> of the shared rows instead.
/// </summary>
internal sealed class ReceptionColumn : IRowWindows<ReceptionColumn>
{
    private ReceptionRow[] _rows;

    /// <summary>Where row 0 sits in <see cref="_rows"/>: 0 but in a window.</summary>
    private int _origin;

    /// <summary>The end of the rows this buffer may write.</summary>
    private int _limit;

    public ReceptionColumn(int capacity = 16)
    {
        _rows = GC.AllocateUninitializedArray<ReceptionRow>(Math.Max(16, capacity)); // only the first Count rows are read
        _limit = _rows.Length;
    }

    private ReceptionColumn(ReceptionColumn shared, int origin, int capacity)
    {
        _rows = shared._rows;
        _origin = origin;
        _limit = origin + capacity;
    }

    public int Count { get; private set; }

    /// <summary>The rows this buffer can hold without allocating.</summary>
    public int Capacity => _limit - _origin;

    public ReadOnlySpan<ReceptionRow> Rows => _rows.AsSpan(_origin, Count);

    public ref readonly ReceptionRow this[int i] => ref _rows[_origin + i];

    /// <summary>Empties the buffer for reuse, keeping its capacity.</summary>
    public void Clear() => Count = 0;

    /// <summary>Whether the rows are written in <paramref name="shared"/>'s array (a window that has not moved out).</summary>
    public bool Shares(ReceptionColumn shared) => _rows == shared._rows;

    /// <summary>As <see cref="SessionSpans.Gather"/>: makes this empty buffer the rows of <paramref name="windows"/>, in order.</summary>
    public void Gather(ReceptionColumn[] windows) => RowWindows.Gather(this, windows);

    void IRowWindows<ReceptionColumn>.Renew(int capacity) => Renew(capacity);

    /// <summary>Empties the buffer onto a new array of <paramref name="capacity"/> rows (the windows of the old one stay readable).</summary>
    private void Renew(int capacity)
    {
        _rows = new ReceptionRow[Math.Max(16, capacity)];
        Count = 0;
        _origin = 0;
        _limit = _rows.Length;
    }

    /// <summary>As <see cref="SessionSpans.Window"/>: an empty buffer over rows [<paramref name="origin"/>, <paramref name="origin"/> + <paramref name="capacity"/>) of these.</summary>
    public ReceptionColumn Window(int origin, int capacity) => new(this, origin, Math.Clamp(capacity, 0, _rows.Length - origin));

    /// <summary>Appends the receptions of <paramref name="other"/>, in their order (a window of these rows moves down in place).</summary>
    public void Append(ReceptionColumn other)
    {
        int n = Count + other.Count;
        if (_origin + n > _limit)
        {
            var rows = new ReceptionRow[Math.Max(n, Count * 2)];
            Rows.CopyTo(rows);
            _rows = rows;
            _origin = 0;
            _limit = rows.Length;
        }

        if (other._rows != _rows || other._origin != _origin + Count)
        {
            Array.Copy(other._rows, other._origin, _rows, _origin + Count, other.Count);
        }

        Count = n;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in ReceptionRow row)
    {
        int i = _origin + Count;
        if (i == _limit)
        {
            i = GrowForAdd();
        }

        _rows[i] = row;
        Count++;
    }

    /// <summary>The slow path of <see cref="Add"/>: moves the rows to an array twice as large; returns the index of the next row.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private int GrowForAdd()
    {
        var rows = new ReceptionRow[Math.Max(16, Count * 2)];
        Rows.CopyTo(rows);
        _rows = rows;
        _origin = 0;
        _limit = rows.Length;
        return Count;
    }
}

/// <summary>Result of the session pass: reception counters per (period, account), the sessions and the receptions.</summary>
internal sealed class SessionPassResult
{
    public required ReceptionCounters[] Counters { get; init; }

    public required int AccountCount { get; init; }

    /// <summary>Every received reception, for classification and attribution.</summary>
    public required ReceptionColumn Receptions { get; init; }

    public required SessionSpans Sessions { get; init; }

    public long Advert { get; init; }

    public long SingleLine { get; init; }

    /// <summary>Time-slot counts per (period, account, local hour).</summary>
    public required HourlyCounts Hourly { get; init; }

    public ref ReceptionCounters At(int period, int account) => ref Counters[(period * AccountCount) + account];
}

/// <summary>
/// The hot loop: one sequential pass over the conversation streams that takes each session from the
/// <see cref="SessionCursor"/> (§2–§3), counts it, and folds sessions into receptions (§4). It knows nothing of orders:
/// the received receptions go out as a column for classification and attribution.
/// Allocation-free per message: locals only, counters updated in place.
/// </summary>
internal static class SessionPass
{
    private const long None = SessionFacts.None;

    public static SessionPassResult Run(
        Dataset data,
        CsPerfConfig config,
        ConversationStreams streams,
        PeriodPlan plan,
        ZoneClock[] clocks,
        SessionSpans spans,
        ReceptionColumn receptions,
        HourlyCounts? hourly = null,
        DetailTrace? trace = null,
        int degree = 1)
    {
        int accountCount = data.Accounts.Length;
        int cells = plan.Count * accountCount;
        var counters = new ReceptionCounters[cells];
        receptions.Clear(); // caller-owned buffers keep their capacity between runs: no allocation that grows with the data
        spans.Clear();
        hourly ??= new HourlyCounts();
        hourly.Reset(cells);
        var knobs = new SessionKnobs(config);
        var rules = new Rules(config);
        int conversations = streams.Order.Length;
        int parts = trace is null ? Parts.Count(degree, conversations) : 1;
        long advert, singleLine;
        if (parts == 1)
        {
            (advert, singleLine) = RunRange(data, streams, plan, clocks, knobs, rules, 0, conversations, counters, spans, receptions, hourly, trace);
        }
        else
        {
            // Conversation ranges of about equal message counts, each with its own counters and time slots (the first
            // part writes the caller's); each part writes its sessions and receptions in its own window of the caller's
            // buffers (sized by its messages, as the caller sized them for all), so no part allocates rows; then
            // counters and time slots are summed and the windows moved down in range order: the single-pass result, in
            // the single-pass order. A part that outgrows its window moves to buffers of its own, copied in the same way.
            int[] start = streams.Start;
            var bounds = Parts.Split(parts, conversations, p => start[p]);
            var partCounters = new ReceptionCounters[parts][];
            var partSpans = new SessionSpans[parts];
            var partReceptions = new ReceptionColumn[parts];
            var partHourly = new HourlyCounts[parts];
            var partTotals = new (long Advert, long SingleLine)[parts];
            partCounters[0] = counters;
            partHourly[0] = hourly;
            int spanOrigin = 0, receptionOrigin = 0;
            for (int k = 0; k < parts; k++)
            {
                int messages = start[bounds[k + 1]] - start[bounds[k]];
                int spanRoom = k < parts - 1 ? (messages / 4) + 16 : spans.Capacity - spanOrigin;
                int receptionRoom = k < parts - 1 ? (messages / 8) + 16 : receptions.Capacity - receptionOrigin;
                partSpans[k] = spans.Window(Math.Min(spanOrigin, spans.Capacity), spanRoom);
                partReceptions[k] = receptions.Window(Math.Min(receptionOrigin, receptions.Capacity), receptionRoom);
                spanOrigin += partSpans[k].Capacity;
                receptionOrigin += partReceptions[k].Capacity;
            }

            Parts.Run(parts, k =>
            {
                if (k > 0)
                {
                    partCounters[k] = new ReceptionCounters[cells];
                    partHourly[k] = new HourlyCounts();
                    partHourly[k].Reset(cells);
                }

                partTotals[k] = RunRange(data, streams, plan, k == 0 ? clocks : ZoneClock.Copy(clocks), knobs, rules, bounds[k], bounds[k + 1], partCounters[k], partSpans[k], partReceptions[k], partHourly[k], null);
            });

            (advert, singleLine) = partTotals[0];
            for (int k = 1; k < parts; k++)
            {
                advert += partTotals[k].Advert;
                singleLine += partTotals[k].SingleLine;
                for (int i = 0; i < cells; i++)
                {
                    counters[i].Add(partCounters[k][i]);
                }

                AddTo(hourly.Receptions, partHourly[k].Receptions, cells * 24);
                AddTo(hourly.Messages, partHourly[k].Messages, cells * 24);
            }

            spans.Gather(partSpans);
            receptions.Gather(partReceptions);
        }

        return new SessionPassResult
        {
            Counters = counters,
            AccountCount = accountCount,
            Receptions = receptions,
            Sessions = spans,
            Advert = advert,
            SingleLine = singleLine,
            Hourly = hourly,
        };
    }

    private static void AddTo(int[] target, int[] source, int length)
    {
        for (int i = 0; i < length; i++)
        {
            target[i] += source[i];
        }
    }

    /// <summary>The pass over the conversations at positions [<paramref name="from"/>, <paramref name="to"/>): returns the advert sessions and single-line receptions it filtered.</summary>
    private static (long Advert, long SingleLine) RunRange(
        Dataset data,
        ConversationStreams streams,
        PeriodPlan plan,
        ZoneClock[] clocks,
        SessionKnobs knobs,
        Rules rules,
        int from,
        int to,
        ReceptionCounters[] counters,
        SessionSpans spans,
        ReceptionColumn receptions,
        HourlyCounts hourly,
        DetailTrace? trace)
    {
        int accountCount = data.Accounts.Length;
        int[] messagesByHour = hourly.Messages;
        long advert = 0, singleLine = 0;

        int[] order = streams.Order;
        int[] start = streams.Start;
        StreamRow[] rows = streams.Rows;
        int[] convAccount = data.ConvAccount;
        int[] convShop = data.ConvShop;
        int[] convCustomer = data.ConvCustomer;
        long longSession = rules.LongSession, firstTarget = knobs.FirstTarget;

        for (int p = from; p < to; p++)
        {
            int s = start[p], e = start[p + 1];
            if (s == e)
            {
                continue;
            }

            int conv = order[p];
            int account = convAccount[conv];
            int customer = convCustomer[conv];
            ZoneClock clock = clocks[convShop[conv]];
            var conversation = rows.AsSpan(s, e - s);
            var cursor = new SessionCursor(conversation, knobs);
            trace?.Conversation(s, account, customer);

            var rec = new ReceptionState { Day = int.MinValue };
            while (NextSession(ref cursor, trace, out var session))
            {
                if (session.IsAdvert)
                {
                    // Counted in the reported range only (a partial owns its days); advert sessions are rare.
                    advert += plan.PeriodOf(clock.LocalDay(session.Start)) >= 0 ? 1 : 0;
                    continue;
                }

                int day = clock.LocalDay(session.Start);
                if (day != rec.Day)
                {
                    singleLine += Flush(ref rec, counters, receptions, hourly.Receptions, accountCount, account, customer, clock, rules, trace);
                    rec = new ReceptionState { Day = day, Period = plan.PeriodOf(day), T0 = None };
                    trace?.StartReception();
                }

                trace?.Session(session, day, rec.Period >= 0);

                long duration = session.Last - session.Start;
                rec.In += session.In;
                rec.EffOut += session.EffectiveOut;
                rec.SlowBursts += session.Slow;
                rec.Ticks += duration;
                if (rec.T0 == None)
                {
                    rec.T0 = session.FirstIn;
                }

                if (rec.Period < 0)
                {
                    continue;
                }

                ref var c = ref counters[(rec.Period * accountCount) + account];
                c.Sessions++;
                c.SessionTicks += duration;
                c.LongSessions += duration >= longSession ? 1 : 0;
                c.Messages += session.EffectiveOut;
                c.Characters += session.Characters;
                c.AnsweredBursts += session.Answered;
                c.ResponseTicks += session.ResponseTicks;
                c.NoResponseRecords += session.NoResponse;
                if (session.CustomerStarted)
                {
                    c.CustomerStarted++;
                    if (session.FirstBurstResponse >= 0)
                    {
                        c.FirstAnswered++;
                        c.FirstResponseTicks += session.FirstBurstResponse;
                        c.FirstHits += session.FirstBurstResponse <= firstTarget ? 1 : 0;
                    }
                }

                spans.Add(session.Start, session.Last, account, rec.Period);
                if (session.In > 0)
                {
                    // Time slots: one increment per kept customer message, by its own local hour (domain.md §6).
                    // Rows are sorted by instant: the local hour is recomputed only when an hour (or zone interval) ends.
                    int hourBase = ((rec.Period * accountCount) + account) * 24;
                    long sameHourUntil = long.MinValue;
                    int slot = 0;
                    for (int m = session.First; m < session.End; m++)
                    {
                        if (SessionCursor.IsIn(conversation[m].Flags))
                        {
                            long ticks = conversation[m].Ticks;
                            if (ticks >= sameHourUntil)
                            {
                                slot = hourBase + clock.LocalHour(ticks, out sameHourUntil);
                            }

                            messagesByHour[slot]++;
                        }
                    }
                }
            }

            singleLine += Flush(ref rec, counters, receptions, hourly.Receptions, accountCount, account, customer, clock, rules, trace);
        }

        return (advert, singleLine);
    }

    /// <summary>The next session of the cursor; with a trace, its bursts go to the trace (detail lists).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool NextSession(ref SessionCursor cursor, DetailTrace? trace, out SessionFacts session)
    {
        if (trace is null)
        {
            return cursor.Next(out session);
        }

        var sink = trace.BeginSession();
        return cursor.Next(out session, ref sink);
    }

    /// <summary>Closes a reception: counts it and adds it to the column. Returns 1 when the single-line filter removed it.</summary>
    private static int Flush(
        ref ReceptionState rec,
        ReceptionCounters[] counters,
        ReceptionColumn receptions,
        int[] receptionsByHour,
        int accountCount,
        int account,
        int customer,
        ZoneClock clock,
        Rules rules,
        DetailTrace? trace)
    {
        if (rec.Day == int.MinValue || rec.In == 0)
        {
            return 0; // no reception yet, or the customer never wrote: not consulted
        }

        bool single = rules.SingleLine && rec.In == 1;
        if (rec.Period < 0)
        {
            // Outside the reported range: no counts, but an after-sale reception may still implicate its account in a
            // review that falls inside the range (domain.md §6 "Reviews"): it goes to the column all the same. Filtered
            // counts (single-line) cover the reported range only: a partial owns its days.
            if (!single)
            {
                receptions.Add(new ReceptionRow(customer, account, rec.Day, rec.Period, rec.T0));
            }

            return 0;
        }

        ref var c = ref counters[(rec.Period * accountCount) + account];
        c.Consulted++;
        if (single)
        {
            return 1;
        }

        c.Received++;
        receptionsByHour[(((rec.Period * accountCount) + account) * 24) + clock.LocalHour(rec.T0)]++;
        if (rec.EffOut > 0)
        {
            c.Replied++;
        }
        else
        {
            c.Unreplied++;
        }

        bool slow = rec.SlowBursts >= rules.SlowCount, isLong = rec.Ticks >= rules.LongDaily;
        c.SlowReceptions += slow ? 1 : 0;
        c.LongReceptions += isLong ? 1 : 0;
        trace?.Reception(rec.Day, rec.EffOut == 0, slow, isLong, rec.Ticks);
        receptions.Add(new ReceptionRow(customer, account, rec.Day, rec.Period, rec.T0));
        return 0;
    }

    private struct ReceptionState
    {
        public int Day;
        public int Period;
        public long In;
        public long EffOut;
        public long SlowBursts;
        public long Ticks;
        public long T0;
    }

    /// <summary>The reception knobs in ticks, read once per run.</summary>
    private sealed class Rules(CsPerfConfig config)
    {
        public long LongSession { get; } = config.LongSessionThreshold.BclCompatibleTicks;
        public long LongDaily { get; } = config.LongDailyThreshold.BclCompatibleTicks;
        public int SlowCount { get; } = config.SlowResponseCount;
        public bool SingleLine { get; } = config.SingleLineFilter;
    }
}
