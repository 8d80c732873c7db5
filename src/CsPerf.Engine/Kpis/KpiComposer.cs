using CsPerf.Engine.Attribution;

namespace CsPerf.Engine.Kpis;

/// <summary>The level a KPI set describes (domain.md §6 "Levels").</summary>
internal enum Level : byte
{
    Account = 0,
    Agent = 1,
    Shop = 2,
    Total = 3,

    /// <summary>A group of agents 客服组: like an agent, over its agents (domain.md §6 "Groups").</summary>
    Group = 4,
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
    public SalesCounters[] Credited = new SalesCounters[AttributionRules.Count];
    public SalesCounters[] Silent = new SalesCounters[AttributionRules.Count];

    /// <summary>Per rule: Σ credited sales of the accounts of the shop (account) or of all agents (agent, group).</summary>
    public decimal[] ShareBase = new decimal[AttributionRules.Count];
    public QualityCounters Quality;

    /// <summary>Complaints per reason (<c>complaintsByReason</c>, additive across levels), or null when none.</summary>
    public Dictionary<string, long>? ComplaintsByReason;
    public decimal? Target;

    /// <summary>Whether every account of the entity is after-sale (its inquiry, conversion and sales rates are null).</summary>
    public bool AfterSaleOnly;

    /// <summary>Adds complaints of one reason (a roll-up outside the hot loop: an overflow throws).</summary>
    public void AddComplaints(string reason, long count)
    {
        var map = ComplaintsByReason ??= new Dictionary<string, long>(StringComparer.Ordinal);
        map[reason] = checked(map.GetValueOrDefault(reason) + count);
    }

    /// <summary>Adds the complaints per reason of a part (an account into its agent and shop, a shop into the total).</summary>
    public void AddComplaints(LevelInputs part)
    {
        if (part.ComplaintsByReason is { } counts)
        {
            foreach (var (reason, count) in counts)
            {
                AddComplaints(reason, count);
            }
        }
    }
}

