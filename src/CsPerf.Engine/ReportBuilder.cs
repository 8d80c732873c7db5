using System.Collections.Immutable;
using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>The pipeline: cut and filter → group → sessions and receptions → peaks → KPIs per level and period.</summary>
internal static class ReportBuilder
{
    public static Report Build(Dataset data, CsPerfConfig config, ReportRequest request)
    {
        var run = Analyze(data, config, request);
        var periods = ImmutableArray.CreateBuilder<PeriodReport>(run.Plan.Count);
        for (int p = 0; p < run.Plan.Count; p++)
        {
            periods.Add(BuildPeriod(data, config, request, run, p));
        }

        var filtered = new FilteredCounts(run.Streams.Internal, run.Streams.Listed, run.Streams.Broadcast, run.Pass.Advert, run.Pass.SingleLine);
        return new Report(request.AsOf, request.Rule ?? config.AttributionRule, request.AllRules, request.By, periods.MoveToImmutable(),
            filtered, data.RejectedCount, data.RejectedLines, data.Warnings);
    }

    /// <summary>Everything the report is made of, before it is cut into levels (tests read the counters directly).</summary>
    internal sealed record Analysis(
        ZoneClock[] Clocks,
        ConversationStreams Streams,
        CustomerOrders Orders,
        PeriodPlan Plan,
        SessionPassResult Pass,
        Peaks Peaks,
        bool[] VisibleAccounts,
        bool[] VisibleShops);

    internal static Analysis Analyze(Dataset data, CsPerfConfig config, ReportRequest request)
    {
        long asOf = request.AsOf.ToUnixTimeTicks();
        var clocks = new ZoneClock[data.Shops.Length];
        for (int s = 0; s < clocks.Length; s++)
        {
            clocks[s] = new ZoneClock(data.Shops[s].Zone);
        }

        var streams = ConversationStreams.Build(data, config, asOf);
        var orders = CustomerOrders.Build(data, asOf);
        var (visibleAccounts, visibleShops, firstDay, lastDay) = Scope(data, streams, asOf, clocks);
        if (request.From is { } from)
        {
            firstDay = ZoneClock.DateToLocalDay(from);
        }

        if (request.To is { } to)
        {
            lastDay = ZoneClock.DateToLocalDay(to);
        }

        var plan = PeriodPlan.Create(request.By, firstDay, lastDay);
        var pass = SessionPass.Run(data, config, streams, orders, plan, clocks, new SessionSpans((streams.Count / 4) + 16), asOf);
        var peaks = Concurrency.Compute(data, pass.Sessions, plan, clocks);
        return new Analysis(clocks, streams, orders, plan, pass, peaks, visibleAccounts, visibleShops);
    }

    /// <summary>
    /// Which accounts and shops the report lists, and the default date range. Only kept data counts, so adding
    /// filtered messages changes neither (domain.md §5 invariant 5).
    /// </summary>
    private static (bool[] Accounts, bool[] Shops, int First, int Last) Scope(Dataset data, ConversationStreams streams, long asOf, ZoneClock[] clocks)
    {
        var accounts = new bool[data.Accounts.Length];
        var shops = new bool[data.Shops.Length];
        for (int a = 0; a < accounts.Length; a++)
        {
            // Roster accounts are always listed; implicit ones only when they have kept data.
            accounts[a] = data.Agents[data.Accounts[a].Agent].Info is not null;
        }

        int first = int.MaxValue, last = int.MinValue;
        for (int p = 0; p < streams.Order.Length; p++)
        {
            int s = streams.Start[p], e = streams.Start[p + 1];
            if (s == e)
            {
                continue;
            }

            int conv = streams.Order[p];
            accounts[data.ConvAccount[conv]] = true;
            var clock = clocks[data.ConvShop[conv]];
            first = Math.Min(first, clock.LocalDay(streams.Ticks[s]));
            last = Math.Max(last, clock.LocalDay(streams.Ticks[e - 1]));
        }

        foreach (var o in data.Orders)
        {
            if (o.Created > asOf)
            {
                continue;
            }

            shops[o.Shop] = true;
            var clock = clocks[o.Shop];
            int d = clock.LocalDay(o.Created);
            first = Math.Min(first, d);
            last = Math.Max(last, d);
            if (o.Paid <= asOf)
            {
                last = Math.Max(last, clock.LocalDay(o.Paid));
            }
        }

        foreach (var r in data.Ratings)
        {
            if (r.At <= asOf)
            {
                accounts[r.Account] = true;
            }
        }

        foreach (var c in data.Complaints)
        {
            if (c.At <= asOf)
            {
                accounts[c.Account] = true;
            }
        }

        for (int a = 0; a < accounts.Length; a++)
        {
            if (accounts[a])
            {
                shops[data.Accounts[a].Shop] = true;
            }
        }

        if (data.HasRoster)
        {
            // Roster shops are always listed.
            for (int s = 0; s < data.Shops.Length; s++)
            {
                shops[s] |= IsRosterShop(data, s);
            }
        }

        return first == int.MaxValue ? (accounts, shops, 0, -1) : (accounts, shops, first, last);
    }

