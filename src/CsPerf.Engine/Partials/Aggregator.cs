using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsPerf.Engine.Time;

namespace CsPerf.Engine.Partials;

/// <summary>
/// <c>CsPerfEngine.Aggregate</c>: runs every stage up to attribution with one period per local day, then writes the
/// per-(account, day) and per-(shop, day) counters, the sessions each day owns, the shared reviews and the complaints
/// per reason as a
/// <see cref="KpiPartial"/> keyed by ids (docs/partials.md). Work is per (account, day) and per session, outside the hot loop.
/// </summary>
internal static class Aggregator
{
    public static KpiPartial Aggregate(Dataset data, CsPerfConfig config, ReportRequest request, int degree = 1) =>
        Aggregate(data, config, request, degree, sessions: true).Partial;

    /// <summary>
    /// The partial and the analysis it was made of. Without <paramref name="sessions"/> the partial is for <c>report</c>
    /// alone (composed with the dataset's own roster): its account days carry no sessions (and a cell with sessions but
    /// zero counters is left out), as <c>report</c> sweeps the analysis' spans (<see cref="Kpis.Concurrency.SpanSource"/>),
    /// so neither the per-cell arrays nor their sort are made; and it keeps only the shared reviews that implicate two
    /// accounts of one agent, the only ones composition reads (<see cref="SharesAgent"/>).
    /// </summary>
    public static (KpiPartial Partial, ReportBuilder.Analysis Run) Aggregate(Dataset data, CsPerfConfig config, ReportRequest request, int degree, bool sessions)
    {
        var run = ReportBuilder.Analyze(data, config, request with { By = PeriodGrouping.Day }, peaks: false, widen: true, degree: degree);
        var plan = run.Plan;
        var pass = run.Pass;
        var attr = run.Attribution;
        int accounts = data.Accounts.Length, shops = data.Shops.Length;

        // Sessions grouped by (day, account), each group sorted by (first, last): the canonical order of a partial. Each
        // non-empty cell's sessions are written straight into the array the partial keeps (filled from its end: the order
        // before the sort does not matter), no index of the groups in between; each part sorts its cells' arrays.
        var spans = pass.Sessions;
        var cellSessions = sessions ? CellSessions(spans, plan.Count * accounts, accounts) : new long[]?[plan.Count * accounts];

        // Accounts in contiguous ranges of about equal session counts, each range on its own thread with its own
        // scratch buffers; the lists are appended in account order (and sorted below in any case). Without sessions a
        // cell costs a few hundred bytes of copies: one range.
        int parts = sessions ? Parts.Count(degree, accounts) : 1;
        int[] bounds = [0, accounts];
        if (parts > 1)
        {
            var accountSessions = new long[accounts + 1];
            for (int i = 0; i < spans.Count; i++)
            {
                accountSessions[spans.Account[i] + 1]++;
            }

            for (int a = 0; a < accounts; a++)
            {
                accountSessions[a + 1] += accountSessions[a] + plan.Count; // each cell costs a little even without sessions
            }

            bounds = Parts.Split(parts, accounts, a => accountSessions[a]);
        }

        var partDays = new List<PartialAccountDay>[parts];
        Parts.Run(parts, k => partDays[k] = AccountDays(data, run, cellSessions, bounds[k], bounds[k + 1]));
        var accountDays = partDays[0];
        for (int k = 1; k < parts; k++)
        {
            accountDays.AddRange(partDays[k]);
        }

        var counts = new long[KpiPartial.CountFields];
        var salesCounts = new long[KpiPartial.RuleCount * KpiPartial.SalesCountFields];
        var salesMoney = new decimal[KpiPartial.RuleCount * KpiPartial.SalesMoneyFields];
        var shopDays = new List<PartialShopDay>();
        for (int s = 0; s < shops; s++)
        {
            for (int p = 0; p < plan.Count; p++)
            {
                int si = (p * shops) + s;
                PartialCounters.Counts(default, default, attr.ShopQuality[si], counts);
                PartialCounters.Sales(attr.Silent, si, salesCounts, salesMoney);
                if (PartialCounters.IsZero(counts) && PartialCounters.IsZero(salesCounts) && PartialCounters.IsZero(salesMoney))
                {
                    continue;
                }

                shopDays.Add(new PartialShopDay(data.Shops[s].Id, ZoneClock.LocalDayToDate(plan.Periods[p].From), ImmutableArray.Create(counts),
                    ImmutableArray.Create(salesCounts), ImmutableArray.Create(salesMoney)));
            }
        }

        var reviews = new List<PartialSharedReview>(attr.SharedReviews.Count);
        foreach (var review in attr.SharedReviews)
        {
            if (!sessions && !SharesAgent(data, review.Accounts))
            {
                continue;
            }

            var implicated = review.Accounts
                .Select(x => new PartialReviewAccount(data.Accounts[x.Account].Id, (ReviewPhases)x.Mask))
                .OrderBy(x => x.Account, StringComparer.Ordinal)
                .ToImmutableArray();
            reviews.Add(new PartialSharedReview(data.Shops[review.Shop].Id, ZoneClock.LocalDayToDate(plan.Periods[review.Period].From), review.Rating, implicated));
        }

        var reasons = new List<PartialComplaintReason>(attr.ComplaintReasons.Count);
        foreach (var ((cell, reason), count) in attr.ComplaintReasons)
        {
            int a = cell % accounts, p = cell / accounts;
            reasons.Add(new PartialComplaintReason(data.Shops[data.Accounts[a].Shop].Id, data.Accounts[a].Id,
                ZoneClock.LocalDayToDate(plan.Periods[p].From), data.ComplaintReasons[reason], count));
        }

        // Shops and accounts the composition needs: roster ones, and those with data (the listing rules, docs/partials.md).
        var scope = run.Scope;
        var accountList = new List<PartialAccount>();
        var shopNeeded = new bool[shops];
        for (int a = 0; a < accounts; a++)
        {
            var entry = data.Accounts[a];
            if (scope.AccountsWithData[a] || data.Agents[entry.Agent].Info is not null)
            {
                accountList.Add(new PartialAccount(data.Shops[entry.Shop].Id, entry.Id, entry.Role, scope.AccountsWithData[a]));
                shopNeeded[entry.Shop] = true;
            }
        }

        var shopList = new List<PartialShop>();
        for (int s = 0; s < shops; s++)
        {
            if (shopNeeded[s] || scope.ShopsWithOrders[s] || (data.HasRoster && s < data.RosterShopCount))
            {
                shopList.Add(new PartialShop(data.Shops[s].Id, data.Shops[s].Zone.Id, scope.ShopsWithOrders[s]));
            }
        }

        var inputs = data.RejectedCount == 0 && data.RejectedLines.IsEmpty && data.Warnings.IsEmpty
            ? ImmutableArray<PartialInput>.Empty
            : [new PartialInput(data.RejectedCount, data.RejectedLines, data.Warnings)];

        accountList.Sort(PartialOrder.CompareAccount);
        shopList.Sort(PartialOrder.CompareShop);
        accountDays.Sort(PartialOrder.CompareAccountDay);
        shopDays.Sort(PartialOrder.CompareShopDay);
        reviews.Sort(PartialOrder.CompareReview);
        reasons.Sort(PartialOrder.CompareComplaintReason);
        var partial = new KpiPartial
        {
            Basis = BasisOf(config, request.AsOf),
            DataFrom = scope.First <= scope.Last ? ZoneClock.LocalDayToDate(scope.First) : null,
            DataTo = scope.First <= scope.Last ? ZoneClock.LocalDayToDate(scope.Last) : null,
            Shops = [.. shopList],
            Accounts = [.. accountList],
            AccountDays = [.. accountDays],
            ShopDays = [.. shopDays],
            SharedReviews = [.. reviews],
            ComplaintReasons = [.. reasons],
            Filtered = new FilteredCounts(run.Streams.Internal, run.Streams.Listed, run.Streams.Broadcast, pass.Advert, pass.SingleLine),
            Inputs = inputs,
        };
        return (partial, run);
    }

