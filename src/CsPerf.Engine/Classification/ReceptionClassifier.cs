using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Classification;

/// <summary>How a received reception is classified (domain.md §4).</summary>
internal enum ReceptionClass : byte
{
    Inquiry = 0,
    InSale = 1,
    AfterSale = 2,
}

/// <summary>Counts of received receptions by class, per (period, account).</summary>
internal struct ClassCounts
{
    public long Inquiries;
    public long InSale;
    public long AfterSale;
}

/// <summary>
/// The received receptions with their class, grouped by customer: <c>Index[CustomerStart[c]..CustomerStart[c + 1]]</c>
/// are the positions (in the reception column, in its order) of customer c's receptions.
/// </summary>
internal sealed class ClassifiedReceptions
{
    public required ReceptionColumn Column { get; init; }

    /// <summary>The class of each reception, by position in <see cref="Column"/>.</summary>
    public required ReceptionClass[] Class { get; init; }

    public required int[] CustomerStart { get; init; }

    public required int[] Index { get; init; }

    /// <summary>Receptions by class per (period, account).</summary>
    public required ClassCounts[] Counts { get; init; }

    public int AccountCount { get; init; }

    /// <summary>The aggregation step: the class counts go into the reception counters of the same (period, account).</summary>
    public void AddTo(ReceptionCounters[] counters)
    {
        for (int i = 0; i < Counts.Length; i++)
        {
            counters[i].Inquiries += Counts[i].Inquiries;
            counters[i].InSale += Counts[i].InSale;
            counters[i].AfterSale += Counts[i].AfterSale;
        }
    }
}

/// <summary>
/// Classification 售前/售中/售后 (domain.md §4): each received reception against its customer's orders as of the cut.
/// Reads the reception column and the orders; writes only its own result.
/// </summary>
internal static class ReceptionClassifier
{
    public static ClassifiedReceptions Run(Dataset data, CsPerfConfig config, ReceptionColumn receptions, CustomerOrders orders, PeriodPlan plan, ZoneClock[] clocks)
    {
        int accounts = data.Accounts.Length;
        var knobs = new Knobs(config);
        var rows = receptions.Rows;
        var classes = new ReceptionClass[rows.Length];
        var counts = new ClassCounts[plan.Count * accounts];
        var roles = new AccountRole[accounts];
        for (int a = 0; a < accounts; a++)
        {
            roles[a] = data.Accounts[a].Role;
        }

        // Grouped by customer (a stable counting sort keeps each customer's receptions in pass order).
        int customers = data.CustomerCount;
        var start = new int[customers + 1];
        foreach (ref readonly var r in rows)
        {
            start[r.Customer + 1]++;
        }

        for (int c = 0; c < customers; c++)
        {
            start[c + 1] += start[c];
        }

        var fill = new int[customers];
        Array.Copy(start, fill, customers);
        var index = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly var r = ref rows[i];
            index[fill[r.Customer]++] = i;
            var cls = Classify(roles[r.Account], r.Customer, r.T0, r.Day, clocks[data.CustomerShop[r.Customer]], orders, knobs);
            classes[i] = cls;
            if (r.Period >= 0)
            {
                ref var k = ref counts[(r.Period * accounts) + r.Account];
                k.Inquiries += cls == ReceptionClass.Inquiry ? 1 : 0;
                k.InSale += cls == ReceptionClass.InSale ? 1 : 0;
                k.AfterSale += cls == ReceptionClass.AfterSale ? 1 : 0;
            }
        }

        return new ClassifiedReceptions
        {
            Column = receptions,
            Class = classes,
            CustomerStart = start,
            Index = index,
            Counts = counts,
            AccountCount = accounts,
        };
    }

    /// <summary>Classification of a received reception with first customer message t0 on local day D (domain.md §4).</summary>
    internal static ReceptionClass Classify(AccountRole role, int customer, long t0, int day, ZoneClock clock, CustomerOrders orders, in Knobs knobs)
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
            if (created >= t0 - knobs.PaymentWindow && created < t0 && (paid == Ticks.None || paid > t0))
            {
                return ReceptionClass.InSale;
            }

            if (paid != Ticks.None && paid >= t0 - knobs.AfterSale && paid < t0)
            {
                paidRecently = true;
            }
        }

        if (paidRecently)
        {
            long windowEnd = clock.StartOfDay(day + 1 + knobs.InquiryWindowDays);
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

    /// <summary>The classification knobs in ticks.</summary>
    internal readonly struct Knobs(CsPerfConfig config)
    {
        public readonly long PaymentWindow = config.PaymentWindow.BclCompatibleTicks;
        public readonly long AfterSale = config.AfterSaleDays * ZoneClock.TicksPerDay;
        public readonly int InquiryWindowDays = config.InquiryWindowDays;
    }
}