/// <summary>
/// Builds the KPI set of one entity and period from its counters: a value for every <see cref="KpiDefinition"/>, emitted
/// in the catalogue's order (<see cref="KpiDefinitions.All"/>), then under <c>--rule all</c> the rule-dependent ones
/// once per rule of <see cref="AttributionRules.All"/>, suffixed.
/// </summary>
internal static class KpiComposer
{
    public static KpiSet Compose(LevelInputs x, int rule, bool allRules, AovBasis basis, bool monthPeriod)
    {
        var values = new Dictionary<string, KpiValue>(KpiDefinitions.All.Length, StringComparer.Ordinal);
        void Add(string key, KpiValue value) => values.Add(key, value);

        ReceptionKpis.Append(values, x.Reception, x.Peak, x.Hourly);
        RuleValues(values, x, rule, basis, monthPeriod);

        var c = x.Conversion;
        long inquiries = x.Reception.Inquiries;
        long baseCount = inquiries - c.AssistsBeforeOrder;
        bool noRates = x.AfterSaleOnly;
        Add(Kpi.OrderedSameDay, KpiValue.FromCount(c.OrderedSameDay));
        Add(Kpi.Ordered, KpiValue.FromCount(c.Ordered));
        Add(Kpi.Paid, KpiValue.FromCount(c.Paid));
        Add(Kpi.Lost, KpiValue.FromCount(c.Lost));
        Add(Kpi.Pending, KpiValue.FromCount(c.Pending));
        Add(Kpi.AssistsBeforeOrder, KpiValue.FromCount(c.AssistsBeforeOrder));
        Add(Kpi.PaymentsOwnOrder, KpiValue.FromCount(c.PaymentsOwnOrder));
        Add(Kpi.PaymentsOthersOrder, KpiValue.FromCount(c.PaymentsOthersOrder));
        Add(Kpi.PaymentsSilentOrder, KpiValue.FromCount(c.PaymentsSilentOrder));
        Add(Kpi.InquiryToOrderSameDayRate, noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.OrderedSameDay, baseCount)));
        Add(Kpi.InquiryToOrderRate, noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Ordered, baseCount)));
        Add(Kpi.InquiryToPaidRate, noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Paid, baseCount)));
        Add(Kpi.OrderToPaidRate, noRates ? KpiValue.Null : KpiValue.FromReal(ReceptionKpis.Ratio(c.Paid, c.Ordered)));

        var q = x.Quality;
        Add(Kpi.NeutralReviews, KpiValue.FromCount(q.NeutralReviews));
        Add(Kpi.NegativeReviews, KpiValue.FromCount(q.NegativeReviews));
        Add(Kpi.NegativeReviewsPreSale, KpiValue.FromCount(q.NegativePreSale));
        Add(Kpi.NegativeReviewsInSale, KpiValue.FromCount(q.NegativeInSale));
        Add(Kpi.NegativeReviewsAfterSale, KpiValue.FromCount(q.NegativeAfterSale));
        Add(Kpi.NeutralReviewsPreSale, KpiValue.FromCount(q.NeutralPreSale));
        Add(Kpi.NeutralReviewsInSale, KpiValue.FromCount(q.NeutralInSale));
        Add(Kpi.NeutralReviewsAfterSale, KpiValue.FromCount(q.NeutralAfterSale));
        Add(Kpi.Reviews, KpiValue.FromCount(q.Reviews));
        Add(Kpi.GoodReviews, KpiValue.FromCount(q.GoodReviews));
        Add(Kpi.GoodReviewRate, KpiValue.FromReal(ReceptionKpis.Ratio(q.GoodReviews, q.Reviews)));
        Add(Kpi.NegativeReviewRate, KpiValue.FromReal(ReceptionKpis.Ratio(q.NegativeReviews, q.Reviews)));
        Add(Kpi.SatisfactionRate, KpiValue.FromReal(ReceptionKpis.Ratio(q.Satisfied, q.Ratings)));
        Add(Kpi.Ratings, KpiValue.FromCount(q.Ratings));
        Add(Kpi.Complaints, KpiValue.FromCount(q.Complaints));
        Add(Kpi.ComplaintRate, KpiValue.FromReal(ReceptionKpis.Ratio(q.Complaints, x.Reception.Received)));
        Add(Kpi.ComplaintsByReason, x.ComplaintsByReason is { } reasons ? KpiValue.FromBreakdown(reasons) : KpiValue.EmptyBreakdown);
        Add(Kpi.TransfersOut, KpiValue.FromCount(x.Reception.TransfersOut));
        Add(Kpi.TransfersIn, KpiValue.FromCount(x.Reception.TransfersIn));
        Add(Kpi.TransferRate, KpiValue.FromReal(ReceptionKpis.Ratio(x.Reception.TransfersOut, x.Reception.Received)));
        Add(Kpi.ReceptionsByHour, KpiValue.FromHourly([.. x.ReceptionsByHour]));
        Add(Kpi.CustomerMessagesByHour, KpiValue.FromHourly([.. x.MessagesByHour]));

        bool targetLevel = monthPeriod && x.Level is Level.Agent or Level.Group or Level.Total;
        Add(Kpi.SalesTarget, targetLevel ? KpiValue.FromMoney(x.Target) : KpiValue.Null);

        // One value per definition, nothing else: a KPI computed here but missing from the catalogue (or the reverse)
        // is a programming error, caught by the first report any test makes.
        if (values.Count != KpiDefinitions.All.Length)
        {
            throw new InvalidOperationException($"composed {values.Count} KPIs, the catalogue has {KpiDefinitions.All.Length}");
        }

        var kpis = new List<KeyValuePair<string, KpiValue>>(KpiDefinitions.All.Length + (allRules ? AttributionRules.Count * KpiDefinitions.RuleDependent.Length : 0));
        foreach (var d in KpiDefinitions.All)
        {
            kpis.Add(new(d.Key, values[d.Key]));
        }

        if (allRules)
        {
            var ruleValues = new Dictionary<string, KpiValue>(KpiDefinitions.RuleDependent.Length, StringComparer.Ordinal);
            foreach (var r in AttributionRules.All)
            {
                ruleValues.Clear();
                RuleValues(ruleValues, x, (int)r, basis, monthPeriod);
                foreach (var d in KpiDefinitions.RuleDependent)
                {
                    kpis.Add(new(d.KeyFor(r), ruleValues[d.Key]));
                }
            }
        }

        return new KpiSet(kpis);
    }

    /// <summary>Adds the value of every rule-dependent KPI (<see cref="KpiDefinition.RuleDependent"/>) under <paramref name="rule"/>.</summary>
    private static void RuleValues(Dictionary<string, KpiValue> v, LevelInputs x, int rule, AovBasis basis, bool monthPeriod)
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

        v.Add(Kpi.Sales, KpiValue.FromMoney(all.Sales));
        v.Add(Kpi.Items, KpiValue.FromCount(all.Items));
        v.Add(Kpi.Buyers, KpiValue.FromCount(all.Buyers));
        v.Add(Kpi.Orders, KpiValue.FromCount(all.Orders));
        v.Add(Kpi.SalesShare, group || x.AfterSaleOnly || x.ShareBase[rule] == 0 ? KpiValue.Null : KpiValue.FromReal((double)(credited.Sales / x.ShareBase[rule])));
        v.Add(Kpi.SilentSales, group ? KpiValue.FromMoney(silent.Sales) : KpiValue.Null);
        v.Add(Kpi.AgentSales, group ? KpiValue.FromMoney(credited.Sales) : KpiValue.Null);
        v.Add(Kpi.AgentSalesShare, group && all.Sales != 0 ? KpiValue.FromReal((double)(credited.Sales / all.Sales)) : KpiValue.Null);
        v.Add(Kpi.Aov, KpiValue.FromMoney(Div(all.Sales, basisCount(all))));
        v.Add(Kpi.ItemsPerBuyer, KpiValue.FromReal(ReceptionKpis.Ratio(all.Items, all.Buyers)));
        v.Add(Kpi.PricePerItem, KpiValue.FromMoney(Div(all.Sales, all.Items)));
        v.Add(Kpi.SilentAov, group ? KpiValue.FromMoney(Div(silent.Sales, basisCount(silent))) : KpiValue.Null);
        v.Add(Kpi.AgentAov, group ? KpiValue.FromMoney(Div(credited.Sales, basisCount(credited))) : KpiValue.Null);
        v.Add(Kpi.RefundOrders, KpiValue.FromCount(all.RefundOrders));
        v.Add(Kpi.RefundCustomers, KpiValue.FromCount(all.RefundCustomers));
        v.Add(Kpi.RefundAmount, KpiValue.FromMoney(all.RefundAmount));
        v.Add(Kpi.RefundItems, KpiValue.FromCount(all.RefundItems));
        v.Add(Kpi.CompletedRefunds, KpiValue.FromCount(all.CompletedRefunds));
        v.Add(Kpi.RefundCompletionAvg, KpiValue.FromReal(ReceptionKpis.Seconds(all.RefundCompletionTicks, all.CompletedRefunds)));
        v.Add(Kpi.RefundOperations, KpiValue.FromCount(all.RefundOperations));
        v.Add(Kpi.RefundRate, KpiValue.FromReal(ReceptionKpis.Ratio(all.RefundOrders, all.Orders)));
        v.Add(Kpi.Postage, KpiValue.FromMoney(all.Postage));
        v.Add(Kpi.AssistsFollowUp, KpiValue.FromCount(credited.AssistsFollowUp + (group ? silent.AssistsFollowUp : 0)));

        // Targets: agents and groups against their credited sales; the total against agentSales (§6 "Levels", "Targets").
        bool targetLevel = monthPeriod && x.Level is Level.Agent or Level.Group or Level.Total;
        v.Add(Kpi.TargetCompletion, targetLevel && x.Target is { } t && t != 0 ? KpiValue.FromReal((double)(credited.Sales / t)) : KpiValue.Null);
    }
}
