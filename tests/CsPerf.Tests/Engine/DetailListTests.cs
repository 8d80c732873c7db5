using CsPerf.Engine;
using NodaTime;
using NodaTime.Text;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Detail lists 明细 (docs/details.md): each row is a fact of the KPI it explains (domain.md §3–§6).</summary>
public class DetailListTests
{
    private static readonly Instant Late = InstantPattern.ExtendedIso.Parse("2027-01-01T00:00:00Z").GetValueOrThrow();

    private static DetailResult Details(Scenario s, DetailList list, string? agent = null, Instant? asOf = null, LocalDate? from = null, LocalDate? to = null, AttributionRule? rule = null) =>
        CsPerfEngine.Details(s.Build(), s.Config, new DetailRequest { List = list, AsOf = asOf ?? Late, Agent = agent, From = from, To = to, Rule = rule });

    private static decimal Total(DetailResult r, string kpi) => r.Totals.Single(t => t.Kpi == kpi).Value;

    [Fact] // §4: unreplied = received receptions without an effective reply; an auto-reply is not one (§2)
    public void Unreplied_ReceptionWithOnlyAnAutoReply_IsListedWithItsFirstMessage()
    {
        var s = new Scenario()
            .In("10:00:00", customer: "c1").Out("10:00:05", "$亲，在的", customer: "c1").In("10:01:00", customer: "c1")
            .In("11:00:00", customer: "c2").Out("11:00:10", customer: "c2");
        var r = Details(s, DetailList.Unreplied);
        var row = Assert.IsType<UnrepliedDetail>(Assert.Single(r.Rows));
        Assert.Equal(("c1", "s1:a", "m00000", "m00002"), (row.Customer, row.Account, row.FirstMessage.Id, row.LastMessage.Id));
        Assert.Equal(Duration.FromMinutes(16), row.Waited); // to the session's end: its last message + SessionGap
        Assert.False(row.Open);
        Assert.Equal(1m, Total(r, "unreplied"));
        Assert.Equal(s.Total().Count("unreplied"), (long)Total(r, "unreplied"));
    }

    [Fact] // §4: a customer still waiting as of the list's instant waited until then (the session is open)
    public void Unreplied_SessionStillOpenAsOf_WaitsUntilAsOf()
    {
        var s = new Scenario().In("10:00:00");
        var r = Details(s, DetailList.Unreplied, asOf: s.At("10:05:00"));
        var row = Assert.IsType<UnrepliedDetail>(Assert.Single(r.Rows));
        Assert.True(row.Open);
        Assert.Equal(Duration.FromMinutes(5), row.Waited);
    }

    [Fact] // §3: slow reception: ≥ 3 answered bursts slower than 120 s; the row lists those bursts with their replies
    public void Slow_ReceptionWithThreeSlowBursts_ListsTheBurstsAndTheirAnswers()
    {
        var s = new Scenario()
            .In("10:00:00").Out("10:02:01")
            .In("10:03:00").Out("10:05:01")
            .In("10:06:00").Out("10:06:30") // fast: not listed
            .In("10:07:00").Out("10:09:01");
        var r = Details(s, DetailList.Slow);
        var row = Assert.IsType<SlowDetail>(Assert.Single(r.Rows));
        Assert.Equal(["m00000>m00001", "m00002>m00003", "m00006>m00007"], row.Bursts.Select(b => b.FirstIn.Id + ">" + b.Answer!.Id));
        Assert.All(row.Bursts, b => Assert.Equal(Duration.FromSeconds(121), b.Response));
        Assert.Equal(1m, Total(r, "slowReceptions"));
    }

    [Fact] // §3: exactly 120 s is not slow: two slow bursts make no slow reception, so no row
    public void Slow_TwoSlowBurstsAndOneAtTheThreshold_IsNoRow()
    {
        var s = new Scenario().In("10:00:00").Out("10:02:01").In("10:03:00").Out("10:05:01").In("10:06:00").Out("10:08:00");
        Assert.Empty(Details(s, DetailList.Slow).Rows);
    }

