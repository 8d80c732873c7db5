using System.Collections.Immutable;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Receptions and classification: domain.md §4; levels and periods: §1, §6.</summary>
public class ReceptionRulesTests
{
    [Fact] // §4: consulted = the customer wrote; received; replied / unreplied; replyRate
    public void Reception_Counts_ConsultedReceivedRepliedUnreplied()
    {
        var s = new Scenario()
            .In("10:00:00", customer: "c1").Out("10:00:10", customer: "c1")
            .In("10:00:00", customer: "c2")
            .Out("10:00:00", customer: "c3"); // outreach: the customer never wrote
        var t = s.Total();
        Assert.Equal(2, t.Count("consulted"));
        Assert.Equal(2, t.Count("received"));
        Assert.Equal(1, t.Count("replied"));
        Assert.Equal(1, t.Count("unreplied"));
        Assert.Equal(0.5, t.Real("replyRate"));
        Assert.Equal(3, t.Count("sessions"));
    }

    [Fact] // §4: a reception is (account, customer, local date): two sessions one day are one reception
    public void Reception_TwoSessionsSameDay_AreOneReception()
    {
        var t = new Scenario().In("10:00:00").Out("10:00:10").In("15:00:00").Out("15:00:10").Total();
        Assert.Equal(2, t.Count("sessions"));
        Assert.Equal(1, t.Count("received"));
    }

