using CsPerf.Engine.Attribution;
using CsPerf.Engine.Classification;
using CsPerf.Engine.Details;
using CsPerf.Engine.Kpis;
using CsPerf.Engine.Periods;
using CsPerf.Engine.Prepare;
using CsPerf.Engine.Sessions;
using CsPerf.Engine.Time;

namespace CsPerf.Engine;

/// <summary>The pipeline: cut and filter → group → sessions and receptions → peaks → KPIs per level and period.</summary>
internal static class ReportBuilder
{
    /// <summary>
    /// The report of a dataset: the composition of its partial (docs/partials.md), except that the peaks are swept over
    /// the analysis' sessions in place, not over the partial's per-(account, day) copies of them (sorted for a partial's
    /// canonical form, which the sweep does not need): the same report, byte for byte.
    /// </summary>
    public static Report Build(Dataset data, CsPerfConfig config, ReportRequest request, int degree = 1)
    {
        var (partial, run) = Partials.Aggregator.Aggregate(data, config, request, degree, sessions: false);
        var sessions = new Partials.Composer.AnalysisSessions(data, run.Pass.Sessions, run.Plan, run.Scope.AccountsWithData, degree);
        return Partials.Composer.Compose(partial, Partials.Aggregator.RosterOf(data), config, request, sessions);
    }

    /// <summary>Everything the report is made of, before it is cut into levels (tests read the counters directly).</summary>
    internal sealed record Analysis(
        ZoneClock[] Clocks,
        ConversationStreams Streams,
        CustomerOrders Orders,
        PeriodPlan Plan,
        SessionPassResult Pass,
        ClassifiedReceptions Receptions,
        Peaks? Peaks,
        AttributionResult Attribution,
        bool[] VisibleAccounts,
        bool[] VisibleShops,
        DataScope Scope)
    {
        /// <summary>What the stages recorded for a detail list, when one was asked for.</summary>
        public DetailTrace? Details { get; init; }
    }

    /// <summary>
    /// Dataset-wide facts behind the listing rules: accounts with kept data, shops with orders, and the first and last
    /// local day holding kept data (First &gt; Last when none).
    /// </summary>
    internal sealed record DataScope(bool[] AccountsWithData, bool[] ShopsWithOrders, int First, int Last);

    /// <summary>
    /// Runs the stages, each reading only what earlier ones produced — streams → sessions and receptions →
    /// classification → attribution → peaks (only when asked) — over the periods of <paramref name="request"/>, then
    /// folds the class counts into the reception counters (aggregation). With
    /// <paramref name="widen"/>, a bound the request leaves open reaches every dated fact (refunds, reviews, ratings,
    /// complaints too), not only the dates holding data: a partial then owns every date, and composition applies the
    /// default range of the merged data (docs/partials.md).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="config">The config.</param>
    /// <param name="request">As of, periods, range.</param>
    /// <param name="peaks">Whether to sweep the sessions for peak concurrency.</param>
    /// <param name="widen">Whether an open bound reaches every dated fact.</param>
    /// <param name="trace">When given, attribution records its decisions about that order (explain).</param>
    /// <param name="details">When given, the stages record the facts behind that detail list (docs/details.md).</param>
    /// <param name="firstResponses">Whether the session pass records each counted first response (the dashboard's distribution).</param>
    /// <param name="degree">How many threads the stages may use; a trace (explain, details, first responses) runs on one.</param>
    internal static Analysis Analyze(Dataset data, CsPerfConfig config, ReportRequest request, bool peaks = true, bool widen = false, OrderTrace? trace = null, DetailList? details = null, bool firstResponses = false, int degree = 1)
    {
        if (trace is not null || details is not null || firstResponses)
        {
            degree = 1; // traces record facts in stage order
        }

        long asOf = request.AsOf.ToUnixTimeTicks();
        var clocks = new ZoneClock[data.Shops.Length];
        for (int s = 0; s < clocks.Length; s++)
        {
            clocks[s] = new ZoneClock(data.Shops[s].Zone);
        }

        DayRange? counted = request.From is null && request.To is null ? null : new DayRange(
            clocks,
            request.From is { } f ? ZoneClock.DateToLocalDay(f) : int.MinValue,
            request.To is { } t ? ZoneClock.DateToLocalDay(t) : int.MaxValue);
        var streams = ConversationStreams.Build(data, config, asOf, counted, degree);
        var orders = CustomerOrders.Build(data, asOf);
        var (visibleAccounts, visibleShops, scope) = Scope(data, streams, asOf, clocks, degree);
        int firstDay = scope.First, lastDay = scope.Last;
        if (widen)
        {
            (firstDay, lastDay) = Widen(data, asOf, clocks, firstDay, lastDay);
        }

        if (request.From is { } from)
        {
            firstDay = ZoneClock.DateToLocalDay(from);
        }

        if (request.To is { } to)
        {
            lastDay = ZoneClock.DateToLocalDay(to);
        }

        var plan = PeriodPlan.Create(request.By, firstDay, lastDay);
        var detailTrace = details is not null || firstResponses ? new DetailTrace(details, streams.Rows, config, firstResponses) : null;
        var pass = SessionPass.Run(data, config, streams, plan, clocks, new SessionSpans((streams.Count / 4) + 16), new ReceptionColumn((streams.Count / 8) + 16), new HourlyCounts(), detailTrace, degree);
        Transfers.Run(data, config, streams, plan, clocks, pass.Counters, degree);
        var classified = ReceptionClassifier.Run(data, config, pass.Receptions, orders, plan, clocks, degree);
        var attribution = AttributionPass.Run(data, config, streams, orders, plan, clocks, classified, asOf, trace, detailTrace, degree);
        var peakCounts = peaks ? Concurrency.Compute(data, pass.Sessions, plan, clocks) : null;
        classified.AddTo(pass.Counters);
        return new Analysis(clocks, streams, orders, plan, pass, classified, peakCounts, attribution, visibleAccounts, visibleShops, scope) { Details = detailTrace };
    }

