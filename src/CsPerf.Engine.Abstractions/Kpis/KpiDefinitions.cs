using System.Collections.Frozen;
using System.Collections.Immutable;

namespace CsPerf.Engine;

/// <summary>
/// The KPI catalogue: every KPI of a report, in report order (domain.md §6). The engine composes exactly these keys in
/// this order; <c>--rule all</c> adds the <see cref="KpiDefinition.RuleDependent"/> ones once per rule of
/// <see cref="AttributionRules.All"/>; writers show <see cref="KpiUnitKind.Rate"/> as percentages and round money;
/// payroll plans may name any single-number key; docs/kpis.md is generated from it.
/// </summary>
/// <remarks>
/// Adding a KPI: an entry here and a constant in <see cref="Kpi"/>, the counter in the one stage that sees its facts,
/// and its value in the engine's composer (docs/architecture.md "Where to add a KPI"). Thread safe.
/// </remarks>
public static class KpiDefinitions
{
    // A group of agents is like an agent (domain.md §6 "Groups"): what has no meaning for an agent has none for it.
    private const KpiLevels AccountAgent = KpiLevels.Account | KpiLevels.Agent | KpiLevels.Group;

    /// <summary>The KPIs where lower is better (a ranking puts the lowest first).</summary>
    private static readonly FrozenSet<string> LowerIsBetter = new[]
    {
        Kpi.Unreplied, Kpi.FirstResponseAvg, Kpi.ResponseAvg, Kpi.SlowReceptions, Kpi.NoResponseRecords, Kpi.LongSessions,
        Kpi.LongReceptions, Kpi.SilentSales, Kpi.Lost, Kpi.RefundOrders, Kpi.RefundCustomers, Kpi.RefundAmount, Kpi.RefundItems,
        Kpi.RefundCompletionAvg, Kpi.RefundRate, Kpi.NeutralReviews, Kpi.NegativeReviews, Kpi.NegativeReviewsPreSale,
        Kpi.NegativeReviewsInSale, Kpi.NegativeReviewsAfterSale, Kpi.NeutralReviewsPreSale, Kpi.NeutralReviewsInSale,
        Kpi.NeutralReviewsAfterSale, Kpi.NegativeReviewRate, Kpi.Complaints, Kpi.ComplaintRate, Kpi.TransfersOut, Kpi.TransferRate,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The KPIs where neither way is better (shapes of the workload, not performance).</summary>
    private static readonly FrozenSet<string> NeitherIsBetter = new[]
    {
        Kpi.SessionSecondsAvg, Kpi.PeakConcurrency, Kpi.Pending, Kpi.SalesTarget, Kpi.Postage, Kpi.SilentAov,
    }.ToFrozenSet(StringComparer.Ordinal);

    private static KpiBetter BetterOf(KpiDefinition d) =>
        !d.IsNumber || NeitherIsBetter.Contains(d.Key) ? KpiBetter.None
        : LowerIsBetter.Contains(d.Key) ? KpiBetter.Lower
        : KpiBetter.Higher;

    // Declared after the two sets above: static initialisers run in text order.

    /// <summary>Every KPI, in report order.</summary>
    public static ImmutableArray<KpiDefinition> All { get; } = [.. Declared().Select(d => d with { Better = BetterOf(d) })];

    private static ImmutableArray<KpiDefinition> Declared() =>
    [
        // Reception 接待 (domain.md §3, §4): by the session's local date.
        Reception(Kpi.Consulted, "咨询人数", KpiUnitKind.Count, "receptions", "receptions (account, customer, local date)", "receptions in which the customer sent at least one message"),
        Reception(Kpi.Received, "接待人数", KpiUnitKind.Count, "receptions", "consulted receptions", "consulted receptions that are effective: not removed by the single-line filter (SingleLineFilter)"),
        Reception(Kpi.Inquiries, "询单人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions classified pre-sale (§4 rule 4)"),
        Reception(Kpi.InSale, "售中人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions classified in-sale: an order created within PaymentWindow before the first customer message t0 is still unpaid at t0 (§4 rule 2)"),
        Reception(Kpi.AfterSale, "售后人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions on an after-sale account, or with an order paid within AfterSaleDays before t0 and no new order in the inquiry window (§4 rules 1, 3)"),
        Reception(Kpi.Replied, "回复人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions with at least one effective out message"),
        Reception(Kpi.Unreplied, "未回复人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions without an effective out message"),
        Reception(Kpi.ReplyRate, "回复率", KpiUnitKind.Rate, "fraction", "received receptions", "replied ÷ received"),
        Reception(Kpi.Sessions, "会话数", KpiUnitKind.Count, "sessions", "non-advert sessions", "sessions of (shop, customer, account); a new one starts after a gap ≥ SessionGap (15 min)"),
        Reception(Kpi.FirstResponseAvg, "平均首次响应时间", KpiUnitKind.Seconds, "seconds", "customer-started sessions whose first burst was answered", "mean time from the first customer message to the first effective reply"),
        Reception(Kpi.ResponseAvg, "平均响应时间", KpiUnitKind.Seconds, "seconds", "answered bursts", "mean response time of all answered bursts (a burst: customer messages not interrupted by an effective reply)"),
        Reception(Kpi.FirstResponseHitRate, "首响达标率", KpiUnitKind.Rate, "fraction", "customer-started sessions", "customer-started sessions answered within ≤ FirstResponseTarget (30 s) ÷ all customer-started sessions; an unanswered one is a miss"),
        Reception(Kpi.SlowReceptions, "慢响应人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions with ≥ SlowResponseCount (3) answered bursts slower than SlowResponseThreshold (120 s), over all their sessions"),
        Reception(Kpi.NoResponseRecords, "3分钟未响应次数", KpiUnitKind.Count, "bursts", "bursts", "bursts answered after more than NoResponseThreshold (3 min), or never answered"),
        Reception(Kpi.LongSessions, "长接待会话数", KpiUnitKind.Count, "sessions", "sessions", "sessions lasting (last − first message) ≥ LongSessionThreshold (30 min)"),
        Reception(Kpi.LongReceptions, "长接待人数", KpiUnitKind.Count, "receptions", "received receptions", "received receptions whose summed session durations are ≥ LongDailyThreshold (60 min)"),
        Reception(Kpi.Messages, "消息数", KpiUnitKind.Count, "messages", "effective out messages", "effective out messages (auto-replies and broadcasts excluded)"),
        Reception(Kpi.Characters, "字数", KpiUnitKind.Count, "characters", "Unicode scalar values", "Unicode scalar values of the effective out messages (👍 is 1)"),
        Reception(Kpi.SessionSecondsAvg, "平均会话时长", KpiUnitKind.Seconds, "seconds", "sessions", "summed session durations (last − first message) ÷ sessions"),
        Reception(Kpi.PeakConcurrency, "最高同时接待数", KpiUnitKind.Count, "sessions", "sessions the period owns", "the most sessions open at one instant (open on [first, last message]); recomputed at each level"),
        Reception(Kpi.PeakConcurrencyByHour, "分时最高同时接待数", KpiUnitKind.Hourly, "sessions", "sessions the period owns", "24 numbers: for each local hour of day, the most sessions open at once inside that hour on any day"),

        // Sales 销售 (domain.md §5, §6): by paidAt; shop and total cover all paid orders, silent ones included.
        Sales(Kpi.Sales, "销售额", KpiUnitKind.Money, "money", "paid orders", "Σ amount of credited paid orders (shop/total: all paid orders)"),
        Sales(Kpi.Items, "销售量", KpiUnitKind.Count, "items", "paid orders", "Σ items of those orders"),
        Sales(Kpi.Buyers, "销售人数", KpiUnitKind.Count, "customer-days", "customer-days (by paidAt)", "distinct customer-days with a credited paid order per account; higher levels sum, plus the silent part"),
        Sales(Kpi.Orders, "订单量", KpiUnitKind.Count, "orders", "paid orders", "paid orders"),
        Sales(Kpi.SalesShare, "个人销售额占比", KpiUnitKind.Rate, "fraction", "credited sales", "account: credited sales ÷ Σ credited sales of the shop's accounts; agent and group: ÷ Σ credited sales of all agents; null for after-sale-only entities", KpiLevels.Shop | KpiLevels.Total),
        Sales(Kpi.SilentSales, "静默销售额", KpiUnitKind.Money, "money", "silent paid orders", "Σ amount of paid orders with no credited account", AccountAgent),
        Sales(Kpi.AgentSales, "客服销售额", KpiUnitKind.Money, "money", "credited paid orders", "the credited part of sales", AccountAgent),
        Sales(Kpi.AgentSalesShare, "客服销售占比", KpiUnitKind.Rate, "fraction", "sales", "agentSales ÷ sales", AccountAgent),

        // Conversion 转化 (domain.md §5 "Outcomes of an inquiry", payment analysis): by the order agent, never by the rule.
        Conversion(Kpi.OrderedSameDay, "当日下单人数", KpiUnitKind.Count, "inquiries", "inquiries", "inquiries whose account is the order agent of an order created the same day"),
        Conversion(Kpi.Ordered, "最终下单人数", KpiUnitKind.Count, "inquiries", "inquiries", "inquiries whose account is the order agent of an order created in the inquiry window"),
        Conversion(Kpi.Paid, "最终付款人数", KpiUnitKind.Count, "inquiries", "inquiries", "ordered inquiries with one of the account's orders paid within PaymentWindow of its creation"),
        Conversion(Kpi.Lost, "询单流失人数", KpiUnitKind.Count, "inquiries", "inquiries", "inquiries with no order in an inquiry window closed as of asOf"),
        Conversion(Kpi.Pending, "未定", KpiUnitKind.Count, "inquiries", "inquiries", "inquiries with no order yet and an inquiry window still open"),
        Conversion(Kpi.AssistsBeforeOrder, "协助下单", KpiUnitKind.Count, "inquiries", "inquiries", "inquiries followed by orders none of which has the account as order agent (they leave the rates' numerators and denominators)"),
        new()
        {
            Key = Kpi.AssistsFollowUp, ChineseName = "协助跟进", Group = KpiGroup.Conversion, Kind = KpiUnitKind.Count, Unit = "customer-days",
            Counts = "customer-days (by paidAt)", DatedBy = KpiDate.PaidAt, RuleDependent = true,
            Formula = "distinct customer-days on which the account sent an effective out message between a paid order's createdAt and paidAt without being its credited account",
        },
        Payment(Kpi.PaymentsOwnOrder, "落实付款(自己的订单)", "paid orders of the payment agent whose order agent is the same account"),
        Payment(Kpi.PaymentsOthersOrder, "落实付款(他人的订单)", "paid orders of the payment agent whose order agent is another account"),
        Payment(Kpi.PaymentsSilentOrder, "落实付款(静默订单)", "paid orders of the payment agent without an order agent"),
        Conversion(Kpi.InquiryToOrderSameDayRate, "询单当日转化率", KpiUnitKind.Rate, "fraction", "inquiries − assistsBeforeOrder", "orderedSameDay ÷ (inquiries − assistsBeforeOrder); null for after-sale-only entities"),
        Conversion(Kpi.InquiryToOrderRate, "询单转化率", KpiUnitKind.Rate, "fraction", "inquiries − assistsBeforeOrder", "ordered ÷ (inquiries − assistsBeforeOrder); null for after-sale-only entities"),
        Conversion(Kpi.InquiryToPaidRate, "询单到最终付款成功率", KpiUnitKind.Rate, "fraction", "inquiries − assistsBeforeOrder", "paid ÷ (inquiries − assistsBeforeOrder); null for after-sale-only entities"),
        Conversion(Kpi.OrderToPaidRate, "下单到付款成功率", KpiUnitKind.Rate, "fraction", "ordered inquiries", "paid ÷ ordered; null for after-sale-only entities"),

        // Basket 客单价: by paidAt.
        Basket(Kpi.Aov, "客单价", KpiUnitKind.Money, "money", "buyers (or orders)", "sales ÷ buyers (AovBasis Buyers), or ÷ orders (AovBasis Orders, the textbook formula)"),
        Basket(Kpi.ItemsPerBuyer, "客件数", KpiUnitKind.Ratio, "items per buyer", "buyers", "items ÷ buyers"),
        Basket(Kpi.PricePerItem, "件均价", KpiUnitKind.Money, "money", "items", "sales ÷ items"),
        Basket(Kpi.SilentAov, "静默客单价", KpiUnitKind.Money, "money", "silent buyers (or orders)", "silentSales ÷ silent buyers (or orders)", AccountAgent),
        Basket(Kpi.AgentAov, "客服客单价", KpiUnitKind.Money, "money", "credited buyers (or orders)", "agentSales ÷ credited buyers (or orders)", AccountAgent),

        // Refunds 退款: to the credited account of the refunded order under the rule.
        Refunds(Kpi.RefundOrders, "退款订单数", KpiUnitKind.Count, "order-days", KpiDate.RefundCreatedAt, "order-days", "distinct order-days with a refund created (any status)"),
        Refunds(Kpi.RefundCustomers, "退款人数", KpiUnitKind.Count, "customer-days", KpiDate.RefundCreatedAt, "customer-days", "distinct customer-days with a refund created (any status)"),
        Refunds(Kpi.RefundAmount, "退款金额", KpiUnitKind.Money, "money", KpiDate.RefundCompletedAt, "successful refunds", "Σ amount of successful refunds completed in the period"),
        Refunds(Kpi.RefundItems, "退款件数", KpiUnitKind.Count, "items", KpiDate.RefundCompletedAt, "successful refunds", "Σ items of successful refunds completed in the period"),
        Refunds(Kpi.CompletedRefunds, "完结退款数", KpiUnitKind.Count, "refunds", KpiDate.RefundCompletedAt, "successful refunds", "refunds with status success completed in the period"),
        Refunds(Kpi.RefundCompletionAvg, "平均退款完结时长", KpiUnitKind.Seconds, "seconds", KpiDate.RefundCompletedAt, "successful refunds", "mean (completedAt − createdAt) of successful refunds completed in the period"),
        Refunds(Kpi.RefundOperations, "退款操作次数", KpiUnitKind.Count, "operations", KpiDate.RefundCreatedAt, "refunds created", "Σ operations of the refunds created in the period"),
        Refunds(Kpi.RefundRate, "退款率", KpiUnitKind.Rate, "fraction", KpiDate.Parts, "paid orders", "refundOrders ÷ orders"),

        // Reviews 中差评: by the review's instant; a review implicates accounts by phase, once each.
        Review(Kpi.NeutralReviews, "中评数", "neutral reviews implicating the account in any phase, once each (shop/total: each review once)"),
        Review(Kpi.NegativeReviews, "差评数", "negative reviews implicating the account in any phase, once each (shop/total: each review once)"),
        Review(Kpi.NegativeReviewsPreSale, "售前差评数", "negative reviews implicating the order's order agent or another order-agent candidate"),
        Review(Kpi.NegativeReviewsInSale, "售中差评数", "negative reviews implicating an account that messaged between createdAt and paidAt (never paid: until the review)"),
        Review(Kpi.NegativeReviewsAfterSale, "售后差评数", "negative reviews implicating an account with an after-sale reception of the customer whose t0 lies in [paidAt, review)"),
        Review(Kpi.NeutralReviewsPreSale, "售前中评数", "neutral reviews implicating the order's order agent or another order-agent candidate"),
        Review(Kpi.NeutralReviewsInSale, "售中中评数", "neutral reviews implicating an account that messaged between createdAt and paidAt (never paid: until the review)"),
        Review(Kpi.NeutralReviewsAfterSale, "售后中评数", "neutral reviews implicating an account with an after-sale reception of the customer whose t0 lies in [paidAt, review)"),

        // Review rates: reviews of every rating, implicating accounts by the same phases.
        ReviewRate(Kpi.Reviews, "订单评价数", KpiUnitKind.Count, "reviews", "reviews of any rating (好/中/差评 of orders, not the satisfaction ratings) implicating the account, once each"),
        ReviewRate(Kpi.GoodReviews, "好评数", KpiUnitKind.Count, "reviews", "good reviews implicating the account, once each"),
        ReviewRate(Kpi.GoodReviewRate, "好评率", KpiUnitKind.Rate, "fraction", "goodReviews ÷ reviews"),
        ReviewRate(Kpi.NegativeReviewRate, "差评率", KpiUnitKind.Rate, "fraction", "negativeReviews ÷ reviews"),

        // Quality: satisfaction votes and complaints, by their own instant.
        Quality(Kpi.SatisfactionRate, "满意率", KpiUnitKind.Rate, "fraction", KpiDate.OwnInstant, "satisfaction votes", "votes with score 4–5 ÷ ratings"),
        Quality(Kpi.Ratings, "满意度评价数", KpiUnitKind.Count, "votes", KpiDate.OwnInstant, "satisfaction votes", "customer satisfaction votes (score 1..5) on the account's service"),
        Quality(Kpi.Complaints, "投诉数", KpiUnitKind.Count, "complaints", KpiDate.OwnInstant, "complaints", "complaints about the account's service"),
        Quality(Kpi.ComplaintRate, "投诉率", KpiUnitKind.Rate, "fraction", KpiDate.Parts, "received receptions", "complaints ÷ received"),
        Quality(Kpi.ComplaintsByReason, "投诉原因分布", KpiUnitKind.Breakdown, "complaints", KpiDate.OwnInstant, "complaints", "an object reason → complaints, keys in ordinal order, an absent or null reason as \"\"; the counts sum to complaints; {} when none"),

        // Transfers 转接 (domain.md §6 "Transfers"): by the local date of the taking-over session's first message.
        Transfer(Kpi.TransfersOut, "转出人数", KpiUnitKind.Count, "customer-days", "customer-days (by the local date of t)", "customers another account of the shop took over from this one: a session of B ≠ A starts at t less than SessionGap after the last message of a session of A that holds an effective out message and ends at or before t; advert sessions take no part"),
        Transfer(Kpi.TransfersIn, "转入人数", KpiUnitKind.Count, "customer-days", "customer-days (by the local date of t)", "customers this account took over from another account of the shop (the same transfers, counted for B)"),
        Transfer(Kpi.TransferRate, "转接率", KpiUnitKind.Rate, "fraction", "received receptions", "transfersOut ÷ received"),

        // Time slots 接待量时段分布: additive across levels.
        TimeSlot(Kpi.ReceptionsByHour, "接待量时段分布", "receptions", "received receptions", "24 numbers: received receptions whose first customer message t0 falls in each local hour of day"),
        TimeSlot(Kpi.CustomerMessagesByHour, "分时咨询消息数", "messages", "kept in messages", "24 numbers: kept in messages of the period's non-advert sessions, each in its own local hour"),

        // Target 指标: month periods only, agent and total levels.
        new()
        {
            Key = Kpi.SalesTarget, ChineseName = "销售指标", Group = KpiGroup.Target, Kind = KpiUnitKind.Money, Unit = "money",
            Counts = "the month", DatedBy = KpiDate.Month, NullAt = KpiLevels.Account | KpiLevels.Shop, MonthPeriodsOnly = true,
            Formula = "the agent's target for the month (salesTargets[\"yyyy-MM\"], else salesTarget); total: Σ of the agents' targets",
        },
        new()
        {
            Key = Kpi.TargetCompletion, ChineseName = "指标完成率", Group = KpiGroup.Target, Kind = KpiUnitKind.Rate, Unit = "fraction",
            Counts = "the month's target", DatedBy = KpiDate.Parts, RuleDependent = true, NullAt = KpiLevels.Account | KpiLevels.Shop, MonthPeriodsOnly = true,
            Formula = "credited sales ÷ salesTarget (total: agentSales ÷ Σ of the agents' targets)",
        },

        // Payroll inputs.
        new()
        {
            Key = Kpi.Postage, ChineseName = "邮费", Group = KpiGroup.PayrollInputs, Kind = KpiUnitKind.Money, Unit = "money",
            Counts = "paid orders", DatedBy = KpiDate.PaidAt, RuleDependent = true,
            Formula = "Σ postage of credited paid orders (shop/total: all paid orders)",
        },
    ];

    /// <summary>The rule-dependent definitions, in report order: the keys repeated per rule under <c>--rule all</c>.</summary>
    public static ImmutableArray<KpiDefinition> RuleDependent { get; } = [.. All.Where(d => d.RuleDependent)];

    private static readonly FrozenDictionary<string, KpiDefinition> ByKey = All.ToFrozenDictionary(d => d.Key, StringComparer.Ordinal);

    /// <summary>The definition of an unsuffixed key, or null.</summary>
    /// <param name="key">A KPI key such as <c>replyRate</c>.</param>
    public static KpiDefinition? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ByKey.GetValueOrDefault(key);
    }

