using CsPerf.Engine;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// FsCheck properties for public partials (domain.md §5 invariant 7 mergeability, docs/partials.md): partials of
/// disjoint parts (shops, customer partitions, days, both), merged in any order and grouping, compose into exactly
/// the report computed at once, for every KPI, every level, <c>--rule all</c>, by day, week, month and all; and
/// <see cref="KpiPartial.Merge(KpiPartial, KpiPartial)"/> is associative and commutative with <see cref="KpiPartial.Empty"/> as identity.
/// </summary>
public class PartialInvariantTests
{
    private static readonly PeriodGrouping[] Groupings = [PeriodGrouping.Day, PeriodGrouping.Week, PeriodGrouping.Month, PeriodGrouping.All];

    [CsPerfProperty(70)] // §5 invariant 7: per-shop datasets, aggregated and merged in random order, compose into the whole report
    public bool Partials_PerShop_ComposeIntoWholeReport(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        foreach (bool range in new[] { true, false })
        {
            var request = PartialSpec.Request(range: range);
            var parts = new[] { "s1", "s2" }
                .Select(shop => CsPerfEngine.Aggregate(spec.Build((s, _) => s == shop), PartialSpec.Config, request))
                .ToList();
            SameAsWhole(spec, MergeRandomly(parts, rnd), range);
        }

        return true;
    }

    [CsPerfProperty(70)] // §5 invariant 7: a random partition of customers (with their orders, refunds, reviews, ratings, complaints)
    public bool Partials_PerCustomerPartition_ComposeIntoWholeReport(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        foreach (bool range in new[] { true, false })
        {
            var parts = Partition(spec, rnd)
                .Select(group => CsPerfEngine.Aggregate(spec.Build((s, c) => group.Contains((s, c))), PartialSpec.Config, PartialSpec.Request(range: range)))
                .ToList();
            SameAsWhole(spec, MergeRandomly(parts, rnd), range);
        }

        return true;
    }

    [CsPerfProperty(70)] // §5 invariant 7: one partial per local date of the range (every window still sees the whole dataset)
    public bool Partials_PerDay_ComposeIntoWholeReport(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var data = spec.Build();
        var parts = Days().Select(d => CsPerfEngine.Aggregate(data, PartialSpec.Config, PartialSpec.Request() with { From = d, To = d })).ToList();
        SameAsWhole(spec, MergeRandomly(parts, rnd), range: true);
        return true;
    }

    [CsPerfProperty(70)] // §5 invariant 7: customer partitions each cut into random date ranges, all merged in a random grouping
    public bool Partials_CustomerPartitionsByDateRanges_ComposeIntoWholeReport(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var parts = new List<KpiPartial>();
        foreach (var group in Partition(spec, rnd))
        {
            var data = spec.Build((s, c) => group.Contains((s, c)));
            foreach (var (from, to) in RandomRanges(rnd))
            {
                parts.Add(CsPerfEngine.Aggregate(data, PartialSpec.Config, PartialSpec.Request() with { From = from, To = to }));
            }
        }

        SameAsWhole(spec, MergeRandomly(parts, rnd), range: true);
        return true;
    }

    [CsPerfProperty(70)] // §5 invariant 7 and §6 quality: complaintsByReason is additive: per reason, the days sum to the range, the
                         // accounts to their agent and shop, the shops to the total (each complaint once, by its own instant), and
                         // the reasons to complaints; the absent reason counts under ""
    public bool ComplaintsByReason_AdditiveAcrossDaysAndLevels(PartialSpec spec)
    {
        var data = spec.Build();
        var byDay = CsPerfEngine.Report(data, PartialSpec.Config, PartialSpec.Request(PeriodGrouping.Day));
        var all = CsPerfEngine.Report(data, PartialSpec.Config, PartialSpec.Request(PeriodGrouping.All)).Periods.Single();
        static Dictionary<string, long> Reasons(KpiSet kpis) => kpis[Kpi.ComplaintsByReason].Breakdown.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        static Dictionary<string, long> Sum(IEnumerable<KpiSet> sets)
        {
            var sum = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var kpis in sets)
            {
                foreach (var (reason, n) in kpis[Kpi.ComplaintsByReason].Breakdown)
                {
                    sum[reason] = sum.GetValueOrDefault(reason) + n;
                }
            }

            return sum;
        }