    [Fact] // §3: a no-response record is a burst answered after > 3 min, or never; exactly 180 s is not one
    public void NoResponse_LateAndUnansweredBursts_AreOneRowEach()
    {
        var s = new Scenario().In("10:00:00").Out("10:03:01").In("10:04:00").Out("10:07:00").In("10:08:00");
        var r = Details(s, DetailList.NoResponse);
        Assert.Equal(2, r.Rows.Length);
        var late = Assert.IsType<NoResponseDetail>(r.Rows[0]);
        Assert.Equal(("m00000", "m00001", Duration.FromSeconds(181)), (late.Burst.FirstIn.Id, late.Burst.Answer!.Id, late.Burst.Response!.Value));
        var never = Assert.IsType<NoResponseDetail>(r.Rows[1]);
        Assert.Equal("m00004", never.Burst.FirstIn.Id);
        Assert.Null(never.Burst.Answer);
        Assert.Null(never.Burst.Response);
        Assert.Equal(s.Total().Count("noResponseRecords"), (long)Total(r, "noResponseRecords"));
    }

    [Fact] // §3: long session ≥ 30 min and long reception (Σ session durations ≥ 60 min): rows say which
    public void Long_SessionsAndReception_AreListedWithTheirKind()
    {
        var s = new Scenario();
        s.In("10:00:00").Out("10:10:00").In("10:20:00").Out("10:30:00");
        s.In("11:00:00").Out("11:10:00").In("11:20:00").Out("11:30:00");
        var r = Details(s, DetailList.Long);
        var rows = r.Rows.Cast<LongDetail>().ToList();
        Assert.Equal(2, rows.Count(x => x.Kind == LongDetailKind.Session));
        var reception = Assert.Single(rows, x => x.Kind == LongDetailKind.Reception);
        Assert.Equal(("m00000", "m00007", 2, Duration.FromHours(1)), (reception.FirstMessage.Id, reception.LastMessage.Id, reception.Sessions, reception.Duration));
        Assert.Equal((2m, 1m), (Total(r, "longSessions"), Total(r, "longReceptions")));
    }

    [Fact] // §1, §6: --agent keeps the rows of the agent's accounts; an unknown agent is refused
    public void Details_Agent_KeepsItsAccountsRows()
    {
        var s = new Scenario().In("10:00:00", account: "s1:a").In("10:00:00", account: "s1:b", customer: "c2");
        Assert.Equal("s1:b", Assert.IsType<UnrepliedDetail>(Assert.Single(Details(s, DetailList.Unreplied, agent: "s1:b").Rows)).Account);
        Assert.Throws<ArgumentException>(() => Details(s, DetailList.Unreplied, agent: "nobody"));
    }

    [Fact] // §6: rows are selected by the date that dates their KPI: a reception by its session's local date
    public void Details_Range_SelectsBySessionDate()
    {
        var s = new Scenario().In("10:00:00");
        s.Date = "2026-11-03";
        s.In("10:00:00");
        var r = Details(s, DetailList.Unreplied, from: new LocalDate(2026, 11, 3), to: new LocalDate(2026, 11, 3));
        Assert.Equal(new LocalDate(2026, 11, 3), Assert.Single(r.Rows).Day);
        Assert.Equal((new LocalDate(2026, 11, 3), new LocalDate(2026, 11, 3)), (r.From!.Value, r.To!.Value));
    }

    private static Instant At(string rfc3339) => OffsetDateTimePattern.ExtendedIso.Parse(rfc3339).GetValueOrThrow().ToInstant();

