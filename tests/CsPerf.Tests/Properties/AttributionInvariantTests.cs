using CsPerf.Engine;
using CsPerf.Engine.Attribution;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Properties;

/// <summary>FsCheck properties for the attribution invariants of domain.md §5.</summary>
public class AttributionInvariantTests
{
    private static readonly IReadOnlyList<string> Suffixes = AttributionRules.Suffixes;

    private static IEnumerable<Order> Paid(DatasetSpec spec) => spec.Orders.Where(o => o.PaidAt is { } p && p <= DatasetSpec.AsOf);

    [CsPerfProperty(1000)] // §5 invariant 1: per rule, Σ credited + silent = Σ paid amounts; likewise items and orders
    public bool Attribution_ConservesSalesItemsOrders(DatasetSpec spec)
    {
        var total = spec.Report(spec.Build(), PeriodGrouping.All, allRules: true).Periods.Single();
        decimal amount = Paid(spec).Sum(o => o.Amount);
        long items = Paid(spec).Sum(o => (long)o.Items);
        long orders = Paid(spec).Count();
        foreach (string rule in Suffixes)
        {
            var t = total.Total;
            decimal credited = total.Agents.SelectMany(g => g.Accounts).Sum(a => a.Kpis["sales" + rule].Money);
            Equal(amount, t["sales" + rule].Money, "sales" + rule);
            Equal(amount, credited + t["silentSales" + rule].Money, "credited + silent" + rule);
            Equal(credited, t["agentSales" + rule].Money, "agentSales" + rule);
            Equal(items, t["items" + rule].Count, "items" + rule);
            Equal(orders, t["orders" + rule].Count, "orders" + rule);
            long creditedOrders = total.Agents.SelectMany(g => g.Accounts).Sum(a => a.Kpis["orders" + rule].Count);
            Equal(orders, creditedOrders + total.Shops.Sum(s => s.Kpis["orders" + rule].Count) - total.Shops.Sum(s => ShopCredited(total, s.Shop, "orders" + rule)), "orders split" + rule);
        }

        return true;
    }