    /// <summary>
    /// Whether two of a review's implicated accounts belong to one agent: only then does composition correct the agent's
    /// review counts with it (it counts a review once per agent, domain.md §6 "Reviews"). <c>report</c> composes with
    /// the dataset's own roster, whose agents are the dataset's, so its partial leaves the other reviews out.
    /// </summary>
    private static bool SharesAgent(Dataset data, (int Account, int Mask)[] accounts)
    {
        for (int i = 1; i < accounts.Length; i++)
        {
            int agent = data.Accounts[accounts[i].Account].Agent;
            for (int j = 0; j < i; j++)
            {
                if (data.Accounts[accounts[j].Account].Agent == agent)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The non-empty (account, day) cells of the accounts [<paramref name="from"/>, <paramref name="to"/>), account by account, day by day.</summary>
    private static List<PartialAccountDay> AccountDays(Dataset data, ReportBuilder.Analysis run, long[]?[] cellSessions, int from, int to)
    {
        var plan = run.Plan;
        var pass = run.Pass;
        var attr = run.Attribution;
        int accounts = data.Accounts.Length;
        var accountDays = new List<PartialAccountDay>();

        // Cells are checked in scratch buffers first: most (account, day) cells of a large roster are empty.
        var counts = new long[KpiPartial.CountFields];
        var salesCounts = new long[KpiPartial.RuleCount * KpiPartial.SalesCountFields];
        var salesMoney = new decimal[KpiPartial.RuleCount * KpiPartial.SalesMoneyFields];
        for (int a = from; a < to; a++)
        {
            string shopId = data.Shops[data.Accounts[a].Shop].Id, accountId = data.Accounts[a].Id;
            for (int p = 0; p < plan.Count; p++)
            {
                int idx = (p * accounts) + a;
                PartialCounters.Counts(pass.Counters[idx], attr.Conversion[idx], attr.AccountQuality[idx], counts);
                PartialCounters.Sales(attr.Sales, idx, salesCounts, salesMoney);
                var receptions = pass.Hourly.Receptions.AsSpan(idx * 24, 24);
                var messages = pass.Hourly.Messages.AsSpan(idx * 24, 24);
                var sessions = cellSessions[idx];
                if (sessions is null && PartialCounters.IsZero(counts) && PartialCounters.IsZero(salesCounts) && PartialCounters.IsZero(salesMoney)
                    && receptions.IndexOfAnyExcept(0) < 0 && messages.IndexOfAnyExcept(0) < 0)
                {
                    continue;
                }

                if (sessions is null)
                {
                    sessions = [];
                }
                else
                {
                    Prepare.PairSort.SortInterleaved(sessions, sessions.Length / 2);
                }

                accountDays.Add(new PartialAccountDay(
                    shopId,
                    accountId,
                    ZoneClock.LocalDayToDate(plan.Periods[p].From),
                    ImmutableArray.Create(counts),
                    ImmutableArray.Create(salesCounts),
                    ImmutableArray.Create(salesMoney),
                    [.. receptions],
                    [.. messages],
                    System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(sessions))); // no copy: the array is the partial's
            }
        }

        return accountDays;
    }

    /// <summary>The sessions of each (period, account) cell as [first, last, …] in no particular order, or null for a cell without sessions.</summary>
    private static long[]?[] CellSessions(Sessions.SessionSpans spans, int cells, int accounts)
    {
        var count = new int[cells];
        for (int i = 0; i < spans.Count; i++)
        {
            count[(spans.Period[i] * accounts) + spans.Account[i]]++;
        }

        var sessions = new long[]?[cells];
        for (int c = 0; c < cells; c++)
        {
            // On the pinned-object heap: a day's sessions (tens of KB each, 16 bytes a session) would otherwise fill the
            // small object heap and force a gen0 collection every ~1.5 MB of them, each promoting the live arrays; fully
            // written below.
            sessions[c] = count[c] == 0 ? null : GC.AllocateUninitializedArray<long>(count[c] * 2, pinned: true);
        }

        for (int i = 0; i < spans.Count; i++)
        {
            int c = (spans.Period[i] * accounts) + spans.Account[i];
            int k = --count[c];
            var target = sessions[c]!;
            target[2 * k] = spans.Start[i];
            target[(2 * k) + 1] = spans.End[i];
        }

        return sessions;
    }

    /// <summary>The roster a dataset was built with (its roster shops and agents), or <see cref="Roster.Empty"/>.</summary>
    public static Roster RosterOf(Dataset data)
    {
        if (!data.HasRoster)
        {
            return Roster.Empty;
        }

        var shops = ImmutableArray.CreateBuilder<ShopInfo>(data.RosterShopCount);
        for (int s = 0; s < data.RosterShopCount; s++)
        {
            shops.Add(new ShopInfo(data.Shops[s].Id, data.Shops[s].Zone.Id));
        }

        return new Roster(shops.MoveToImmutable(), [.. data.Agents.Where(g => g.Info is not null).Select(g => g.Info!)]) { Groups = data.RosterGroups };
    }

    /// <summary>The basis of a partial: the as-of instant and a canonical text of every knob that changes counting.</summary>
    public static PartialBasis BasisOf(CsPerfConfig config, NodaTime.Instant asOf)
    {
        var ci = CultureInfo.InvariantCulture;
        var text = TextRules.From(config);
        var sb = new StringBuilder();
        void Add(string name, object? value) => sb.Append(name).Append('=').Append(Convert.ToString(value, ci)).Append(';');
        Add("timeZone", config.TimeZone);
        Add("filteredCustomers", string.Join(",", config.FilteredCustomers.IsDefault ? [] : config.FilteredCustomers.Order(StringComparer.Ordinal)));
        Add("broadcastPrefix", text.BroadcastPrefix);
        Add("autoReplyPrefix", text.AutoReplyPrefix);
        Add("adPhrase", text.AdPhrase);
        Add("adReplyWindow", config.AdReplyWindow);
        Add("singleLineFilter", config.SingleLineFilter);
        Add("sessionGap", config.SessionGap.BclCompatibleTicks);
        Add("slowResponseCount", config.SlowResponseCount);
        Add("slowResponseThreshold", config.SlowResponseThreshold.BclCompatibleTicks);
        Add("noResponseThreshold", config.NoResponseThreshold.BclCompatibleTicks);
        Add("longSessionThreshold", config.LongSessionThreshold.BclCompatibleTicks);
        Add("longDailyThreshold", config.LongDailyThreshold.BclCompatibleTicks);
        Add("firstResponseTarget", config.FirstResponseTarget.BclCompatibleTicks);
        Add("inquiryWindowDays", config.InquiryWindowDays);
        Add("paymentWindow", config.PaymentWindow.BclCompatibleTicks);
        Add("afterSaleDays", config.AfterSaleDays);
        return new PartialBasis(asOf, sb.ToString());
    }
}
