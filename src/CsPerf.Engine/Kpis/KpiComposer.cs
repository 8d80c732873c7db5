using CsPerf.Engine.Attribution;

namespace CsPerf.Engine.Kpis;

/// <summary>The level a KPI set describes (domain.md §6 "Levels").</summary>
internal enum Level : byte
{
    Account = 0,
    Agent = 1,
    Shop = 2,
    Total = 3,
}

/// <summary>Everything one KPI set is computed from.</summary>
internal sealed class LevelInputs
{
    public Level Level;
    public ReceptionCounters Reception;
    public int Peak;
    public int[] Hourly = new int[24];

    /// <summary>Received receptions per local hour of t0 (additive across levels).</summary>
    public int[] ReceptionsByHour = new int[24];

    /// <summary>Kept customer messages per local hour (additive across levels).</summary>
    public int[] MessagesByHour = new int[24];
    public ConversionCounters Conversion;
    public SalesCounters[] Credited = new SalesCounters[3];
    public SalesCounters[] Silent = new SalesCounters[3];

    /// <summary>Per rule: Σ credited sales of the accounts of the shop (account) or of all agents (agent).</summary>
    public decimal[] ShareBase = new decimal[3];
    public QualityCounters Quality;
    public decimal? Target;

    /// <summary>Whether every account of the entity is after-sale (its inquiry, conversion and sales rates are null).</summary>
    public bool AfterSaleOnly;
}

/// <summary>Builds the full KPI set of domain.md §6 from counters, in the order of its table.</summary>
internal static class KpiComposer
{
    private static readonly string[] Suffixes = ["ByOrder", "ByPayment", "ByOrderFirst"];

    /// <summary>The KPI keys that depend on the rule: under <c>--rule all</c> they repeat with each suffix.</summary>
    public static readonly string[] RuleKeys =
    [
        "sales", "items", "buyers", "orders", "salesShare", "silentSales", "agentSales", "agentSalesShare",
        "aov", "itemsPerBuyer", "pricePerItem", "silentAov", "agentAov",
        "refundOrders", "refundCustomers", "refundAmount", "refundItems", "completedRefunds", "refundCompletionAvg", "refundOperations", "refundRate",
        "postage", "assistsFollowUp", "targetCompletion",
    ];

