using CsPerf.Engine;
using CsPerf.Engine.Kpis;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>FsCheck properties for the invariants of domain.md §5 that the reception engine must hold.</summary>
public class ReceptionInvariantTests
{
    [CsPerfProperty(200)] // §5 invariant 4: shuffling the input sequences changes no output
    public bool Reception_Permutation_ChangesNothing(DatasetSpec spec)
    {
        var rnd = new Random(spec.Seed ^ 0x5f3759df);
        var shuffled = spec.Messages.OrderBy(_ => rnd.Next()).ToList();
        var orders = spec.Orders.OrderBy(_ => rnd.Next()).ToList();
        var refunds = spec.Refunds.OrderBy(_ => rnd.Next()).ToList();
        var reviews = spec.Reviews.OrderBy(_ => rnd.Next()).ToList();
        string a = Canonical.Of(spec.Report(spec.Build(), allRules: true));
        string b = Canonical.Of(spec.Report(spec.Build(shuffled, orders, refunds, reviews), allRules: true));
        return Same(a, b);
    }

    [CsPerfProperty(200)] // §5 invariant 5: adding internal chats, broadcasts or listed-customer messages changes no output but the filtered counts
    public bool Reception_FilteredMessages_ChangeOnlyFilteredCounts(DatasetSpec spec)
    {
        var rnd = new Random(spec.Seed ^ 0x1234567);
        var extra = new List<Message>(spec.Messages);
        int id = 0;
        foreach (var m in spec.Messages)
        {
            switch (rnd.Next(4))
            {
                case 0: // a broadcast into the same conversation
                    extra.Add(m with { Id = $"x{id++}", Dir = Direction.Out, Text = "@群发活动", At = m.At.Plus(Duration.FromSeconds(rnd.Next(-3600, 3600))) });
                    break;
                case 1: // an internal chat: the "customer" is another account
                    extra.Add(m with { Id = $"x{id++}", Customer = m.Shop == "s1" ? "s1:y" : "s2:w", Account = m.Shop == "s1" ? "s1:x" : "s2:y" });
                    break;
                case 2: // a listed customer
                    extra.Add(m with { Id = $"x{id++}", Customer = "spammer" });
                    break;
            }
        }

        var before = spec.Report(spec.Build(), allRules: true);
        var after = spec.Report(spec.Build(extra), allRules: true);
        bool countsGrew = after.Filtered.Internal + after.Filtered.Listed + after.Filtered.Broadcast
            == before.Filtered.Internal + before.Filtered.Listed + before.Filtered.Broadcast + id;
        return Same(Canonical.Of(before, withFiltered: false), Canonical.Of(after, withFiltered: false)) && countsGrew;
    }

    [CsPerfProperty(1000)] // §5 invariant 7: counters per (shop, customer) partition, merged, equal the counters of the whole
    public bool Reception_MergePerCustomerPartition_EqualsWhole(DatasetSpec spec)
    {
        var whole = CountersByAccount(spec, spec.Build());
        var wholeHours = HoursByAccount(spec, spec.Build());
        var merged = new Dictionary<(int, string), ReceptionCounters>();
        var mergedHours = new Dictionary<(int, string), long>();
        foreach (var part in spec.Messages.GroupBy(m => (m.Shop, m.Customer)))
        {
            var orders = spec.Orders.Where(o => o.Shop == part.Key.Shop && o.Customer == part.Key.Customer);
            foreach (var kv in CountersByAccount(spec, spec.Build(part, orders)))
            {
                merged.TryGetValue(kv.Key, out var sum);
                sum.Add(kv.Value);
                merged[kv.Key] = sum;
            }

            foreach (var kv in HoursByAccount(spec, spec.Build(part, orders)))
            {
                mergedHours[kv.Key] = mergedHours.GetValueOrDefault(kv.Key) + kv.Value;
            }
        }

        return SameCounters(whole, merged) && SameHours(wholeHours, mergedHours);
    }

    [CsPerfProperty(1000)] // §5 invariant 7: counters per day, merged, equal the counters of the whole range
    public bool Reception_MergePerDay_EqualsWhole(DatasetSpec spec)
    {
        var data = spec.Build();
        var byDay = CountersByAccount(spec, data, PeriodGrouping.Day);
        var all = CountersByAccount(spec, data, PeriodGrouping.All);
        var merged = new Dictionary<(int, string), ReceptionCounters>();
        foreach (var kv in byDay)
        {
            var key = (0, kv.Key.Item2);
            merged.TryGetValue(key, out var sum);
            sum.Add(kv.Value);
            merged[key] = sum;
        }

        var mergedHours = new Dictionary<(int, string), long>();
        foreach (var kv in HoursByAccount(spec, data, PeriodGrouping.Day))
        {
            var key = (0, kv.Key.Item2);
            mergedHours[key] = mergedHours.GetValueOrDefault(key) + kv.Value;
        }

        return SameCounters(all, merged) && SameHours(HoursByAccount(spec, data, PeriodGrouping.All), mergedHours);
    }

