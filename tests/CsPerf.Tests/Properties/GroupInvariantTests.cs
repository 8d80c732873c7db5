using CsPerf.Engine;
using CsPerf.Tests.Engine;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>
/// FsCheck properties of the group level 客服组 (domain.md §6 "Groups"; issue 9 item 10 "group = Σ its agents"): over the
/// generated datasets (<see cref="PartialSpec"/>: an agent spanning two shops, one with two accounts, an after-sale
/// agent, an agent in no group), every additive count, money amount and time slot of a group is the sum of its
/// agents', its rates and averages are recomputed from those sums, its peaks lie between its agents' largest peak and
/// their sum, and the partial path gives groups too (the partial properties compare <see cref="Canonical"/> texts,
/// which hold the groups).
/// </summary>
public class GroupInvariantTests
{
    /// <summary>Counts that are not sums of the agents' (peaks are swept again over the group's sessions).</summary>
    private static readonly HashSet<string> NotSums = new(StringComparer.Ordinal) { Kpi.PeakConcurrency, Kpi.PeakConcurrencyByHour };

    [CsPerfProperty(150)] // §6 "Groups": sums of the group's agents; rates recomputed from the sums; peaks recomputed
    public bool Groups_AreSumsOfTheirAgents_RatesRecomputed(PartialSpec spec)
    {
        var data = spec.Build();
        foreach (var by in new[] { PeriodGrouping.Day, PeriodGrouping.All })
        {
            var report = CsPerfEngine.Report(data, PartialSpec.Config, PartialSpec.Request(by));
            foreach (var p in report.Periods)
            {
                Assert.Equal(new[] { "g1", "g2" }, p.Groups.Select(g => g.Group));
                foreach (var g in p.Groups)
                {
                    var agents = p.Agents.Where(a => g.Agents.Contains(a.Agent)).Select(a => a.Kpis).ToList();
                    Assert.Equal(g.Agents.Length, agents.Count);
                    CheckGroup(g.Kpis, agents);
                }
            }
        }

        return true;
    }

    [CsPerfProperty(150)] // §6 "Groups": a group of one agent has exactly that agent's KPIs (same sums, same sessions, same share base)
    public bool Group_OfOneAgent_EqualsTheAgent(PartialSpec spec)
    {
        var roster = PartialSpec.Roster with { Groups = [new GroupInfo("solo", "一人组", ["a2"])] };
        var data = Dataset.Create(PartialSpec.Config, roster, spec.Messages, spec.Orders, spec.Refunds, spec.Reviews, spec.Ratings, spec.Complaints);
        var report = CsPerfEngine.Report(data, PartialSpec.Config, PartialSpec.Request(PeriodGrouping.Day));
        foreach (var p in report.Periods)
        {
            var group = Assert.Single(p.Groups);
            var agent = p.Agents.Single(a => a.Agent == "a2");
            Assert.Equal(agent.Kpis.Select(kv => (kv.Key, kv.Value.ToString())), group.Kpis.Select(kv => (kv.Key, kv.Value.ToString())));
        }

        return true;
    }

    private static void CheckGroup(KpiSet group, List<KpiSet> agents)
    {
        // Every key of the agents, in the same order (suffixed keys of --rule all included).
        Assert.Equal(agents[0].Select(kv => kv.Key), group.Select(kv => kv.Key));
        foreach (var d in KpiDefinitions.All)
        {
            foreach (string key in d.RuleDependent ? AttributionRules.All.Select(d.KeyFor).Prepend(d.Key) : [d.Key])
            {
                var value = group[key];
                if (d.NullAt.HasFlag(KpiLevels.Group))
                {
                    Assert.True(value.IsNull, key);
                    continue;
                }

                if (NotSums.Contains(key) || d.MonthPeriodsOnly)
                {
                    continue;
                }

                switch (d.Kind)
                {
                    case KpiUnitKind.Count:
                        Assert.True(agents.Sum(a => a[key].Count) == value.Count, $"{key}: group {value.Count}, Σ agents {agents.Sum(a => a[key].Count)}");
                        break;
                    case KpiUnitKind.Money when d.Key is Kpi.Sales or Kpi.RefundAmount or Kpi.Postage:
                        Assert.Equal(agents.Sum(a => a[key].Money), value.Money);
                        break;
                    case KpiUnitKind.Hourly:
                        Assert.Equal(Enumerable.Range(0, 24).Select(h => agents.Sum(a => a[key].Hourly[h])), value.Hourly);
                        break;
                    case KpiUnitKind.Breakdown:
                        // complaintsByReason: per reason, the group's count is Σ its agents' counts.
                        var expected = agents.SelectMany(a => a[key].Breakdown).GroupBy(kv => kv.Key, StringComparer.Ordinal)
                            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
                        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), value.Breakdown.AsEnumerable());
                        break;
                }
            }
        }

        // Rates recomputed from the sums (the group's own counts are the sums, checked above).
        Ratio(group, Kpi.ReplyRate, Kpi.Replied, Kpi.Received);
        Ratio(group, Kpi.TransferRate, Kpi.TransfersOut, Kpi.Received);
        Ratio(group, Kpi.ComplaintRate, Kpi.Complaints, Kpi.Received);
        Ratio(group, Kpi.GoodReviewRate, Kpi.GoodReviews, Kpi.Reviews);
        Ratio(group, Kpi.NegativeReviewRate, Kpi.NegativeReviews, Kpi.Reviews);
        Ratio(group, Kpi.RefundRate, Kpi.RefundOrders, Kpi.Orders);
        Ratio(group, Kpi.ItemsPerBuyer, Kpi.Items, Kpi.Buyers);
        if (!group[Kpi.OrderToPaidRate].IsNull)
        {
            Ratio(group, Kpi.OrderToPaidRate, Kpi.Paid, Kpi.Ordered);
        }

        // Averages: weighted by their counts, so sessionSecondsAvg × sessions adds up, and every average lies between
        // the agents' smallest and largest.
        double sessionSeconds = agents.Sum(a => (a.Real(Kpi.SessionSecondsAvg) ?? 0) * a.Count(Kpi.Sessions));
        Assert.Equal(sessionSeconds, (group.Real(Kpi.SessionSecondsAvg) ?? 0) * group.Count(Kpi.Sessions), 6);
        foreach (string avg in new[] { Kpi.FirstResponseAvg, Kpi.ResponseAvg, Kpi.SessionSecondsAvg, Kpi.RefundCompletionAvg })
        {
            var values = agents.Select(a => a.Real(avg)).OfType<double>().ToList();
            if (group.Real(avg) is { } v)
            {
                Assert.InRange(v, values.Min() - 1e-6, values.Max() + 1e-6);
            }
            else
            {
                Assert.Empty(values);
            }
        }

        // salesShare: the group's credited sales ÷ the same base as its agents' (Σ credited sales of all agents).
        double shares = agents.Sum(a => a.Real(Kpi.SalesShare) ?? 0);
        if (group.Real(Kpi.SalesShare) is { } share)
        {
            Assert.Equal(shares, share, 9);
        }

        // Peaks: at least the busiest agent's, at most the sum.
        long peak = group.Count(Kpi.PeakConcurrency);
        Assert.InRange(peak, agents.Max(a => a.Count(Kpi.PeakConcurrency)), agents.Sum(a => a.Count(Kpi.PeakConcurrency)));
    }

    private static void Ratio(KpiSet kpis, string rate, string numerator, string denominator)
    {
        long d = kpis.Count(denominator);
        double? expected = d == 0 ? null : (double)kpis.Count(numerator) / d;
        Assert.Equal(expected, kpis.Real(rate));
    }
}