    /// <summary>s1:a answers c1 before the order (order agent), s1:b reminds c1 to pay (payment agent), then a refund and a negative review.</summary>
    private static (Dataset Data, Scenario S) Sale()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .Order("o1", "10:30:00", "11:00:00", amount: 100m)
            .Out("10:40:00", "亲，记得付款哦", account: "s1:b");
        var refunds = new[] { new Refund("r1", "o1", At("2026-11-03T10:00:00+08:00"), At("2026-11-03T12:00:00+08:00"), 50m, 1, RefundStatus.Success, 2) };
        var reviews = new[] { new Review("o1", At("2026-11-04T10:00:00+08:00"), ReviewRating.Negative) };
        return (Dataset.Create(s.Config, s.Roster, s.Messages, s.Orders, refunds, reviews), s);
    }

    private static DetailResult Details(Dataset data, DetailList list, string? agent = null, AttributionRule? rule = null) =>
        CsPerfEngine.Details(data, CsPerfConfig.Default, new DetailRequest
        {
            List = list, AsOf = Late, Agent = agent, Rule = rule, From = new LocalDate(2026, 11, 1), To = new LocalDate(2026, 11, 30), // the refund and the review come after the last message
        });

    [Fact] // §5: lost = an inquiry whose window closed as of asOf with no order; a pending one is not listed
    public void Lost_InquiryWindowClosedWithoutOrder_IsListedWithItsFirstMessage()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10");
        var row = Assert.IsType<LostDetail>(Assert.Single(Details(s, DetailList.Lost).Rows));
        Assert.Equal(("m00000", "s1:a"), (row.FirstMessage.Id, row.Account));
        Assert.Equal(At("2026-11-04T00:00:00+08:00"), row.WindowClosedAt); // start of D + 1 + InquiryWindowDays
        Assert.Empty(Details(s, DetailList.Lost, asOf: At("2026-11-03T23:59:59+08:00")).Rows); // still pending
        Assert.Equal(s.Total().Count("lost"), (long)Total(Details(s, DetailList.Lost), "lost"));
    }

    [Fact] // §5: a paid order without a credited account is a silent sale; the row shows the customer's last contact
    public void Silent_PaidOrderWithoutCredit_ListsTheLastContact()
    {
        var s = new Scenario("2026-10-20").In("10:00:00").Out("10:00:10"); // long before the credit window
        s.Order("o1", "2026-11-02T10:00:00+08:00", "2026-11-02T10:05:00+08:00", amount: 88m);
        s.Order("o2", "2026-11-02T11:00:00+08:00", "2026-11-02T11:05:00+08:00", amount: 12m, customer: "c9"); // never chatted
        var r = Details(s, DetailList.Silent);
        Assert.Equal(["o1", "o2"], r.Rows.Cast<SilentDetail>().Select(x => x.Order));
        var first = (SilentDetail)r.Rows[0];
        Assert.Equal(("m00001", "s1:a", Direction.Out), (first.LastContact!.Message.Id, first.LastContact.Account, first.LastContact.Direction));
        Assert.Null(((SilentDetail)r.Rows[1]).LastContact);
        Assert.Equal(100m, Total(r, "silentSales"));
        Assert.Equal(s.Total().Money("silentSales"), Total(r, "silentSales"));
    }

    [Fact] // §6 "Refunds": each refund with the credited account under each rule; the list's rule picks the account
    public void Refunds_Refund_NamesTheCreditedAccountUnderEachRule()
    {
        var (data, _) = Sale();
        var row = Assert.IsType<RefundDetail>(Assert.Single(Details(data, DetailList.Refunds).Rows));
        Assert.Equal(("r1", "o1", "s1:a", "s1:b", "s1:a"), (row.Refund, row.Order, row.Credited.Order, row.Credited.Payment, row.Credited.OrderFirst));
        Assert.Equal(("s1:a", true, true), (row.Account, row.InRefundOrders, row.InRefundAmount));
        var byPayment = Details(data, DetailList.Refunds, agent: "s1:b", rule: AttributionRule.Payment);
        Assert.Equal("s1:b", ((RefundDetail)Assert.Single(byPayment.Rows)).Account);
        Assert.Equal((1m, 50m), (Total(byPayment, "refundOrders"), Total(byPayment, "refundAmount")));
        Assert.Empty(Details(data, DetailList.Refunds, agent: "s1:b").Rows); // under OrderFirst s1:a is credited
    }

    [Fact] // §6 "Reviews": a negative review implicates the order agent (pre-sale) and who messaged before payment (in-sale), with the messages
    public void Reviews_NegativeReview_ImplicatesEachPhaseWithTheDecidingMessage()
    {
        var (data, _) = Sale();
        var r = Details(data, DetailList.Reviews);
        var row = Assert.IsType<ReviewDetail>(Assert.Single(r.Rows));
        Assert.Equal(("o1", ReviewRating.Negative, "s1:a"), (row.Order, row.Rating, row.OrderAgent));
        Assert.Equal(ReviewPhases.PreSale | ReviewPhases.InSale, row.Phases);
        var a = row.Implicated.Single(i => i.Account == "s1:a");
        Assert.Equal((ReviewPhases.PreSale, "m00001"), (a.Phases, a.PreSaleMessage!.Id));
        var b = row.Implicated.Single(i => i.Account == "s1:b");
        Assert.Equal((ReviewPhases.InSale, "m00002"), (b.Phases, b.InSaleMessage!.Id));
        Assert.Equal((0m, 1m), (Total(r, "neutralReviews"), Total(r, "negativeReviews")));
        Assert.Single(Details(data, DetailList.Reviews, agent: "s1:b").Rows);
    }
}
