using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Sessions;

/// <summary>How a received reception is classified (domain.md §4).</summary>
internal enum ReceptionClass : byte
{
    Inquiry = 0,
    InSale = 1,
    AfterSale = 2,

    /// <summary>Not classified yet: the customer has orders, so the attribution pass classifies it with them at hand.</summary>
    Unknown = 3,
}

/// <summary>The non-advert sessions of the reported range, for the concurrency sweep.</summary>
internal sealed class SessionSpans
{
    public long[] Start;
    public long[] End;
    public int[] Account;
    public int[] Period;
    public int Count;

    public SessionSpans(int capacity)
    {
        capacity = Math.Max(16, capacity);
        Start = new long[capacity];
        End = new long[capacity];
        Account = new int[capacity];
        Period = new int[capacity];
    }

    /// <summary>Empties the buffer for reuse, keeping its capacity.</summary>
    public void Clear() => Count = 0;

    public void Add(long start, long end, int account, int period)
    {
        if (Count == Start.Length)
        {
            int cap = Count * 2;
            Array.Resize(ref Start, cap);
            Array.Resize(ref End, cap);
            Array.Resize(ref Account, cap);
            Array.Resize(ref Period, cap);
        }

        Start[Count] = start;
        End[Count] = end;
        Account[Count] = account;
        Period[Count] = period;
        Count++;
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

/// <summary>A received reception whose outcome needs the customer's orders: an inquiry, or an after-sale one (reviews).</summary>
internal readonly record struct DeferredReception(int Customer, int Account, int Day, int Period, long T0, ReceptionClass Class);

/// <summary>Result of the session pass: reception counters per (period, account) and the sessions.</summary>
internal sealed class SessionPassResult
{
    public required ReceptionCounters[] Counters { get; init; }

    public required int AccountCount { get; init; }

    /// <summary>Inquiry outcomes settled without orders (lost, pending), per (period, account); the attribution pass adds the rest.</summary>
    public required Attribution.ConversionCounters[] Conversion { get; init; }

    /// <summary>Received receptions of customers with orders, in customer order, for the attribution pass.</summary>
    public required List<DeferredReception> Deferred { get; init; }

    public required SessionSpans Sessions { get; init; }

    public long Advert { get; init; }

    public long SingleLine { get; init; }

    /// <summary>Time-slot counts per (period, account, local hour).</summary>
    public required HourlyCounts Hourly { get; init; }

    public ref ReceptionCounters At(int period, int account) => ref Counters[(period * AccountCount) + account];
}

/// <summary>
/// The hot loop: one sequential pass over the conversation streams that cuts sessions (§3), measures bursts and
/// response clocks, detects adverts (§2), and folds sessions into receptions (§4) with their classification.
/// Allocation-free per message: locals only, counters updated in place.
/// </summary>
internal static class SessionPass
{
    private const long None = long.MinValue;

    public static SessionPassResult Run(
        Dataset data,
        CsPerfConfig config,
        ConversationStreams streams,
        CustomerOrders orders,
        PeriodPlan plan,
        ZoneClock[] clocks,
        SessionSpans spans,
        List<DeferredReception> deferred,
        long asOf,
        HourlyCounts? hourly = null)
    {
        int accountCount = data.Accounts.Length;
        var counters = new ReceptionCounters[plan.Count * accountCount];
        var conversion = new Attribution.ConversionCounters[plan.Count * accountCount];
        deferred.Clear(); // caller-owned buffers keep their capacity between runs: no allocation that grows with the data
        spans.Clear();
        hourly ??= new HourlyCounts();
        hourly.Reset(plan.Count * accountCount);
        int[] messagesByHour = hourly.Messages;
        var roles = new AccountRole[accountCount];
        for (int a = 0; a < accountCount; a++)
        {
            roles[a] = data.Accounts[a].Role;
        }

        var rules = new Rules(config, asOf);
        long advert = 0, singleLine = 0;

        int[] order = streams.Order;
        int[] start = streams.Start;
        StreamRow[] rows = streams.Rows;
        int[] convAccount = data.ConvAccount;
        int[] convShop = data.ConvShop;
        int[] convCustomer = data.ConvCustomer;

        // Knobs as locals: the loop below runs once per message.
        long gap = rules.Gap, slowThreshold = rules.SlowThreshold, noResponseThreshold = rules.NoResponseThreshold;
        long longSession = rules.LongSession, firstTarget = rules.FirstTarget;
        int adWindow = rules.AdWindow;

        for (int p = 0; p < order.Length; p++)
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
            AccountRole role = roles[account];

            var rec = new ReceptionState { Day = int.MinValue };
            int r = s;
            while (r < e)
            {
                long sessionStart = rows[r].Ticks;
                long last = sessionStart;
                long inCount = 0, effOut = 0, charCount = 0;
                long firstIn = None, firstEffOut = None, burstStart = None;
                long firstBurstResponse = -1, answered = 0, responseTicks = 0, slow = 0, noResponse = 0;
                int bursts = 0;
                bool isAdvert = false;

                int first = r;
                int q = r;
                for (; q < e; q++)
                {
                    long t = rows[q].Ticks;
                    if (q > r && t - last >= gap)
                    {
                        break;
                    }

                    last = t;
                    byte f = rows[q].Flags;
                    if ((f & MessageFlags.Out) == 0)
                    {
                        inCount++;
                        if (firstIn == None)
                        {
                            firstIn = t;
                        }

                        if (burstStart == None)
                        {
                            burstStart = t;
                            bursts++;
                        }
                    }
                    else if ((f & MessageFlags.AutoReply) == 0)
                    {
                        effOut++;
                        charCount += rows[q].Chars;
                        if (firstEffOut == None)
                        {
                            firstEffOut = t;
                        }

                        if (effOut <= adWindow && (f & MessageFlags.AdMatch) != 0)
                        {
                            isAdvert = true;
                        }

                        if (burstStart != None)
                        {
                            long response = t - burstStart;
                            answered++;
                            responseTicks += response;
                            slow += response > slowThreshold ? 1 : 0;
                            noResponse += response > noResponseThreshold ? 1 : 0;
                            if (bursts == 1)
                            {
                                firstBurstResponse = response;
                            }

                            burstStart = None;
                        }
                    }
                }

                if (burstStart != None)
                {
                    noResponse++;
                }

                r = q;
                if (isAdvert)
                {
                    // Counted in the reported range only (a partial owns its days); advert sessions are rare.
                    advert += plan.PeriodOf(clock.LocalDay(sessionStart)) >= 0 ? 1 : 0;
                    continue;
                }

                int day = clock.LocalDay(sessionStart);
                if (day != rec.Day)
                {
                    singleLine += Flush(ref rec, counters, conversion, deferred, hourly.Receptions, accountCount, account, role, customer, clock, orders, rules);
                    rec = new ReceptionState { Day = day, Period = plan.PeriodOf(day), T0 = None };
                }

                long duration = last - sessionStart;
                rec.In += inCount;
                rec.EffOut += effOut;
                rec.SlowBursts += slow;
                rec.Ticks += duration;
                if (rec.T0 == None)
                {
                    rec.T0 = firstIn;
                }

                if (rec.Period < 0)
                {
                    continue;
                }

                ref var c = ref counters[(rec.Period * accountCount) + account];
                c.Sessions++;
                c.SessionTicks += duration;
                c.LongSessions += duration >= longSession ? 1 : 0;
                c.Messages += effOut;
                c.Characters += charCount;
                c.AnsweredBursts += answered;
                c.ResponseTicks += responseTicks;
                c.NoResponseRecords += noResponse;
                if (firstIn != None && (firstEffOut == None || firstIn < firstEffOut))
                {
                    c.CustomerStarted++;
                    if (firstBurstResponse >= 0)
                    {
                        c.FirstAnswered++;
                        c.FirstResponseTicks += firstBurstResponse;
                        c.FirstHits += firstBurstResponse <= firstTarget ? 1 : 0;
                    }
                }

                spans.Add(sessionStart, last, account, rec.Period);
                if (inCount > 0)
                {
                    // Time slots: one increment per kept customer message, by its own local hour (domain.md §6).
                    // Rows are sorted by instant: the local hour is recomputed only when an hour (or zone interval) ends.
                    int hourBase = ((rec.Period * accountCount) + account) * 24;
                    long sameHourUntil = long.MinValue;
                    int slot = 0;
                    for (int m = first; m < q; m++)
                    {
                        if ((rows[m].Flags & MessageFlags.Out) == 0)
                        {
                            long ticks = rows[m].Ticks;
                            if (ticks >= sameHourUntil)
                            {
                                slot = hourBase + clock.LocalHour(ticks, out sameHourUntil);
                            }

                            messagesByHour[slot]++;
                        }
                    }
                }
            }

            singleLine += Flush(ref rec, counters, conversion, deferred, hourly.Receptions, accountCount, account, role, customer, clock, orders, rules);
        }

        return new SessionPassResult
        {
            Counters = counters,
            AccountCount = accountCount,
            Conversion = conversion,
            Deferred = deferred,
            Sessions = spans,
            Advert = advert,
            SingleLine = singleLine,
            Hourly = hourly,
        };
    }

    /// <summary>Closes a reception: counts it and classifies it. Returns 1 when the single-line filter removed it.</summary>
    private static int Flush(
        ref ReceptionState rec,
        ReceptionCounters[] counters,
        Attribution.ConversionCounters[] conversion,
        List<DeferredReception> deferred,
        int[] receptionsByHour,
        int accountCount,
        int account,
        AccountRole role,
        int customer,
        ZoneClock clock,
        CustomerOrders orders,
        Rules rules)
    {
        if (rec.Day == int.MinValue || rec.In == 0)
        {
            return 0; // no reception yet, or the customer never wrote: not consulted
        }

        bool single = rules.SingleLine && rec.In == 1;
        bool hasOrders = orders.Start[customer + 1] > orders.Start[customer];
        if (rec.Period < 0)
        {
            // Outside the reported range: no counts, but an after-sale reception may still implicate its account in a
            // review that falls inside the range (domain.md §6 "Reviews"); the attribution pass classifies it.
            if (!single && hasOrders)
            {
                deferred.Add(new DeferredReception(customer, account, rec.Day, rec.Period, rec.T0, ReceptionClass.Unknown));
            }

            return 0; // filtered counts cover the reported range only (a partial owns its days)
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

        c.SlowReceptions += rec.SlowBursts >= rules.SlowCount ? 1 : 0;
        c.LongReceptions += rec.Ticks >= rules.LongDaily ? 1 : 0;
        if (hasOrders)
        {
            // Classification, outcomes and review phases need the customer's orders: the attribution pass, which
            // walks each customer's orders anyway, settles them (and counts inquiries / inSale / afterSale).
            deferred.Add(new DeferredReception(customer, account, rec.Day, rec.Period, rec.T0, ReceptionClass.Unknown));
            return 0;
        }

        if (role == AccountRole.Aftersale)
        {
            c.AfterSale++;
            return 0;
        }

        // No order at all: a pre-sale inquiry, lost once its window has closed as of the cut, else pending (§5).
        c.Inquiries++;
        long windowEnd = clock.StartOfDay(rec.Day + 1 + rules.InquiryWindowDays);
        ref var o = ref conversion[(rec.Period * accountCount) + account];
        if (rules.AsOf >= windowEnd)
        {
            o.Lost++;
        }
        else
        {
            o.Pending++;
        }

        return 0;
    }

    /// <summary>Classification of a received reception with first customer message t0 on local day D (domain.md §4).</summary>
    internal static ReceptionClass Classify(AccountRole role, int customer, long t0, int day, ZoneClock clock, CustomerOrders orders, Rules rules)
    {
        if (role == AccountRole.Aftersale)
        {
            return ReceptionClass.AfterSale;
        }

        int s = orders.Start[customer], e = orders.Start[customer + 1];
        bool paidRecently = false;
        for (int i = s; i < e; i++)
        {
            long created = orders.Created[i];
            long paid = orders.Paid[i];
            if (created >= t0 - rules.PaymentWindow && created < t0 && (paid == Ticks.None || paid > t0))
            {
                return ReceptionClass.InSale;
            }

            if (paid != Ticks.None && paid >= t0 - rules.AfterSale && paid < t0)
            {
                paidRecently = true;
            }
        }

        if (paidRecently)
        {
            long windowEnd = clock.StartOfDay(day + 1 + rules.InquiryWindowDays);
            for (int i = s; i < e; i++)
            {
                long created = orders.Created[i];
                if (created >= t0 && created < windowEnd)
                {
                    return ReceptionClass.Inquiry;
                }
            }

            return ReceptionClass.AfterSale;
        }

        return ReceptionClass.Inquiry;
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

    /// <summary>The config's knobs in ticks, read once per run.</summary>
    internal sealed class Rules(CsPerfConfig config, long asOf)
    {
        public long AsOf { get; } = asOf;
        public long Gap { get; } = config.SessionGap.BclCompatibleTicks;
        public long SlowThreshold { get; } = config.SlowResponseThreshold.BclCompatibleTicks;
        public long NoResponseThreshold { get; } = config.NoResponseThreshold.BclCompatibleTicks;
        public long LongSession { get; } = config.LongSessionThreshold.BclCompatibleTicks;
        public long LongDaily { get; } = config.LongDailyThreshold.BclCompatibleTicks;
        public long FirstTarget { get; } = config.FirstResponseTarget.BclCompatibleTicks;
        public long PaymentWindow { get; } = config.PaymentWindow.BclCompatibleTicks;
        public long AfterSale { get; } = config.AfterSaleDays * ZoneClock.TicksPerDay;
        public int InquiryWindowDays { get; } = config.InquiryWindowDays;
        public int AdWindow { get; } = config.AdReplyWindow;
        public int SlowCount { get; } = config.SlowResponseCount;
        public bool SingleLine { get; } = config.SingleLineFilter;
    }
}