    /// <summary>
    /// The definition of a key as a report holds it: an unsuffixed key (<c>sales</c>, <paramref name="rule"/> null), or a
    /// rule-dependent key with a rule suffix (<c>salesByPayment</c>, <paramref name="rule"/> that rule).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="definition">Its definition.</param>
    /// <param name="rule">The rule of its suffix, or null for an unsuffixed key.</param>
    /// <returns>Whether the key is one a report can hold.</returns>
    public static bool TryResolve(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KpiDefinition? definition, out AttributionRule? rule)
    {
        ArgumentNullException.ThrowIfNull(key);
        rule = null;
        if (ByKey.TryGetValue(key, out definition))
        {
            return true;
        }

        if (AttributionRules.TrySplitSuffix(key, out string unsuffixed, out var r) && ByKey.TryGetValue(unsuffixed, out definition) && definition.RuleDependent)
        {
            rule = r;
            return true;
        }

        definition = null;
        return false;
    }

    /// <summary>Every key a report holds, in order: <see cref="All"/>, then under <c>--rule all</c> each rule's suffixed keys.</summary>
    /// <param name="allRules">Whether the report has the suffixed keys.</param>
    public static IEnumerable<string> ReportKeys(bool allRules)
    {
        foreach (var d in All)
        {
            yield return d.Key;
        }

        if (allRules)
        {
            foreach (var rule in AttributionRules.All)
            {
                foreach (var d in RuleDependent)
                {
                    yield return d.KeyFor(rule);
                }
            }
        }
    }

