using System.Collections.Immutable;
using CsPerf.Engine;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Engine.Views;

// Issue 9 "Ranking view": agents ranked by any KPI, ties broken as domain.md §7 "Ranking" (value in its order, then
// gross sales descending, then agent id ascending), ranks 1…n all distinct, nulls last.
public class RankingTests
{
    private static AgentReport Agent(string id, KpiValue value, string key, decimal sales) =>
        new(id, id.ToUpperInvariant(), new KpiSet(key == Kpi.Sales ? [new(key, value)] : [new(key, value), new(Kpi.Sales, KpiValue.FromMoney(sales))]), []);

    private static PeriodReport Period(params AgentReport[] agents) =>
        new(new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30), true, null, new KpiSet([]), [], [.. agents]);

    private static string[] Order(PeriodRanking r) => [.. r.Entries.Select(e => e.Agent)];

    [Fact] // §7 "Ranking": equal values → gross sales descending → agent id ascending (ordinal)
    public void Ranking_TiesBrokenPerSection7_BySalesThenAgentId()
    {
        var p = Period(
            Agent("b", KpiValue.FromCount(5), Kpi.Received, 100m),
            Agent("a", KpiValue.FromCount(5), Kpi.Received, 100m),
            Agent("c", KpiValue.FromCount(5), Kpi.Received, 300m),
            Agent("d", KpiValue.FromCount(9), Kpi.Received, 0m));
        var r = Ranking.Rank(p, Kpi.Received);
        Assert.Equal(["d", "c", "a", "b"], Order(r));
        Assert.Equal([1, 2, 3, 4], r.Entries.Select(e => e.Rank));
    }

    [Theory] // issue 9: a KPI with no value ranks after every value, whichever the order
    [InlineData(null)]
    [InlineData(RankOrder.Ascending)]
    [InlineData(RankOrder.Descending)]
    public void Ranking_NullsRankLast_InEitherOrder(RankOrder? order)
    {
        var p = Period(
            Agent("a", KpiValue.Null, Kpi.ReplyRate, 0m),
            Agent("b", KpiValue.FromReal(0.5), Kpi.ReplyRate, 0m),
            Agent("c", KpiValue.FromReal(0.9), Kpi.ReplyRate, 0m));
        var r = Ranking.Rank(p, Kpi.ReplyRate, order);
        Assert.Equal("a", r.Entries[^1].Agent);
        Assert.True(r.Entries[^1].Value.IsNull);
        Assert.Equal(3, r.Entries[^1].Rank);
    }

    [Fact] // issue 9: lower is better for response times: the fastest agent is rank 1
    public void Ranking_LowerIsBetter_FirstResponseAvgRanksFastestFirst()
    {
        var p = Period(
            Agent("slow", KpiValue.FromReal(90), Kpi.FirstResponseAvg, 0m),
            Agent("fast", KpiValue.FromReal(12.5), Kpi.FirstResponseAvg, 0m));
        var r = Ranking.Rank(p, Kpi.FirstResponseAvg);
        Assert.Equal(RankOrder.Ascending, r.Order);
        Assert.Equal(["fast", "slow"], Order(r));
        Assert.Equal(["slow", "fast"], Order(Ranking.Rank(p, Kpi.FirstResponseAvg, RankOrder.Descending)));
    }

    [Fact] // issue 9: higher is better for sales and replyRate: the highest is rank 1
    public void Ranking_HigherIsBetter_SalesRanksHighestFirst()
    {
        var p = Period(Agent("x", KpiValue.FromMoney(10m), Kpi.Sales, 10m), Agent("y", KpiValue.FromMoney(20m), Kpi.Sales, 20m));
        Assert.Equal(["y", "x"], Order(Ranking.Rank(p, Kpi.Sales)));
        Assert.Equal(["x", "y"], Order(Ranking.Rank(p, Kpi.Sales, RankOrder.Ascending)));
    }

    [Theory] // the catalogue says which way is better (docs/decisions.md "Ranking direction")
    [InlineData(Kpi.Sales, KpiBetter.Higher)]
    [InlineData(Kpi.ReplyRate, KpiBetter.Higher)]
    [InlineData(Kpi.FirstResponseAvg, KpiBetter.Lower)]
    [InlineData(Kpi.ResponseAvg, KpiBetter.Lower)]
    [InlineData(Kpi.Unreplied, KpiBetter.Lower)]
    [InlineData(Kpi.SlowReceptions, KpiBetter.Lower)]
    [InlineData(Kpi.NegativeReviews, KpiBetter.Lower)]
    [InlineData(Kpi.RefundAmount, KpiBetter.Lower)]
    [InlineData(Kpi.SessionSecondsAvg, KpiBetter.None)]
    [InlineData(Kpi.ReceptionsByHour, KpiBetter.None)]
    public void KpiCatalogue_Better_SaysWhichWayIsBetter(string key, KpiBetter better) =>
        Assert.Equal(better, KpiDefinitions.Find(key)!.Better);

    [Fact] // issue 9: hourly keys hold 24 numbers and cannot be ranked
    public void Ranking_HourlyKey_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Ranking.Rank(Period(), Kpi.PeakConcurrencyByHour));

    [Fact] // a suffixed key ranks under its own rule; its sales tie-break is the same rule's sales
    public void Ranking_SuffixedKey_BreaksTiesOnSalesOfTheSameRule()
    {
        string key = "orders" + AttributionRules.Suffix(AttributionRule.Payment);
        string sales = "sales" + AttributionRules.Suffix(AttributionRule.Payment);
        AgentReport A(string id, decimal s) => new(id, id, new KpiSet([new(key, KpiValue.FromCount(1)), new(sales, KpiValue.FromMoney(s)), new(Kpi.Sales, KpiValue.FromMoney(100m - s))]), []);
        var r = Ranking.Rank(Period(A("a", 1m), A("b", 2m)), key);
        Assert.Equal(["b", "a"], Order(r));
    }

    [Fact] // a report without --rule all does not hold suffixed keys
    public void Ranking_SuffixedKeyWithoutAllRules_IsRefused()
    {
        var report = new Report(Instant.FromUtc(2026, 12, 1, 0, 0), AttributionRule.OrderFirst, false, PeriodGrouping.All, [Period()], FilteredCounts.None, 0, [], []);
        Assert.Throws<ArgumentException>(() => Ranking.Rank(report, "salesByPayment"));
    }
}