    /// <summary>
    /// Which accounts and shops the report lists, and the default date range. Only kept data counts, so adding
    /// filtered messages changes neither (domain.md §5 invariant 5).
    /// </summary>
    private static (bool[] Accounts, bool[] Shops, DataScope Scope) Scope(Dataset data, ConversationStreams streams, long asOf, ZoneClock[] clocks, int degree)
    {
        var shops = new bool[data.Shops.Length];

        // The conversations' accounts and first and last local days, on up to `degree` threads (ranges of conversations,
        // each with its own accounts and clocks; accounts or-ed, days min/max-ed: the same whatever the ranges).
        int conversations = streams.Order.Length;
        int parts = Parts.Count(degree, conversations);
        var bounds = Parts.Even(parts, conversations);
        var partAccounts = new bool[parts][];
        var partDays = new (int First, int Last)[parts];
        Parts.Run(parts, k =>
        {
            var seen = partAccounts[k] = new bool[data.Accounts.Length];
            var partClocks = k == 0 ? clocks : ZoneClock.Copy(clocks);
            int lo = int.MaxValue, hi = int.MinValue;
            for (int p = bounds[k]; p < bounds[k + 1]; p++)
            {
                int s = streams.Start[p], e = streams.Start[p + 1];
                if (s == e)
                {
                    continue;
                }

                int conv = streams.Order[p];
                seen[data.ConvAccount[conv]] = true;
                var clock = partClocks[data.ConvShop[conv]];
                lo = Math.Min(lo, clock.LocalDay(streams.Rows[s].Ticks));
                hi = Math.Max(hi, clock.LocalDay(streams.Rows[e - 1].Ticks));
            }

            partDays[k] = (lo, hi);
        });

        var accounts = partAccounts[0];
        int first = partDays[0].First, last = partDays[0].Last;
        for (int k = 1; k < parts; k++)
        {
            for (int a = 0; a < accounts.Length; a++)
            {
                accounts[a] |= partAccounts[k][a];
            }

            first = Math.Min(first, partDays[k].First);
            last = Math.Max(last, partDays[k].Last);
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

        var withData = (bool[])accounts.Clone();
        var withOrders = (bool[])shops.Clone();
        for (int a = 0; a < accounts.Length; a++)
        {
            // Roster accounts are always listed; implicit ones only when they have kept data.
            accounts[a] |= data.Agents[data.Accounts[a].Agent].Info is not null;
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

        return (accounts, shops, first == int.MaxValue ? new DataScope(withData, withOrders, 0, -1) : new DataScope(withData, withOrders, first, last));
    }

    /// <summary>The day range widened to the local dates of refunds (created, completed), reviews, ratings and complaints as of the cut.</summary>
    private static (int First, int Last) Widen(Dataset data, long asOf, ZoneClock[] clocks, int first, int last)
    {
        if (first > last)
        {
            (first, last) = (int.MaxValue, int.MinValue);
        }

        void Add(int shop, long ticks)
        {
            if (ticks <= asOf)
            {
                int d = clocks[shop].LocalDay(ticks);
                first = Math.Min(first, d);
                last = Math.Max(last, d);
            }
        }

        var orderShop = new int[data.OrderIds.Count];
        Array.Fill(orderShop, -1);
        foreach (var o in data.Orders)
        {
            orderShop[o.Id] = o.Shop;
        }

        foreach (var r in data.Refunds)
        {
            if ((uint)r.Order < (uint)orderShop.Length && orderShop[r.Order] is int s and >= 0)
            {
                Add(s, r.Created);
                Add(s, r.Completed);
            }
        }

        foreach (var r in data.Reviews)
        {
            if ((uint)r.Order < (uint)orderShop.Length && orderShop[r.Order] is int s and >= 0)
            {
                Add(s, r.At);
            }
        }

        foreach (var r in data.Ratings)
        {
            Add(r.Shop, r.At);
        }

        foreach (var c in data.Complaints)
        {
            Add(c.Shop, c.At);
        }

        return first > last ? (0, -1) : (first, last);
    }

    private static bool IsRosterShop(Dataset data, int shop) => data.RosterShopCount > shop;
}