    private static bool IsRosterShop(Dataset data, int shop) => data.RosterShopCount > shop;

    private static PeriodReport BuildPeriod(Dataset data, CsPerfConfig config, ReportRequest request, Analysis run, int p)
    {
        var peaks = run.Peaks;
        var pass = run.Pass;
        int accounts = data.Accounts.Length;
        var (fromDay, toDay) = run.Plan.Periods[p];

        var shopCounters = new ReceptionCounters[data.Shops.Length];
        var total = default(ReceptionCounters);
        for (int a = 0; a < accounts; a++)
        {
            ref var c = ref pass.At(p, a);
            shopCounters[data.Accounts[a].Shop].Add(c);
            total.Add(c);
        }

        var agentReports = new List<AgentReport>();
        for (int g = 0; g < data.Agents.Length; g++)
        {
            var agent = data.Agents[g];
            var accountReports = new List<AccountReport>();
            var agentCounters = default(ReceptionCounters);
            foreach (int a in agent.Accounts)
            {
                agentCounters.Add(pass.At(p, a));
                if (!run.VisibleAccounts[a])
                {
                    continue;
                }

                var kpis = new List<KeyValuePair<string, KpiValue>>(32);
                int idx = (p * accounts) + a;
                ReceptionKpis.Append(kpis, pass.At(p, a), peaks.Account[idx], peaks.AccountHourly.AsSpan(idx * 24, 24));
                accountReports.Add(new AccountReport(data.Accounts[a].Id, data.Shops[data.Accounts[a].Shop].Id, new KpiSet(kpis)));
            }

            if (agent.Info is null && accountReports.Count == 0)
            {
                continue;
            }

            accountReports.Sort((x, y) =>
            {
                int c = string.CompareOrdinal(x.Shop, y.Shop);
                return c != 0 ? c : string.CompareOrdinal(x.Account, y.Account);
            });
            var agentKpis = new List<KeyValuePair<string, KpiValue>>(32);
            int gi = (p * data.Agents.Length) + g;
            ReceptionKpis.Append(agentKpis, agentCounters, peaks.Agent[gi], peaks.AgentHourly.AsSpan(gi * 24, 24));
            agentReports.Add(new AgentReport(agent.Id, agent.Name, new KpiSet(agentKpis), [.. accountReports]));
        }

        agentReports.Sort((x, y) => string.CompareOrdinal(x.Agent, y.Agent));

        var shopReports = new List<ShopReport>();
        for (int s = 0; s < data.Shops.Length; s++)
        {
            if (!run.VisibleShops[s])
            {
                continue;
            }

            var kpis = new List<KeyValuePair<string, KpiValue>>(32);
            int si = (p * data.Shops.Length) + s;
            ReceptionKpis.Append(kpis, shopCounters[s], peaks.Shop[si], peaks.ShopHourly.AsSpan(si * 24, 24));
            shopReports.Add(new ShopReport(data.Shops[s].Id, new KpiSet(kpis)));
        }

        shopReports.Sort((x, y) => string.CompareOrdinal(x.Shop, y.Shop));

        var totalKpis = new List<KeyValuePair<string, KpiValue>>(32);
        ReceptionKpis.Append(totalKpis, total, peaks.Total[p], peaks.TotalHourly.AsSpan(p * 24, 24));

        var provisionalFrom = ProvisionalFrom(data, config, request.AsOf, run, fromDay, toDay);
        return new PeriodReport(
            ZoneClock.LocalDayToDate(fromDay),
            ZoneClock.LocalDayToDate(toDay),
            provisionalFrom is null,
            provisionalFrom,
            new KpiSet(totalKpis),
            [.. shopReports],
            [.. agentReports]);
    }

    /// <summary>
    /// The first local date of the period whose outcomes may still change as of <paramref name="asOf"/>: payment outcomes
    /// of date D are final once asOf ≥ start of D + 1 + InquiryWindowDays, plus PaymentWindow (domain.md §6 "Maturity"),
    /// in the zone of every listed shop.
    /// </summary>
    private static LocalDate? ProvisionalFrom(Dataset data, CsPerfConfig config, Instant asOf, Analysis run, int fromDay, int toDay)
    {
        long asOfTicks = asOf.ToUnixTimeTicks();
        long window = config.PaymentWindow.BclCompatibleTicks;
        int first = int.MaxValue;
        for (int s = 0; s < data.Shops.Length; s++)
        {
            if (!run.VisibleShops[s])
            {
                continue;
            }

            var clock = run.Clocks[s];
            for (int d = fromDay; d <= toDay && d < first; d++)
            {
                if (asOfTicks < clock.StartOfDay(d + 1 + config.InquiryWindowDays) + window)
                {
                    first = d;
                    break;
                }
            }
        }

        return first == int.MaxValue ? null : ZoneClock.LocalDayToDate(first);
    }
}
