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
    /// <summary>Classifies every reception, on up to <paramref name="degree"/> threads (ranges of receptions, class counts summed).</summary>
    public static ClassifiedReceptions Run(Dataset data, CsPerfConfig config, ReceptionColumn receptions, CustomerOrders orders, PeriodPlan plan, ZoneClock[] clocks, int degree = 1)
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
            index[fill[rows[i].Customer]++] = i;
        }

        int parts = Parts.Count(degree, rows.Length);
        var bounds = Parts.Even(parts, rows.Length);
        var partCounts = new ClassCounts[parts][];
        partCounts[0] = counts;
        Parts.Run(parts, k =>
        {
            var local = partCounts[k] ??= new ClassCounts[counts.Length];
            var partClocks = k == 0 ? clocks : ZoneClock.Copy(clocks);
            var column = receptions.Rows;
            for (int i = bounds[k]; i < bounds[k + 1]; i++)
            {
                ref readonly var r = ref column[i];
                var cls = Classify(roles[r.Account], r.Customer, r.T0, r.Day, partClocks[data.CustomerShop[r.Customer]], orders, knobs);
                classes[i] = cls;
                if (r.Period >= 0)
                {
                    ref var c = ref local[(r.Period * accounts) + r.Account];
                    c.Inquiries += cls == ReceptionClass.Inquiry ? 1 : 0;
                    c.InSale += cls == ReceptionClass.InSale ? 1 : 0;
                    c.AfterSale += cls == ReceptionClass.AfterSale ? 1 : 0;
                }
            }
        });

        for (int k = 1; k < parts; k++)
        {
            for (int i = 0; i < counts.Length; i++)
            {
                checked
                {
                    counts[i].Inquiries += partCounts[k][i].Inquiries;
                    counts[i].InSale += partCounts[k][i].InSale;
                    counts[i].AfterSale += partCounts[k][i].AfterSale;
                }
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
