using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Attribution 业绩判定 and inquiry outcomes: domain.md §5; sales, basket, levels: §6.</summary>
public class AttributionRulesTests
{
    private static Scenario Chat() => new();

    [Fact] // §5 order agent 落实下单客服: latest effective out message in the credit window, in a consulted reception
    public void OrderAgent_LatestReplyInConsultedReception_IsCredited()
    {
        var s = Chat()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b")
            .Order("o1", "10:30:00", "10:31:00", amount: 199m);
        var r = s.Report();
        Assert.Equal(199m, s.AccountKpis(r, "s1:b").Money("sales"));
        Assert.Equal(0m, s.AccountKpis(r, "s1:a").Money("sales"));
        Assert.Equal(1, s.AccountKpis(r, "s1:b").Count("ordered"));
        Assert.Equal(1, s.AccountKpis(r, "s1:a").Count("assistsBeforeOrder"));
    }

    [Fact] // §5 credit window: an inquiry on D − 1 counts (当日或次日下单都为成功)
    public void CreditWindow_InquiryPreviousDay_Counts()
    {
        var s = Chat().In("22:00:00").Out("22:00:10").Order("o1", "2026-11-03T09:00:00+08:00", "2026-11-03T09:01:00+08:00");
        Assert.Equal(100m, s.Report().Periods.Single().Total.Money("agentSales"));
    }

    [Fact] // §5 credit window: an inquiry on D − 2 is outside: the order is silent 静默下单
    public void CreditWindow_InquiryTwoDaysBefore_IsSilent()
    {
        var s = Chat().In("22:00:00").Out("22:00:10").Order("o1", "2026-11-04T09:00:00+08:00", "2026-11-04T09:01:00+08:00");
        var t = s.Report().Periods.Single().Total;
        Assert.Equal(100m, t.Money("silentSales"));
        Assert.Equal(0m, t.Money("agentSales"));
        Assert.Equal(100m, t.Money("sales"));
    }

    [Fact] // §5: the order agent needs a consulted reception; a payment reminder 催付 still makes a payment agent
    public void PaymentAgent_ReminderWithoutCustomerReply_CountsForPaymentOnly()
    {
        var s = Chat().Order("o1", "10:00:00", "12:00:00").Out("11:00:00", "亲，记得付款哦", account: "s1:a");
        Assert.Equal(0m, s.AccountKpis(s.Report(rule: AttributionRule.Order), "s1:a").Money("sales"));
        Assert.Equal(100m, s.AccountKpis(s.Report(rule: AttributionRule.Payment), "s1:a").Money("sales"));
        Assert.Equal(100m, s.AccountKpis(s.Report(rule: AttributionRule.OrderFirst), "s1:a").Money("sales"));
        Assert.Equal(1, s.AccountKpis(s.Report(), "s1:a").Count("paymentsSilentOrder"));
    }

    [Fact] // §5 rules: Order 下单判定 → order agent; Payment 付款判定 → payment agent; OrderFirst 下单优先判定 → order agent
    public void Rules_OrderPaymentOrderFirst_CreditTheirAgents()
    {
        var s = Chat()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .Order("o1", "10:30:00", "15:00:00")
            .Out("14:00:00", "亲，付款了吗", account: "s1:b");
        Assert.Equal(100m, s.AccountKpis(s.Report(rule: AttributionRule.Order), "s1:a").Money("sales"));
        Assert.Equal(100m, s.AccountKpis(s.Report(rule: AttributionRule.Payment), "s1:b").Money("sales"));
        Assert.Equal(100m, s.AccountKpis(s.Report(rule: AttributionRule.OrderFirst), "s1:a").Money("sales"));
        var r = s.Report();
        Assert.Equal(1, s.AccountKpis(r, "s1:b").Count("paymentsOthersOrder"));
        Assert.Equal(1, s.AccountKpis(r, "s1:b").Count("assistsFollowUp")); // b messaged between order and payment
        Assert.Equal(0, s.AccountKpis(r, "s1:a").Count("assistsFollowUp"));
    }