    [Fact] // §4: people counts are customer-days: the same customer on two days counts twice over the range
    public void Reception_SameCustomerTwoDays_CountsTwice()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10");
        s.Date = "2026-11-03";
        s.In("10:00:00").Out("10:00:10");
        Assert.Equal(2, s.Total().Count("received"));
    }

    [Fact] // §4 classification 4: no order context → pre-sale inquiry 询单
    public void Classification_NoOrders_IsInquiry()
    {
        var t = new Scenario().In("10:00:00").Out("10:00:10").Total();
        Assert.Equal((1L, 0L, 0L), (t.Count("inquiries"), t.Count("inSale"), t.Count("afterSale")));
    }

    [Fact] // §4 classification 2: an order created before t0 within PaymentWindow, unpaid at t0 → in-sale 售中
    public void Classification_UnpaidOrderWaiting_IsInSale()
    {
        var s = new Scenario().Order("o1", "2026-11-01T20:00:00+08:00", null).In("10:00:00").Out("10:00:10");
        Assert.Equal(1, s.Total().Count("inSale"));
        var paidLater = new Scenario().Order("o1", "2026-11-01T20:00:00+08:00", "2026-11-02T11:00:00+08:00").In("10:00:00").Out("10:00:10");
        Assert.Equal(1, paidLater.Total().Count("inSale")); // still unpaid at t0
    }

    [Fact] // §4 classification 2: an unpaid order older than PaymentWindow is closed: not in-sale
    public void Classification_UnpaidOrderOlderThanPaymentWindow_IsInquiry()
    {
        var s = new Scenario().Order("o1", "2026-10-29T09:00:00+08:00", null).In("10:00:00").Out("10:00:10");
        Assert.Equal(1, s.Total().Count("inquiries"));
    }

    [Fact] // §4 classification 3: paid within AfterSaleDays before t0 and no new order in the inquiry window → after-sale
    public void Classification_RecentPaidOrderAndNoNewOrder_IsAfterSale()
    {
        var s = new Scenario().Order("o1", "2026-10-25T09:00:00+08:00", "2026-10-25T09:05:00+08:00").In("10:00:00").Out("10:00:10");
        Assert.Equal(1, s.Total().Count("afterSale"));
    }

    [Fact] // §4 classification 3: a new order in the inquiry window makes it a pre-sale inquiry again
    public void Classification_RecentPaidOrderButNewOrderInWindow_IsInquiry()
    {
        var s = new Scenario()
            .Order("o1", "2026-10-25T09:00:00+08:00", "2026-10-25T09:05:00+08:00")
            .Order("o2", "2026-11-03T21:00:00+08:00", null)
            .In("10:00:00").Out("10:00:10");
        var t = s.Report().Periods.Single().Total;
        Assert.Equal(1, t.Count("inquiries"));
    }

    [Fact] // §4 classification 3: a payment older than AfterSaleDays (exact 14 × 24 h) does not make after-sale
    public void Classification_PaidOver14DaysAgo_IsInquiry()
    {
        var s = new Scenario().Order("o1", "2026-10-19T09:00:00+08:00", "2026-10-19T09:59:59+08:00").In("10:00:00").Out("10:00:10");
        Assert.Equal(1, s.Total().Count("inquiries"));
    }

    [Fact] // §4 classification 1: every reception on an after-sale account is after-sale
    public void Classification_AftersaleAccount_IsAfterSale()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Aftersale)])]);
        var s = new Scenario { Roster = roster }.In("10:00:00").Out("10:00:10");
        var t = s.Total();
        Assert.Equal((0L, 0L, 1L), (t.Count("inquiries"), t.Count("inSale"), t.Count("afterSale")));
        Assert.Equal(1.0, t.Real("replyRate"));
    }

    [Fact] // §1: an agent's KPIs are computed over its accounts; shop and total sum their parts
    public void Levels_AgentShopTotal_SumAccounts()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("a1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Presale), new AccountBinding("s1", "s1:b", AccountRole.Presale)])]);
        var s = new Scenario { Roster = roster }
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:00:00", account: "s1:b").Out("10:00:30", account: "s1:b");
        var period = s.Report().Periods.Single();
        var agent = Assert.Single(period.Agents);
        Assert.Equal("小王", agent.Name);
        Assert.Equal(2, agent.Accounts.Length);
        Assert.Equal(2, agent.Kpis.Count("received")); // the same customer on two accounts is two receptions
        Assert.Equal(20.0, agent.Kpis.Real("responseAvg"));
        Assert.Equal(2, agent.Kpis.Count("peakConcurrency"));
        Assert.Equal(1, agent.Accounts[0].Kpis.Count("peakConcurrency"));
        Assert.Equal(2, period.Shops.Single().Kpis.Count("received"));
        Assert.Equal(2, period.Total.Count("received"));
    }

    [Fact] // §1: without a roster every account is its own presale agent (id = name = account id)
    public void Levels_NoRoster_AccountIsItsOwnAgent()
    {
        var period = new Scenario().In("10:00:00").Out("10:00:10").Report().Periods.Single();
        var agent = Assert.Single(period.Agents);
        Assert.Equal(("s1:a", "s1:a"), (agent.Agent, agent.Name));
    }

    [Fact] // §1: days are local dates of the shop's zone, across a daylight-saving change (Europe/Berlin, 2026-10-25)
    public void Periods_DaylightSavingZone_DayBoundariesFollowLocalMidnight()
    {
        var s = new Scenario(date: "2026-10-25", offset: "+01:00") { Roster = Scenario.RosterOf(("s1", "Europe/Berlin")) };
        // 23:30 local on the 25th (after the clocks went back) and 00:10 local on the 26th: two dates.
        s.In("23:30:00").Out("23:30:10");
        s.In("2026-10-26T00:10:00+01:00", customer: "c2").Out("2026-10-26T00:10:05+01:00", customer: "c2");
        // 00:30 local on the 25th was still summer time (+02:00) and is the 25th.
        s.In("2026-10-25T00:30:00+02:00", customer: "c3").Out("2026-10-25T00:30:05+02:00", customer: "c3");
        var report = s.Report(PeriodGrouping.Day);
        Assert.Equal(2, report.Periods.Length);
        Assert.Equal(new LocalDate(2026, 10, 25), report.Periods[0].From);
        Assert.Equal(2, report.Periods[0].Total.Count("received"));
        Assert.Equal(1, report.Periods[1].Total.Count("received"));
        Assert.Equal(1, report.Periods[0].Total["peakConcurrencyByHour"].Hourly[23]);
        Assert.Equal(1, report.Periods[0].Total["peakConcurrencyByHour"].Hourly[0]);
    }

    [Fact] // §6: ISO weeks and calendar months are clipped to the range
    public void Periods_WeekAndMonth_ClippedToRange()
    {
        var s = new Scenario(date: "2026-11-27").In("10:00:00").Out("10:00:10");
        s.Date = "2026-12-02";
        s.In("10:00:00").Out("10:00:10");
        var weeks = s.Report(PeriodGrouping.Week).Periods;
        Assert.Equal([(new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 29)), (new LocalDate(2026, 11, 30), new LocalDate(2026, 12, 2))],
            weeks.Select(p => (p.From, p.To)).ToArray());
        var months = s.Report(PeriodGrouping.Month).Periods;
        Assert.Equal([(new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 30)), (new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 2))],
            months.Select(p => (p.From, p.To)).ToArray());
    }

    [Fact] // §1: --from/--to only choose the reported periods; the engine still sees everything
    public void Periods_FromTo_ChooseReportedPeriods()
    {
        var s = new Scenario().In("23:50:00").Out("23:51:00").In("2026-11-03T00:02:00+08:00").Out("2026-11-03T00:02:30+08:00");
        var report = s.Report(PeriodGrouping.Day, from: new LocalDate(2026, 11, 3), to: new LocalDate(2026, 11, 3));
        var only = Assert.Single(report.Periods);
        Assert.Equal(0, only.Total.Count("sessions")); // the session belongs to the 2nd
    }

    [Fact] // §6 maturity: a period is final once asOf passes D + 1 + InquiryWindowDays + PaymentWindow
    public void Maturity_ProvisionalFrom_FirstOpenDate()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10");
        // Date 2026-11-02: inquiry outcomes final at 11-04 00:00 local; payment outcomes at 11-07 00:00 (+08:00).
        var open = s.Report(asOf: "2026-11-06T15:59:59Z").Periods.Single();
        Assert.False(open.Final);
        Assert.Equal(new LocalDate(2026, 11, 2), open.ProvisionalFrom);
        var closed = s.Report(asOf: "2026-11-06T16:00:00Z").Periods.Single();
        Assert.True(closed.Final);
        Assert.Null(closed.ProvisionalFrom);
    }

    [Fact] // §6 as of: data after asOf is ignored
    public void AsOf_LaterMessages_Ignored()
    {
        var s = new Scenario().In("10:00:00").Out("10:00:10").In("12:00:00", customer: "c2");
        Assert.Equal(1, s.Total(asOf: "2026-11-02T03:00:00Z").Count("received"));
    }

    [Fact] // §5 invariant 8: ratios over nothing are null, never NaN
    public void Ratios_OverNothing_AreNull()
    {
        var t = new Scenario().Out("10:00:00").Total();
        foreach (string key in new[] { "replyRate", "firstResponseAvg", "responseAvg", "firstResponseHitRate" })
        {
            Assert.True(t[key].IsNull, key);
        }

        Assert.Equal(0.0, t.Real("sessionSecondsAvg"));
    }
}