    public static KpiSet Compose(LevelInputs x, int rule, bool allRules, AovBasis basis, bool monthPeriod)
    {
        var kpis = new List<KeyValuePair<string, KpiValue>>(allRules ? 160 : 90);
        ReceptionKpis.Append(kpis, x.Reception, x.Peak, x.Hourly);
        var ruleValues = RuleValues(x, rule, basis, monthPeriod);
        var c = x.Conversion;
        long inquiries = x.Reception.Inquiries;
        long baseCount = inquiries - c.AssistsBeforeOrder;
        bool noRates = x.AfterSaleOnly;

        void Add(string key, KpiValue value) => kpis.Add(new(key, value));
        void AddRule(string key) => Add(key, ruleValues[key]);

        foreach (string key in new[] { "sales", "items", "buyers", "orders", "salesShare", "silentSales", "agentSales", "agentSalesShare" })
        {
            AddRule(key);
        }

        Add("orderedSameDay", KpiValue.FromCount(c.OrderedSameDay));
        Add("ordered", KpiValue.FromCount(c.Ordered));
        Add("paid", KpiValue.FromCount(c.Paid));
        Add("lost", KpiValue.FromCount(c.Lost));
        Add("pending", KpiValue.FromCount(c.Pending));
        Add("assistsBeforeOrder", KpiValue.FromCount(c.AssistsBeforeOrder));
        AddRule("assistsFollowUp");
        Add("paymentsOwnOrder", KpiValue.FromCount(c.PaymentsOwnOrder));
        Add("paymentsOthersOrder", KpiValue.FromCount(c.PaymentsOthersOrder));
        Add("paymentsSilentOrder", KpiValue.FromCount(c.PaymentsSilentOrder));
        Add("inquiryToOrderSameDayRate", noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.OrderedSameDay, baseCount)));
        Add("inquiryToOrderRate", noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Ordered, baseCount)));
        Add("inquiryToPaidRate", noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Paid, baseCount)));
        Add("orderToPaidRate", noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Paid, c.Ordered)));

        foreach (string key in new[] { "aov", "itemsPerBuyer", "pricePerItem", "silentAov", "agentAov" })
        {
            AddRule(key);
        }

        foreach (string key in new[] { "refundOrders", "refundCustomers", "refundAmount", "refundItems", "completedRefunds", "refundCompletionAvg", "refundOperations", "refundRate" })
        {
            AddRule(key);
        }

        var q = x.Quality;
        Add("neutralReviews", KpiValue.FromCount(q.NeutralReviews));
        Add("negativeReviews", KpiValue.FromCount(q.NegativeReviews));
        Add("negativeReviewsPreSale", KpiValue.FromCount(q.NegativePreSale));
        Add("negativeReviewsInSale", KpiValue.FromCount(q.NegativeInSale));
        Add("negativeReviewsAfterSale", KpiValue.FromCount(q.NegativeAfterSale));
        Add("neutralReviewsPreSale", KpiValue.FromCount(q.NeutralPreSale));
        Add("neutralReviewsInSale", KpiValue.FromCount(q.NeutralInSale));
        Add("neutralReviewsAfterSale", KpiValue.FromCount(q.NeutralAfterSale));
        Add("reviews", KpiValue.FromCount(q.Reviews));
        Add("goodReviews", KpiValue.FromCount(q.GoodReviews));
        Add("goodReviewRate", KpiValue.FromReal(ReceptionKpis.Ratio(q.GoodReviews, q.Reviews)));
        Add("negativeReviewRate", KpiValue.FromReal(ReceptionKpis.Ratio(q.NegativeReviews, q.Reviews)));
        Add("satisfactionRate", KpiValue.FromReal(ReceptionKpis.Ratio(q.Satisfied, q.Ratings)));
        Add("ratings", KpiValue.FromCount(q.Ratings));
        Add("complaints", KpiValue.FromCount(q.Complaints));
        Add("complaintRate", KpiValue.FromReal(ReceptionKpis.Ratio(q.Complaints, x.Reception.Received)));
        Add("receptionsByHour", KpiValue.FromHourly([.. x.ReceptionsByHour]));
        Add("customerMessagesByHour", KpiValue.FromHourly([.. x.MessagesByHour]));

        bool targetLevel = monthPeriod && (x.Level == Level.Agent || x.Level == Level.Total);
        Add("salesTarget", targetLevel ? KpiValue.FromMoney(x.Target) : KpiValue.Null);
        AddRule("targetCompletion");
        AddRule("postage");

        if (allRules)
        {
            for (int r = 0; r < 3; r++)
            {
                var values = RuleValues(x, r, basis, monthPeriod);
                foreach (string key in RuleKeys)
                {
                    Add(key + Suffixes[r], values[key]);
                }
            }
        }

        return new KpiSet(kpis);
    }

    private static Dictionary<string, KpiValue> RuleValues(LevelInputs x, int rule, AovBasis basis, bool monthPeriod)
    {
        var credited = x.Credited[rule];
        var silent = x.Silent[rule];
        bool group = x.Level is Level.Shop or Level.Total;
        var all = credited;
        if (group)
        {
            all.Add(silent);
        }

        decimal? Div(decimal n, long d) => d == 0 ? null : n / d;
        long basisCount(in SalesCounters s) => basis == AovBasis.Orders ? s.Orders : s.Buyers;

        var v = new Dictionary<string, KpiValue>(32)
        {
            ["sales"] = KpiValue.FromMoney(all.Sales),
            ["items"] = KpiValue.FromCount(all.Items),
            ["buyers"] = KpiValue.FromCount(all.Buyers),
            ["orders"] = KpiValue.FromCount(all.Orders),
            ["salesShare"] = group || x.AfterSaleOnly || x.ShareBase[rule] == 0 ? KpiValue.Null : KpiValue.FromReal((double)(credited.Sales / x.ShareBase[rule])),
            ["silentSales"] = group ? KpiValue.FromMoney(silent.Sales) : KpiValue.Null,
            ["agentSales"] = group ? KpiValue.FromMoney(credited.Sales) : KpiValue.Null,
            ["agentSalesShare"] = group && all.Sales != 0 ? KpiValue.FromReal((double)(credited.Sales / all.Sales)) : KpiValue.Null,
            ["aov"] = KpiValue.FromMoney(Div(all.Sales, basisCount(all))),
            ["itemsPerBuyer"] = KpiValue.FromReal(ReceptionKpis.Ratio(all.Items, all.Buyers)),
            ["pricePerItem"] = KpiValue.FromMoney(Div(all.Sales, all.Items)),
            ["silentAov"] = group ? KpiValue.FromMoney(Div(silent.Sales, basisCount(silent))) : KpiValue.Null,
            ["agentAov"] = group ? KpiValue.FromMoney(Div(credited.Sales, basisCount(credited))) : KpiValue.Null,
            ["refundOrders"] = KpiValue.FromCount(all.RefundOrders),
            ["refundCustomers"] = KpiValue.FromCount(all.RefundCustomers),
            ["refundAmount"] = KpiValue.FromMoney(all.RefundAmount),
            ["refundItems"] = KpiValue.FromCount(all.RefundItems),
            ["completedRefunds"] = KpiValue.FromCount(all.CompletedRefunds),
            ["refundCompletionAvg"] = KpiValue.FromReal(ReceptionKpis.Seconds(all.RefundCompletionTicks, all.CompletedRefunds)),
            ["refundOperations"] = KpiValue.FromCount(all.RefundOperations),
            ["refundRate"] = KpiValue.FromReal(ReceptionKpis.Ratio(all.RefundOrders, all.Orders)),
            ["postage"] = KpiValue.FromMoney(all.Postage),
            ["assistsFollowUp"] = KpiValue.FromCount(credited.AssistsFollowUp + (group ? silent.AssistsFollowUp : 0)),
        };

        // Targets: agents against their credited sales; the total against agentSales (§6 "Levels", "Targets").
        bool targetLevel = monthPeriod && (x.Level == Level.Agent || x.Level == Level.Total);
        v["targetCompletion"] = targetLevel && x.Target is { } t && t != 0 ? KpiValue.FromReal((double)(credited.Sales / t)) : KpiValue.Null;
        if (x.AfterSaleOnly && !group)
        {
            v["salesShare"] = KpiValue.Null;
        }

        return v;
    }
}