    [Fact] // §5 payment analysis: the payment agent's own order
    public void PaymentAnalysis_SameAgent_IsOwnOrder()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00");
        Assert.Equal(1, s.AccountKpis(s.Report(), "s1:a").Count("paymentsOwnOrder"));
    }

    [Fact] // §5: "latest" is the greatest (instant, message id)
    public void OrderAgent_SameInstant_GreatestMessageIdWins()
    {
        var s = Chat()
            .In("10:00:00", account: "s1:a").In("10:00:00", account: "s1:b")
            .Out("10:00:10", account: "s1:b")   // m00002
            .Out("10:00:10", account: "s1:a")   // m00003: same instant, greater id
            .Order("o1", "10:30:00", "10:31:00");
        Assert.Equal(100m, s.AccountKpis(s.Report(), "s1:a").Money("sales"));
    }

    [Fact] // §5: messages of advert sessions are never candidates
    public void OrderAgent_AdvertSession_IsNotACandidate()
    {
        var s = new Scenario { Config = CsPerfConfig.Default with { AdPhrase = "你是广告" } }
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", "你是广告", account: "s1:b")
            .Order("o1", "10:30:00", "10:31:00");
        var r = s.Report();
        Assert.Equal(100m, s.AccountKpis(r, "s1:a").Money("sales"));
    }

    [Fact] // §5: orders and messages of different shops never mix
    public void Attribution_OtherShopSameCustomerId_DoesNotMix()
    {
        var s = Chat().In("10:00:00", shop: "s2", account: "s2:a").Out("10:00:10", shop: "s2", account: "s2:a").Order("o1", "10:30:00", "10:31:00", shop: "s1");
        var t = s.Report().Periods.Single().Total;
        Assert.Equal(100m, t.Money("silentSales"));
    }

    [Fact] // §5 outcomes: ordered, orderedSameDay, paid within PaymentWindow (inclusive)
    public void Outcomes_OrderedSameDayAndPaidWithin3Days()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "2026-11-05T10:30:00+08:00");
        var k = s.AccountKpis(s.Report(), "s1:a");
        Assert.Equal((1L, 1L, 1L), (k.Count("orderedSameDay"), k.Count("ordered"), k.Count("paid")));
        Assert.Equal(1.0, k.Real("inquiryToOrderRate"));
        Assert.Equal(1.0, k.Real("inquiryToPaidRate"));
        Assert.Equal(1.0, k.Real("orderToPaidRate"));
    }

    [Fact] // §5 outcomes: paid after PaymentWindow is ordered but not paid; next-day order is ordered, not same day
    public void Outcomes_PaidAfterWindow_NotPaid_NextDay_NotSameDay()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "2026-11-03T09:00:00+08:00", "2026-11-06T09:00:01+08:00");
        var k = s.AccountKpis(s.Report(), "s1:a");
        Assert.Equal((0L, 1L, 0L), (k.Count("orderedSameDay"), k.Count("ordered"), k.Count("paid")));
    }

    [Fact] // §5 outcomes: lost once the inquiry window closed as of asOf; pending while open
    public void Outcomes_NoOrder_LostAfterWindow_PendingBefore()
    {
        var s = Chat().In("10:00:00").Out("10:00:10");
        Assert.Equal(1, s.Total(asOf: "2026-11-03T16:00:00Z").Count("lost"));       // 11-04 00:00 +08:00
        Assert.Equal(1, s.Total(asOf: "2026-11-03T15:59:59Z").Count("pending"));
        Assert.Equal(0, s.Total(asOf: "2026-11-03T15:59:59Z").Count("lost"));
    }

    [Fact] // §5: assists leave the assisting account's numerator and denominator (协助不影响转化率)
    public void Outcomes_Assist_LeavesRateBase()
    {
        var s = Chat()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:01:00", account: "s1:b").Out("10:01:10", account: "s1:b")
            .Order("o1", "10:30:00", "10:31:00")
            .In("11:00:00", customer: "c2", account: "s1:a").Out("11:00:10", customer: "c2", account: "s1:a");
        var k = s.AccountKpis(s.Report(), "s1:a");
        Assert.Equal(2, k.Count("inquiries"));
        Assert.Equal(1, k.Count("assistsBeforeOrder"));
        Assert.Equal(0.0, k.Real("inquiryToOrderRate")); // 0 ordered of 2 − 1
    }

    [Fact] // §5: only paid orders carry sales
    public void Sales_UnpaidOrder_CarriesNoSales()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", null);
        var t = s.Report().Periods.Single().Total;
        Assert.Equal(0m, t.Money("sales"));
        Assert.Equal(1, t.Count("ordered"));
    }

    [Fact] // §4/§5: after-sale accounts are never credited; their conversion rates and shares are null
    public void AftersaleAccount_NeverCredited_RatesNull()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("a1", "售后", [new AccountBinding("s1", "s1:a", AccountRole.Aftersale)])]);
        var s = new Scenario { Roster = roster }.In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00");
        var r = s.Report();
        var k = s.AccountKpis(r, "s1:a");
        Assert.Equal(0m, k.Money("sales"));
        Assert.True(k["inquiryToOrderRate"].IsNull);
        Assert.True(k["salesShare"].IsNull);
        Assert.Equal(100m, r.Periods.Single().Total.Money("silentSales"));
    }

    [Fact] // §6 basket: aov = sales ÷ buyers (customer-days); pricePerItem = sales ÷ items
    public void Basket_AovByBuyers_TwoOrdersOneBuyerDay()
    {
        var s = Chat().In("10:00:00").Out("10:00:10")
            .Order("o1", "10:30:00", "10:31:00", amount: 100m, items: 1)
            .Order("o2", "10:40:00", "10:41:00", amount: 50m, items: 2);
        var k = s.AccountKpis(s.Report(), "s1:a");
        Assert.Equal(1, k.Count("buyers"));
        Assert.Equal(150m, k.Money("aov"));
        Assert.Equal(50m, k.Money("pricePerItem"));
        var byOrders = new Scenario { Config = CsPerfConfig.Default with { AovBasis = AovBasis.Orders } }.In("10:00:00").Out("10:00:10")
            .Order("o1", "10:30:00", "10:31:00", amount: 100m).Order("o2", "10:40:00", "10:41:00", amount: 50m);
        Assert.Equal(75m, byOrders.AccountKpis(byOrders.Report(), "s1:a").Money("aov"));
    }

    [Fact] // §6 levels: salesShare of an account is its share of the shop's credited sales; null at shop level
    public void Levels_SalesShare_AccountOfShop()
    {
        var s = Chat()
            .In("10:00:00", customer: "c1", account: "s1:a").Out("10:00:10", customer: "c1", account: "s1:a").Order("o1", "10:30:00", "10:31:00", customer: "c1", amount: 300m)
            .In("10:00:00", customer: "c2", account: "s1:b").Out("10:00:10", customer: "c2", account: "s1:b").Order("o2", "10:30:00", "10:31:00", customer: "c2", amount: 100m);
        var r = s.Report();
        Assert.Equal(0.75, s.AccountKpis(r, "s1:a").Real("salesShare"));
        Assert.True(r.Periods.Single().Shops.Single().Kpis["salesShare"].IsNull);
        Assert.Equal(1.0, r.Periods.Single().Total.Real("agentSalesShare"));
    }

    [Fact] // §6 refunds: attributed to the credited account of the refunded order, dated by created/completed
    public void Refunds_AttributedToCreditedAccount()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00", amount: 200m, items: 2);
        var data = Dataset.Create(s.Config, null, s.Messages, s.Orders,
            refunds: [new Refund("r1", "o1", s.At("12:00:00"), s.At("13:00:00"), 100m, 1, RefundStatus.Success, 2)]);
        var r = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0) });
        var k = r.Periods.Single().Agents.Single().Accounts.Single().Kpis;
        Assert.Equal((1L, 1L, 1L, 2L), (k.Count("refundOrders"), k.Count("refundCustomers"), k.Count("completedRefunds"), k.Count("refundOperations")));
        Assert.Equal(100m, k.Money("refundAmount"));
        Assert.Equal(3600.0, k.Real("refundCompletionAvg"));
        Assert.Equal(1.0, k.Real("refundRate"));
    }

    [Fact] // §6 "Refunds": refundOrders = distinct order-days: two days count twice in a month, twice on one day once
    public void Refunds_RefundOrders_CountDistinctOrderDays()
    {
        var s = Chat().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00", amount: 200m, items: 2);
        var data = Dataset.Create(s.Config, null, s.Messages, s.Orders,
            refunds:
            [
                new Refund("r1", "o1", s.At("12:00:00"), null, 50m, 1, RefundStatus.Pending, 1),
                new Refund("r2", "o1", s.At("15:00:00"), null, 50m, 1, RefundStatus.Closed, 1),
                new Refund("r3", "o1", s.At("12:00:00").Plus(Duration.FromDays(1)), null, 50m, 1, RefundStatus.Pending, 1),
            ]);
        var asOf = Instant.FromUtc(2027, 1, 1, 0, 0);
        var first = NodaTime.Text.LocalDatePattern.Iso.Parse(s.Date).Value;
        var month = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = asOf, By = PeriodGrouping.All, From = first, To = first.PlusDays(1) });
        var days = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = asOf, By = PeriodGrouping.Day, From = first, To = first.PlusDays(1) });
        Assert.Equal(2L, month.Periods.Single().Total.Count("refundOrders"));
        Assert.Equal([1L, 1L], days.Periods.Select(p => p.Total.Count("refundOrders")));
        Assert.Equal(3L, month.Periods.Single().Total.Count("refundOperations"));
    }

    [Fact] // §6 reviews: pre-sale phase implicates the order agent and the other candidates; shop counts the review once
    public void Reviews_PreSalePhase_ImplicatesOrderAgentAndAssists()
    {
        var s = Chat()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:01:00", account: "s1:b").Out("10:01:10", account: "s1:b")
            .Order("o1", "10:30:00", "10:31:00");
        var data = Dataset.Create(s.Config, null, s.Messages, s.Orders, reviews: [new Review("o1", s.At("2026-11-05T10:00:00+08:00"), ReviewRating.Negative)]);
        var r = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0), To = new LocalDate(2026, 11, 30) });
        var p = r.Periods.Single();
        foreach (var account in p.Agents.SelectMany(g => g.Accounts))
        {
            Assert.Equal(1, account.Kpis.Count("negativeReviewsPreSale"));
        }

        Assert.Equal(1, p.Total.Count("negativeReviews"));
        Assert.Equal(1, p.Total.Count("negativeReviewsPreSale"));
    }

    [Fact] // §6 review rates: reviews of any rating implicate accounts by the same phases; an agent and the total count each review once
    public void ReviewRates_GoodNeutralNegative_CountOncePerAccountAgentAndTotal()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [
                new AgentInfo("g1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Presale), new AccountBinding("s1", "s1:b", AccountRole.Presale)], null),
                new AgentInfo("g2", "小李", [new AccountBinding("s1", "s1:c", AccountRole.Presale)], null),
            ]);
        var s = new Scenario { Roster = roster }
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:01:00", account: "s1:b").Out("10:01:10", account: "s1:b")
            .Order("o1", "10:30:00", "15:00:00")
            .Out("14:00:00", "亲，付款了吗", account: "s1:c");
        var day = "2026-11-05T10:00:00+08:00";
        var data = Dataset.Create(s.Config, roster, s.Messages, s.Orders, reviews:
        [
            new Review("o1", s.At(day), ReviewRating.Good),
            new Review("o1", s.At(day), ReviewRating.Neutral),
            new Review("o1", s.At(day), ReviewRating.Negative),
        ]);
        var r = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0), To = new LocalDate(2026, 11, 30) });
        var p = r.Periods.Single();
        foreach (var k in p.Agents.SelectMany(g => g.Accounts).Select(a => a.Kpis).Concat(p.Agents.Select(g => g.Kpis)).Append(p.Total))
        {
            Assert.Equal((3L, 1L, 1L), (k.Count("reviews"), k.Count("goodReviews"), k.Count("negativeReviews")));
            Assert.Equal(1.0 / 3, k.Real("goodReviewRate"));
            Assert.Equal(1.0 / 3, k.Real("negativeReviewRate"));
        }

        Assert.Equal(3L, p.Shops.Single().Kpis.Count("reviews"));
    }

    [Fact] // §6 review rates: a review implicating no account counts at shop/total only; no reviews → rates are null (0/0)
    public void ReviewRates_ReviewImplicatingNobody_CountsAtShopOnly_RatesNullWithoutReviews()
    {
        var s = Chat().In("10:00:00", customer: "c2").Out("10:00:10", customer: "c2").Order("o1", "10:30:00", "10:31:00");
        var data = Dataset.Create(s.Config, null, s.Messages, s.Orders, reviews: [new Review("o1", s.At("2026-11-05T10:00:00+08:00"), ReviewRating.Good)]);
        var r = CsPerf.Engine.CsPerfEngine.Report(data, s.Config, new ReportRequest { AsOf = Instant.FromUtc(2027, 1, 1, 0, 0), To = new LocalDate(2026, 11, 30) });
        var p = r.Periods.Single();
        var account = p.Agents.Single().Accounts.Single().Kpis;
        Assert.Equal((0L, 0L), (account.Count("reviews"), account.Count("goodReviews")));
        Assert.Null(account.Real("goodReviewRate"));
        Assert.Null(account.Real("negativeReviewRate"));
        Assert.Equal((1L, 1L), (p.Total.Count("reviews"), p.Total.Count("goodReviews")));
        Assert.Equal(1.0, p.Total.Real("goodReviewRate"));
        Assert.Equal(0.0, p.Total.Real("negativeReviewRate"));
    }

    [Fact] // §6 targets: only for a whole calendar month; targetCompletion = sales ÷ target
    public void Targets_MonthPeriod_Completion()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Presale)], 1000m)]);
        var s = new Scenario { Roster = roster }.In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00", amount: 250m);
        var month = s.Report(from: new LocalDate(2026, 11, 1), to: new LocalDate(2026, 11, 30)).Periods.Single();
        Assert.Equal(1000m, month.Agents.Single().Kpis.Money("salesTarget"));
        Assert.Equal(0.25, month.Agents.Single().Kpis.Real("targetCompletion"));
        Assert.Equal(0.25, month.Total.Real("targetCompletion"));
        Assert.True(month.Agents.Single().Accounts.Single().Kpis["salesTarget"].IsNull);
        var partial = s.Report().Periods.Single();
        Assert.True(partial.Agents.Single().Kpis["salesTarget"].IsNull);
    }

    [Fact] // §6: under --rule all the rule-dependent keys repeat with ByOrder / ByPayment / ByOrderFirst
    public void AllRules_SuffixedKeys_Present()
    {
        var s = Chat().Order("o1", "10:00:00", "12:00:00").Out("11:00:00", "催付", account: "s1:a");
        var k = s.AccountKpis(s.Report(allRules: true), "s1:a");
        Assert.Equal(0m, k.Money("salesByOrder"));
        Assert.Equal(100m, k.Money("salesByPayment"));
        Assert.Equal(100m, k.Money("salesByOrderFirst"));
        Assert.Equal(100m, k.Money("sales"));
        Assert.True(k.Contains("assistsFollowUpByPayment"));
    }
}
