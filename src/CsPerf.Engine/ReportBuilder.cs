using System.Collections.Immutable;
using CsPerf.Engine.Attribution;
using CsPerf.Engine.Classification;
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
        ClassifiedReceptions Receptions,
        Peaks Peaks,
        AttributionResult Attribution,
        bool[] VisibleAccounts,
        bool[] VisibleShops);

    /// <summary>
    /// The stages, each reading only what earlier ones produced: streams → sessions and receptions → classification →
    /// attribution → peaks; then the class counts are folded into the reception counters (aggregation).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config.</param>
    /// <param name="request">As of, periods, range.</param>
    /// <param name="trace">When given, attribution records its decisions about that order (explain).</param>
    internal static Analysis Analyze(Dataset data, CsPerfConfig config, ReportRequest request, OrderTrace? trace = null)
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
        var pass = SessionPass.Run(data, config, streams, plan, clocks, new SessionSpans((streams.Count / 4) + 16), new ReceptionColumn((streams.Count / 8) + 16), new HourlyCounts());
        var classified = ReceptionClassifier.Run(data, config, pass.Receptions, orders, plan, clocks);
        var attribution = AttributionPass.Run(data, config, streams, orders, plan, clocks, classified, asOf, trace);
        var peaks = Concurrency.Compute(data, pass.Sessions, plan, clocks);
        classified.AddTo(pass.Counters);
        return new Analysis(clocks, streams, orders, plan, pass, classified, peaks, attribution, visibleAccounts, visibleShops);
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
            first = Math.Min(first, clock.LocalDay(streams.Rows[s].Ticks));
            last = Math.Max(last, clock.LocalDay(streams.Rows[e - 1].Ticks));
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
        var attr = run.Attribution;
        int accounts = data.Accounts.Length, agents = data.Agents.Length, shops = data.Shops.Length;
        var (fromDay, toDay) = run.Plan.Periods[p];
        bool month = run.Plan.IsWholeMonth(p);
        string monthKey = ZoneClock.LocalDayToDate(fromDay).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        int rule = (int)(request.Rule ?? config.AttributionRule);

        // Σ credited sales per rule: per shop (an account's salesShare) and over all accounts (an agent's).
        var shopCredited = new decimal[AttributionRules.Count, shops];
        var allCredited = new decimal[AttributionRules.Count];
        for (int a = 0; a < accounts; a++)
        {
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                decimal sales = attr.Sales[r][(p * accounts) + a].Sales;
                shopCredited[r, data.Accounts[a].Shop] += sales;
                allCredited[r] += sales;
            }
        }

        LevelInputs AccountInputs(int a)
        {
            int idx = (p * accounts) + a;
            var x = new LevelInputs
            {
                Level = Level.Account,
                Reception = pass.At(p, a),
                Peak = peaks.Account[idx],
                Hourly = peaks.AccountHourly.AsSpan(idx * 24, 24).ToArray(),
                ReceptionsByHour = pass.Hourly.Receptions.AsSpan(idx * 24, 24).ToArray(),
                MessagesByHour = pass.Hourly.Messages.AsSpan(idx * 24, 24).ToArray(),
                Conversion = attr.Conversion[idx],
                Quality = attr.AccountQuality[idx],
                AfterSaleOnly = data.Accounts[a].Role == AccountRole.Aftersale,
            };
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                x.Credited[r] = attr.Sales[r][idx];
                x.ShareBase[r] = shopCredited[r, data.Accounts[a].Shop];
            }

            return x;
        }

        static void AddParts(LevelInputs sum, LevelInputs part)
        {
            sum.Reception.Add(part.Reception);
            sum.Conversion.Add(part.Conversion);
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                sum.Credited[r].Add(part.Credited[r]);
                sum.Silent[r].Add(part.Silent[r]);
            }

            sum.Quality.AddRatings(part.Quality);
            AddHours(sum, part);
        }

        static void AddHours(LevelInputs sum, LevelInputs part)
        {
            // Time slots are additive (domain.md §6); a roll-up outside the hot loop, so an overflow throws.
            for (int h = 0; h < 24; h++)
            {
                sum.ReceptionsByHour[h] = checked(sum.ReceptionsByHour[h] + part.ReceptionsByHour[h]);
                sum.MessagesByHour[h] = checked(sum.MessagesByHour[h] + part.MessagesByHour[h]);
            }
        }

        var shopInputs = new LevelInputs[shops];
        for (int s = 0; s < shops; s++)
        {
            int si = (p * shops) + s;
            var x = new LevelInputs
            {
                Level = Level.Shop,
                Peak = peaks.Shop[si],
                Hourly = peaks.ShopHourly.AsSpan(si * 24, 24).ToArray(),
                Quality = attr.ShopQuality[si] with { Ratings = 0, Satisfied = 0, Complaints = 0 },
            };
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                x.Silent[r] = attr.Silent[r][si];
            }

            shopInputs[s] = x;
        }

        var agentReports = new List<AgentReport>();
        decimal? totalTarget = null;
        for (int g = 0; g < agents; g++)
        {
            var agent = data.Agents[g];
            int gi = (p * agents) + g;
            var agentInputs = new LevelInputs
            {
                Level = Level.Agent,
                Peak = peaks.Agent[gi],
                Hourly = peaks.AgentHourly.AsSpan(gi * 24, 24).ToArray(),
                Quality = attr.AgentQuality[gi] with { Ratings = 0, Satisfied = 0, Complaints = 0 },
                Target = month ? agent.Info?.TargetFor(monthKey) : null,
                AfterSaleOnly = agent.Accounts.Length > 0,
            };
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                agentInputs.ShareBase[r] = allCredited[r];
            }

            if (agentInputs.Target is { } target)
            {
                totalTarget = (totalTarget ?? 0m) + target;
            }

            var accountReports = new List<AccountReport>();
            foreach (int a in agent.Accounts)
            {
                var x = AccountInputs(a);
                AddParts(agentInputs, x);
                AddParts(shopInputs[data.Accounts[a].Shop], x);
                agentInputs.AfterSaleOnly &= x.AfterSaleOnly;
                if (run.VisibleAccounts[a])
                {
                    var kpis = KpiComposer.Compose(x, rule, request.AllRules, config.AovBasis, month);
                    accountReports.Add(new AccountReport(data.Accounts[a].Id, data.Shops[data.Accounts[a].Shop].Id, kpis));
                }
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
            var agentKpis = KpiComposer.Compose(agentInputs, rule, request.AllRules, config.AovBasis, month);
            agentReports.Add(new AgentReport(agent.Id, agent.Name, agentKpis, [.. accountReports]));
        }

        agentReports.Sort((x, y) => string.CompareOrdinal(x.Agent, y.Agent));

        var total = new LevelInputs
        {
            Level = Level.Total,
            Peak = peaks.Total[p],
            Hourly = peaks.TotalHourly.AsSpan(p * 24, 24).ToArray(),
            Target = month ? totalTarget : null,
        };
        var shopReports = new List<ShopReport>();
        for (int s = 0; s < shops; s++)
        {
            var x = shopInputs[s];
            total.Reception.Add(x.Reception);
            total.Conversion.Add(x.Conversion);
            for (int r = 0; r < AttributionRules.Count; r++)
            {
                total.Credited[r].Add(x.Credited[r]);
                total.Silent[r].Add(x.Silent[r]);
            }

            total.Quality.Add(x.Quality);
            AddHours(total, x);
            if (run.VisibleShops[s])
            {
                shopReports.Add(new ShopReport(data.Shops[s].Id, KpiComposer.Compose(x, rule, request.AllRules, config.AovBasis, month)));
            }
        }

        shopReports.Sort((x, y) => string.CompareOrdinal(x.Shop, y.Shop));
        var provisionalFrom = ProvisionalFrom(data, config, request.AsOf, run, fromDay, toDay);
        return new PeriodReport(
            ZoneClock.LocalDayToDate(fromDay),
            ZoneClock.LocalDayToDate(toDay),
            provisionalFrom is null,
            provisionalFrom,
            KpiComposer.Compose(total, rule, request.AllRules, config.AovBasis, month),
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
