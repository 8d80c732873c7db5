using Xunit;

namespace CsPerf.Tests.Engine;

/// <summary>Transfers 转接: domain.md §6 "Transfers" (SessionGap is 15 min by default).</summary>
public class TransferRulesTests
{
    private static (long Out, long In) Counts(KpiSet k) => (k.Count("transfersOut"), k.Count("transfersIn"));

    [Fact] // §6 "Transfers": B's session starts less than SessionGap after A's answered session ended → A out, B in
    public void Transfer_BStartsWithinGapAfterAnsweredSessionOfA_CountsOutForAInForB()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        var report = s.Report();
        Assert.Equal((1L, 0L), Counts(s.AccountKpis(report, "s1:a")));
        Assert.Equal((0L, 1L), Counts(s.AccountKpis(report, "s1:b")));
        Assert.Equal(1.0, s.AccountKpis(report, "s1:a").Real("transferRate"));
        Assert.Equal(0.0, s.AccountKpis(report, "s1:b").Real("transferRate"));
        var total = report.Periods.Single().Total;
        Assert.Equal((1L, 1L), Counts(total));
        Assert.Equal(0.5, total.Real("transferRate")); // transfersOut ÷ received: 1 ÷ 2
    }

    [Fact] // §6 "Transfers": "less than SessionGap": a start exactly SessionGap after A's last message is no transfer
    public void Transfer_ExactlyAtGap_IsNoTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:15:10", account: "s1:b").Out("10:15:20", account: "s1:b");
        Assert.Equal((0L, 0L), Counts(s.Total()));
    }

    [Fact] // §6 "Transfers": one tick under the gap is a transfer
    public void Transfer_JustUnderGap_IsTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:15:09", account: "s1:b").Out("10:15:20", account: "s1:b");
        Assert.Equal((1L, 1L), Counts(s.Total()));
    }

    [Fact] // §6 "Transfers": A's session must hold an effective out message; auto-replies only → no transfer
    public void Transfer_AutoReplyOnlySessionOfA_IsNoTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:01", "$您好，客服稍后回复", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        Assert.Equal((0L, 0L), Counts(s.Total()));
    }

    [Fact] // §6 "Transfers": A's session must end at or before t; one still running at t is no transfer
    public void Transfer_SessionOfAEndingAfterT_IsNoTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b")
            .Out("10:06:00", account: "s1:a");
        Assert.Equal((0L, 0L), Counts(s.Total()));
    }

    [Fact] // §6 "Transfers": A's session may end exactly at t
    public void Transfer_SessionOfAEndingAtT_IsTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:05:00", account: "s1:a")
            .In("10:05:00", account: "s1:b");
        Assert.Equal((1L, 1L), Counts(s.Total()));
    }

    [Fact] // §6 "Transfers": two accounts of one agent count too; the agent's counts are sums of its accounts'
    public void Transfer_BothAccountsOfOneAgent_CountsAndAgentSums()
    {
        var roster = new Roster(
            [new ShopInfo("s1", "Asia/Shanghai")],
            [new AgentInfo("g1", "小王", [new AccountBinding("s1", "s1:a", AccountRole.Presale), new AccountBinding("s1", "s1:b", AccountRole.Presale)])]);
        var s = new Scenario { Roster = roster }
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        var agent = Assert.Single(s.Report().Periods.Single().Agents);
        Assert.Equal((1L, 1L), Counts(agent.Kpis));
        Assert.Equal(0.5, agent.Kpis.Real("transferRate"));
    }

    [Fact] // §6 "Transfers": advert sessions take no part, neither as A nor as B
    public void Transfer_AdvertSession_TakesNoPart()
    {
        var config = CsPerfConfig.Default with { AdPhrase = "你是广告" };
        var advertA = new Scenario { Config = config }
            .In("10:00:00", account: "s1:a").Out("10:00:10", "你是广告", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        Assert.Equal(1, advertA.Report().Filtered.Advert);
        Assert.Equal((0L, 0L), Counts(advertA.Total()));
        var advertB = new Scenario { Config = config }
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", "你是广告", account: "s1:b");
        Assert.Equal(1, advertB.Report().Filtered.Advert);
        Assert.Equal((0L, 0L), Counts(advertB.Total()));
    }

    [Fact] // §6 "Transfers": distinct customer-days: two transfers of one customer on one day between one pair count once
    public void Transfer_TwiceSameDaySamePair_CountsOnce()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b")
            .In("14:00:00", account: "s1:a").Out("14:00:10", account: "s1:a")
            .In("14:05:00", account: "s1:b").Out("14:05:10", account: "s1:b");
        var report = s.Report();
        Assert.Equal((1L, 0L), Counts(s.AccountKpis(report, "s1:a")));
        Assert.Equal((0L, 1L), Counts(s.AccountKpis(report, "s1:b")));
    }

    [Fact] // §6 "Transfers": two customers are two customer-days; a transfer back is a transfer of its own
    public void Transfer_TwoCustomersAndBack_CountEach()
    {
        var s = new Scenario()
            .In("10:00:00", customer: "c1", account: "s1:a").Out("10:00:10", customer: "c1", account: "s1:a")
            .In("10:05:00", customer: "c1", account: "s1:b").Out("10:14:00", customer: "c1", account: "s1:b")
            .In("10:20:00", customer: "c1", account: "s1:a").Out("10:20:10", customer: "c1", account: "s1:a") // a's new session: back from b
            .In("11:00:00", customer: "c2", account: "s1:a").Out("11:00:10", customer: "c2", account: "s1:a")
            .In("11:01:00", customer: "c2", account: "s1:b");
        var report = s.Report();
        Assert.Equal((2L, 1L), Counts(s.AccountKpis(report, "s1:a")));
        Assert.Equal((1L, 2L), Counts(s.AccountKpis(report, "s1:b")));
    }

    [Fact] // §6 "Transfers": dated by the local date of t, the taking-over session's first message, for A and B alike
    public void Transfer_AcrossMidnight_DatedByT()
    {
        var s = new Scenario()
            .In("23:50:00", account: "s1:a").Out("23:58:00", account: "s1:a")
            .In("2026-11-03T00:05:00+08:00", account: "s1:b");
        var periods = s.Report(by: PeriodGrouping.Day).Periods;
        Assert.Equal(2, periods.Length);
        Assert.Equal((0L, 0L), Counts(periods[0].Total));
        Assert.Equal((1L, 1L), Counts(periods[1].Total));
        Assert.Equal(1, periods[1].Agents.SelectMany(g => g.Accounts).Single(a => a.Account == "s1:a").Kpis.Count("transfersOut"));
    }

    [Fact] // §6 "Transfers" (docs/decisions.md): two accounts handing one customer to B within the gap are two transfers out, one in
    public void Transfer_TwoAccountsQualify_EachCountsOutBCountsInOnce()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:01:00", account: "s1:c").Out("10:01:10", account: "s1:c")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        var report = s.Report();
        Assert.Equal((1L, 0L), Counts(s.AccountKpis(report, "s1:a")));
        Assert.Equal((1L, 1L), Counts(s.AccountKpis(report, "s1:c"))); // c also took the customer over from a
        Assert.Equal((0L, 1L), Counts(s.AccountKpis(report, "s1:b")));
    }

    [Fact] // §6 "Transfers", "Division and rounding": transferRate = transfersOut ÷ received, null when received = 0
    public void TransferRate_NoReceived_IsNull()
    {
        // A writes first (outreach, the customer never writes to A): A has no reception, yet the customer goes to B.
        var s = new Scenario()
            .Out("10:00:00", account: "s1:a")
            .In("10:05:00", account: "s1:b").Out("10:05:10", account: "s1:b");
        var a = s.Account("s1:a");
        Assert.Equal(0, a.Count("received"));
        Assert.Equal(1, a.Count("transfersOut"));
        Assert.Null(a.Real("transferRate"));
    }

    [Fact] // §6 "Transfers": same shop only — a customer is per shop, so accounts of two shops never transfer
    public void Transfer_OtherShop_IsNoTransfer()
    {
        var s = new Scenario()
            .In("10:00:00", account: "s1:a").Out("10:00:10", account: "s1:a")
            .In("10:05:00", account: "s2:b", shop: "s2").Out("10:05:10", account: "s2:b", shop: "s2");
        Assert.Equal((0L, 0L), Counts(s.Total()));
    }
}