        static void Same(Dictionary<string, long> expected, Dictionary<string, long> actual, string what) =>
            Assert.True(expected.Count == actual.Count && expected.All(x => actual.GetValueOrDefault(x.Key) == x.Value),
                $"{what}: expected {string.Join(",", expected.OrderBy(x => x.Key, StringComparer.Ordinal))}, was {string.Join(",", actual.OrderBy(x => x.Key, StringComparer.Ordinal))}");

        foreach (var p in byDay.Periods.Append(all))
        {
            var sets = new[] { p.Total }.Concat(p.Shops.Select(x => x.Kpis)).Concat(p.Agents.Select(g => g.Kpis)).Concat(p.Agents.SelectMany(g => g.Accounts).Select(a => a.Kpis));
            Assert.All(sets, k => Assert.Equal(k[Kpi.Complaints].Count, k[Kpi.ComplaintsByReason].Breakdown.Values.Sum()));
            foreach (var g in p.Agents)
            {
                Same(Sum(g.Accounts.Select(a => a.Kpis)), Reasons(g.Kpis), $"{p.From} agent {g.Agent}");
            }

            var accounts = p.Agents.SelectMany(g => g.Accounts).ToList();
            foreach (var shop in p.Shops)
            {
                Same(Sum(accounts.Where(a => a.Shop == shop.Shop).Select(a => a.Kpis)), Reasons(shop.Kpis), $"{p.From} shop {shop.Shop}");
            }

            Same(Sum(p.Shops.Select(x => x.Kpis)), Reasons(p.Total), $"{p.From} total = Σ shops");
        }

        Same(Sum(byDay.Periods.Select(p => p.Total)), Reasons(all.Total), "Σ days = range");