    [CsPerfProperty(1000)] // §5 invariant 2: at most one credited account per rule, never also a follow-up assist of the same order
    public bool Attribution_CreditedIsUniqueAndNeverAnAssist(DatasetSpec spec)
    {
        foreach (var rule in new[] { AttributionRule.Order, AttributionRule.Payment, AttributionRule.OrderFirst })
        {
            var config = DatasetSpec.Config with { AttributionRule = rule };
            var data = spec.Build(config: config);
            foreach (var order in Paid(spec))
            {
                var e = CsPerfEngine.Explain(data, config, order.Id, DatasetSpec.AsOf)!;
                string? credited = e.Credited.For(rule);
                if (credited is not null && e.AssistsFollowUp.Contains(credited))
                {
                    return false;
                }

                if (e.OrderAgent is not null && e.AssistsBeforeOrder.Contains(e.OrderAgent))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [CsPerfProperty(1000)] // §5 invariant 3: credited sales under OrderFirst ≥ under Order; silent sales ≤
    public bool Attribution_OrderFirstCreditsAtLeastOrder(DatasetSpec spec)
    {
        var t = spec.Report(spec.Build(), PeriodGrouping.All, allRules: true).Periods.Single().Total;
        return t["agentSalesByOrderFirst"].Money >= t["agentSalesByOrder"].Money
            && t["silentSalesByOrderFirst"].Money <= t["silentSalesByOrder"].Money;
    }

    [CsPerfProperty(1000)] // §5 invariant 6: messages after an order's paidAt never change its attribution
    public bool Attribution_MessagesAfterPayment_ChangeNothing(DatasetSpec spec)
    {
        var rnd = new Random(spec.Seed ^ 0x0badf00d);
        var data = spec.Build();
        foreach (var order in Paid(spec))
        {
            var accounts = order.Shop == "s1" ? new[] { "s1:x", "s1:y", "s1:z" } : new[] { "s2:y", "s2:w" };
            var extra = new List<Message>(spec.Messages);
            for (int k = 0; k < 6; k++)
            {
                var at = order.PaidAt!.Value.Plus(Duration.FromSeconds(rnd.Next(0, 2 * 24 * 3600)));
                var dir = rnd.Next(2) == 0 ? Direction.In : Direction.Out;
                string? text = rnd.Next(3) == 0 ? "你是广告" : "好的";
                extra.Add(new Message($"late{k}", order.Shop, order.Customer, accounts[rnd.Next(accounts.Length)], dir, at, text));
            }

            var before = CsPerfEngine.Explain(data, DatasetSpec.Config, order.Id, DatasetSpec.AsOf)!;
            var after = CsPerfEngine.Explain(spec.Build(extra), DatasetSpec.Config, order.Id, DatasetSpec.AsOf)!;
            if (before.OrderAgent != after.OrderAgent || before.PaymentAgent != after.PaymentAgent || before.Credited != after.Credited
                || !before.AssistsBeforeOrder.SequenceEqual(after.AssistsBeforeOrder) || !before.AssistsFollowUp.SequenceEqual(after.AssistsFollowUp))
            {
                throw new Xunit.Sdk.XunitException($"{order.Id}: before {before.OrderAgent}/{before.PaymentAgent}/{before.Credited}, after {after.OrderAgent}/{after.PaymentAgent}/{after.Credited}");
            }
        }

        return true;
    }

    [CsPerfProperty(1000)] // §5 invariant 7: attribution counters per (shop, customer) partition, merged, equal the whole
    public bool Attribution_MergePerCustomerPartition_EqualsWhole(DatasetSpec spec)
    {
        var whole = Counters(spec, spec.Build(), PeriodGrouping.Day);
        var merged = new Dictionary<string, decimal>();
        var keys = spec.Messages.Select(m => (m.Shop, m.Customer)).Concat(spec.Orders.Select(o => (o.Shop, o.Customer))).Distinct();
        foreach (var key in keys)
        {
            var messages = spec.Messages.Where(m => (m.Shop, m.Customer) == key);
            var orders = spec.Orders.Where(o => (o.Shop, o.Customer) == key);
            foreach (var kv in Counters(spec, spec.Build(messages, orders), PeriodGrouping.Day))
            {
                merged[kv.Key] = merged.GetValueOrDefault(kv.Key) + kv.Value;
            }
        }

        return SameSums(whole, merged);
    }

    [CsPerfProperty(1000)] // §5 invariant 7: attribution counters per day, merged, equal the whole range
    public bool Attribution_MergePerDay_EqualsWhole(DatasetSpec spec)
    {
        var data = spec.Build();
        var all = Counters(spec, data, PeriodGrouping.All);
        var merged = new Dictionary<string, decimal>();
        foreach (var kv in Counters(spec, data, PeriodGrouping.Day))
        {
            string key = "0" + kv.Key[kv.Key.IndexOf(' ', StringComparison.Ordinal)..];
            merged[key] = merged.GetValueOrDefault(key) + kv.Value;
        }

        return SameSums(all, merged);
    }

    /// <summary>Every attribution counter of every (period, account) and silent (period, shop), flattened to named sums.</summary>
    private static Dictionary<string, decimal> Counters(DatasetSpec spec, Dataset data, PeriodGrouping by)
    {
        var run = ReportBuilder.Analyze(data, DatasetSpec.Config, spec.Request(by));
        var result = new Dictionary<string, decimal>();
        void Put(string key, decimal value)
        {
            if (value != 0)
            {
                result[key] = result.GetValueOrDefault(key) + value;
            }
        }

        for (int p = 0; p < run.Plan.Count; p++)
        {
            for (int a = 0; a < data.Accounts.Length; a++)
            {
                string id = $"{p} {data.Shops[data.Accounts[a].Shop].Id}/{data.Accounts[a].Id}";
                var c = run.Attribution.Conversion[(p * data.Accounts.Length) + a];
                Put(id + " ordered", c.Ordered);
                Put(id + " sameDay", c.OrderedSameDay);
                Put(id + " paid", c.Paid);
                Put(id + " lost", c.Lost);
                Put(id + " pending", c.Pending);
                Put(id + " assists", c.AssistsBeforeOrder);
                Put(id + " own", c.PaymentsOwnOrder);
                Put(id + " others", c.PaymentsOthersOrder);
                Put(id + " silentPay", c.PaymentsSilentOrder);
                for (int r = 0; r < AttributionRules.Count; r++)
                {
                    PutSales(Put, $"{id} r{r}", run.Attribution.Sales[r][(p * data.Accounts.Length) + a]);
                }

                var q = run.Attribution.AccountQuality[(p * data.Accounts.Length) + a];
                Put(id + " negative", q.NegativeReviews);
                Put(id + " neutral", q.NeutralReviews);
                Put(id + " reviews", q.Reviews);
                Put(id + " good", q.GoodReviews);
            }

            for (int s = 0; s < data.Shops.Length; s++)
            {
                for (int r = 0; r < AttributionRules.Count; r++)
                {
                    PutSales(Put, $"{p} silent {data.Shops[s].Id} r{r}", run.Attribution.Silent[r][(p * data.Shops.Length) + s]);
                }
            }
        }

        return result;
    }

    private static void PutSales(Action<string, decimal> put, string id, SalesCounters s)
    {
        put(id + " sales", s.Sales);
        put(id + " items", s.Items);
        put(id + " orders", s.Orders);
        put(id + " buyers", s.Buyers);
        put(id + " postage", s.Postage);
        put(id + " followUp", s.AssistsFollowUp);
        put(id + " refundOrders", s.RefundOrders);
        put(id + " refundCustomers", s.RefundCustomers);
        put(id + " refundAmount", s.RefundAmount);
        put(id + " completed", s.CompletedRefunds);
        put(id + " completionTicks", s.RefundCompletionTicks);
    }

    private static bool SameSums(Dictionary<string, decimal> whole, Dictionary<string, decimal> merged)
    {
        foreach (var key in whole.Keys.Union(merged.Keys))
        {
            if (whole.GetValueOrDefault(key) != merged.GetValueOrDefault(key))
            {
                throw new Xunit.Sdk.XunitException($"{key}: whole {whole.GetValueOrDefault(key)} != merged {merged.GetValueOrDefault(key)}");
            }
        }

        return true;
    }

    private static long ShopCredited(PeriodReport period, string shop, string key) =>
        period.Agents.SelectMany(g => g.Accounts).Where(a => a.Shop == shop).Sum(a => a.Kpis[key].Count);

    private static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new Xunit.Sdk.XunitException($"{what}: expected {expected}, was {actual}");
        }
    }
}