    private static KpiDefinition Reception(string key, string zh, KpiUnitKind kind, string unit, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Reception, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.SessionDate };

    private static KpiDefinition Sales(string key, string zh, KpiUnitKind kind, string unit, string counts, string formula, KpiLevels nullAt = KpiLevels.None) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Sales, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.PaidAt, RuleDependent = true, NullAt = nullAt };

    private static KpiDefinition Conversion(string key, string zh, KpiUnitKind kind, string unit, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Conversion, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.InquiryDate };

    private static KpiDefinition Payment(string key, string zh, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Conversion, Kind = KpiUnitKind.Count, Unit = "orders", Counts = "paid orders (for the payment agent)", Formula = formula, DatedBy = KpiDate.PaidAt };

    private static KpiDefinition Basket(string key, string zh, KpiUnitKind kind, string unit, string counts, string formula, KpiLevels nullAt = KpiLevels.None) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Basket, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.PaidAt, RuleDependent = true, NullAt = nullAt };

    private static KpiDefinition Refunds(string key, string zh, KpiUnitKind kind, string unit, KpiDate date, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Refunds, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = date, RuleDependent = true };

    private static KpiDefinition Review(string key, string zh, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Reviews, Kind = KpiUnitKind.Count, Unit = "reviews", Counts = "reviews", Formula = formula, DatedBy = KpiDate.OwnInstant };

    private static KpiDefinition ReviewRate(string key, string zh, KpiUnitKind kind, string unit, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.ReviewRates, Kind = kind, Unit = unit, Counts = "reviews", Formula = formula, DatedBy = KpiDate.OwnInstant };

    private static KpiDefinition Quality(string key, string zh, KpiUnitKind kind, string unit, KpiDate date, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Quality, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = date };

    private static KpiDefinition Transfer(string key, string zh, KpiUnitKind kind, string unit, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.Transfers, Kind = kind, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.SessionDate };

    private static KpiDefinition TimeSlot(string key, string zh, string unit, string counts, string formula) =>
        new() { Key = key, ChineseName = zh, Group = KpiGroup.TimeSlots, Kind = KpiUnitKind.Hourly, Unit = unit, Counts = counts, Formula = formula, DatedBy = KpiDate.SessionDate };
}