        // The total counts each complaint of the range once, by the local date of its instant in its shop's zone.
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in spec.Complaints.Where(c => c.At <= PartialSpec.AsOf))
        {
            var zone = DateTimeZoneProviders.Tzdb[PartialSpec.Roster.Shops.Single(x => x.Id == c.Shop).TimeZone];
            var date = c.At.InZone(zone).Date;
            if (date >= PartialSpec.From && date <= PartialSpec.To)
            {
                expected[c.Reason ?? ""] = expected.GetValueOrDefault(c.Reason ?? "") + 1;
            }
        }

        Same(expected, Reasons(all.Total), "total = each complaint once");
        return true;
    }

    [CsPerfProperty(70)] // docs/partials.md: a report is the composition of its own partial, though it sweeps its peaks over the analysis' sessions in place
    public bool Report_PeaksFromAnalysisSessions_SameAsComposedOwnPartial(PartialSpec spec)
    {
        var data = spec.Build();
        foreach (bool range in new[] { true, false })
        {
            foreach (var by in Groupings)
            {
                var request = PartialSpec.Request(by, range: range);
                var partial = CsPerfEngine.Aggregate(data, PartialSpec.Config, request);
                var composed = CsPerfEngine.Compose(partial, PartialSpec.Roster, PartialSpec.Config, request);
                Assert.Equal(Canonical.Of(composed), Canonical.Of(CsPerfEngine.Report(data, PartialSpec.Config, request)));
                Assert.Equal(Canonical.Of(composed), Canonical.Of(CsPerfEngine.Report(data, PartialSpec.Config, request, new EngineOptions { MaxDegreeOfParallelism = 3, MinMessagesPerThread = 1 })));
            }
        }

        return true;
    }

    [CsPerfProperty(70)] // Merge laws: associative, commutative, Empty is the identity
    public bool Partials_Merge_IsAssociativeCommutativeWithIdentity(PartialSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var groups = Partition(spec, rnd).ToList();
        while (groups.Count < 3)
        {
            groups.Add([]);
        }

        var p = groups.Take(3)
            .Select((g, i) => CsPerfEngine.Aggregate(spec.Build((s, c) => g.Contains((s, c))), PartialSpec.Config, PartialSpec.Request() with { From = PartialSpec.From.PlusDays(i * 3) }))
            .ToArray();
        string Text(KpiPartial x) => PartialText.Of(x);
        Assert.Equal(Text(KpiPartial.Merge(KpiPartial.Merge(p[0], p[1]), p[2])), Text(KpiPartial.Merge(p[0], KpiPartial.Merge(p[1], p[2]))));
        Assert.Equal(Text(KpiPartial.Merge(p[0], p[1])), Text(KpiPartial.Merge(p[1], p[0])));
        Assert.Equal(Text(p[0]), Text(KpiPartial.Merge(p[0], KpiPartial.Empty)));
        Assert.Equal(Text(p[0]), Text(KpiPartial.Merge(KpiPartial.Empty, p[0])));
        Assert.Equal(Text(p[0]), Text(KpiPartial.Merge([p[0]])));
        return true;
    }

    private static void SameAsWhole(PartialSpec spec, KpiPartial merged, bool range)
    {
        var data = spec.Build();
        foreach (var by in Groupings)
        {
            var request = PartialSpec.Request(by, range: range);
            var whole = CsPerfEngine.Report(data, PartialSpec.Config, request);
            var composed = CsPerfEngine.Compose(merged, PartialSpec.Roster, PartialSpec.Config, request);
            Assert.Equal(Canonical.Of(whole), Canonical.Of(composed));
            Assert.Equal(whole.Rejected, composed.Rejected);
            Assert.Equal(whole.Warnings.Order(StringComparer.Ordinal), composed.Warnings.Order(StringComparer.Ordinal));
        }
    }

    private static IEnumerable<LocalDate> Days()
    {
        for (var d = PartialSpec.From; d <= PartialSpec.To; d = d.PlusDays(1))
        {
            yield return d;
        }
    }

    /// <summary>The range cut at random dates into consecutive ranges.</summary>
    private static List<(LocalDate From, LocalDate To)> RandomRanges(Random rnd)
    {
        var ranges = new List<(LocalDate, LocalDate)>();
        var start = PartialSpec.From;
        while (start <= PartialSpec.To)
        {
            var end = start.PlusDays(rnd.Next(0, 10));
            if (end > PartialSpec.To)
            {
                end = PartialSpec.To;
            }

            ranges.Add((start, end));
            start = end.PlusDays(1);
        }

        return ranges;
    }

    /// <summary>The spec's customers in 1 to 4 random groups (a group may be empty).</summary>
    private static List<HashSet<(string, string)>> Partition(PartialSpec spec, Random rnd)
    {
        int k = rnd.Next(1, 5);
        var groups = Enumerable.Range(0, k).Select(_ => new HashSet<(string, string)>()).ToList();
        foreach (var customer in spec.Customers())
        {
            groups[rnd.Next(k)].Add(customer);
        }

        return groups;
    }

    /// <summary>Shuffles the partials, then merges random neighbours until one is left: a random order and grouping.</summary>
    private static KpiPartial MergeRandomly(List<KpiPartial> parts, Random rnd)
    {
        var list = parts.OrderBy(_ => rnd.Next()).ToList();
        if (list.Count == 0)
        {
            return KpiPartial.Empty;
        }

        while (list.Count > 1)
        {
            int i = rnd.Next(list.Count - 1);
            list[i] = rnd.Next(2) == 0 ? KpiPartial.Merge(list[i], list[i + 1]) : list[i + 1].Merge(list[i]);
            list.RemoveAt(i + 1);
        }

        return list[0];
    }
}