    [CsPerfProperty(300)] // §5 invariant 8: ratios are never NaN or infinite; every reception key is present at every level
    public bool Reception_Ratios_NeverNaN(DatasetSpec spec)
    {
        var report = spec.Report(spec.Build(), allRules: true);
        foreach (var p in report.Periods)
        {
            var sets = new List<KpiSet> { p.Total };
            sets.AddRange(p.Shops.Select(s => s.Kpis));
            sets.AddRange(p.Agents.Select(g => g.Kpis));
            sets.AddRange(p.Agents.SelectMany(g => g.Accounts).Select(a => a.Kpis));
            foreach (var set in sets)
            {
                if (!ReceptionKpis.Keys.All(set.Contains))
                {
                    return false;
                }

                if (set.Any(kv => kv.Value.Kind == KpiKind.Real && !double.IsFinite(kv.Value.Real)))
                {
                    return false;
                }

                // 0 ÷ 0 is null, and only 0 ÷ 0: each ratio has a value exactly when its denominator is not zero. The
                // generated data has roster accounts without chats and days without data, so both sides are reached;
                // a NaN anywhere would already have thrown (KpiValue.FromReal refuses it).
                foreach (var (ratio, denominator) in RatioDenominators)
                {
                    if (set[ratio].IsNull != (set[denominator].Count == 0))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static readonly (string Ratio, string Denominator)[] RatioDenominators =
    [
        ("replyRate", "received"), ("sessionSecondsAvg", "sessions"), ("aov", "buyers"), ("pricePerItem", "items"),
        ("itemsPerBuyer", "buyers"), ("refundRate", "orders"), ("satisfactionRate", "ratings"), ("complaintRate", "received"), ("transferRate", "received"),
        ("goodReviewRate", "reviews"), ("negativeReviewRate", "reviews"),
        ("orderToPaidRate", "ordered"), ("refundCompletionAvg", "completedRefunds"),
    ];

    private static Dictionary<(int Period, string Account), ReceptionCounters> CountersByAccount(DatasetSpec spec, Dataset data, PeriodGrouping by = PeriodGrouping.Day)
    {
        var run = ReportBuilder.Analyze(data, DatasetSpec.Config, spec.Request(by));
        var result = new Dictionary<(int, string), ReceptionCounters>();
        for (int p = 0; p < run.Plan.Count; p++)
        {
            for (int a = 0; a < data.Accounts.Length; a++)
            {
                var c = run.Pass.At(p, a);
                if (!c.Equals(default))
                {
                    result[(p, data.Shops[data.Accounts[a].Shop].Id + "/" + data.Accounts[a].Id)] = c;
                }
            }
        }

        return result;
    }

    /// <summary>Time slots (domain.md §6): receptionsByHour and customerMessagesByHour cells per (period, account, hour), non-zero only.</summary>
    private static Dictionary<(int Period, string Cell), long> HoursByAccount(DatasetSpec spec, Dataset data, PeriodGrouping by = PeriodGrouping.Day)
    {
        var run = ReportBuilder.Analyze(data, DatasetSpec.Config, spec.Request(by));
        var result = new Dictionary<(int, string), long>();
        for (int p = 0; p < run.Plan.Count; p++)
        {
            for (int a = 0; a < data.Accounts.Length; a++)
            {
                string id = data.Shops[data.Accounts[a].Shop].Id + "/" + data.Accounts[a].Id;
                for (int h = 0; h < 24; h++)
                {
                    int i = (((p * data.Accounts.Length) + a) * 24) + h;
                    if (run.Pass.Hourly.Receptions[i] != 0)
                    {
                        result[(p, $"{id} receptions {h}")] = run.Pass.Hourly.Receptions[i];
                    }

                    if (run.Pass.Hourly.Messages[i] != 0)
                    {
                        result[(p, $"{id} messages {h}")] = run.Pass.Hourly.Messages[i];
                    }
                }
            }
        }

        return result;
    }

    private static bool SameHours(Dictionary<(int, string), long> x, Dictionary<(int, string), long> y)
    {
        foreach (var key in x.Keys.Union(y.Keys))
        {
            if (x.GetValueOrDefault(key) != y.GetValueOrDefault(key))
            {
                throw new Xunit.Sdk.XunitException($"{key}: whole {x.GetValueOrDefault(key)} != merged {y.GetValueOrDefault(key)}");
            }
        }

        return true;
    }

    private static bool SameCounters(Dictionary<(int, string), ReceptionCounters> x, Dictionary<(int, string), ReceptionCounters> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var kv in x)
        {
            if (!y.TryGetValue(kv.Key, out var other) || !other.Equals(kv.Value))
            {
                throw new Xunit.Sdk.XunitException($"{kv.Key}: whole {kv.Value} != merged {other}");
            }
        }

        return true;
    }

    private static bool Same(string a, string b)
    {
        if (a != b)
        {
            Assert.Equal(a, b); // shows where they differ
        }

        return true;
    }
}
