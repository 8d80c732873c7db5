using CsPerf.Engine;
using CsPerf.Engine.Payroll;
using NodaTime;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Ranking 排名奖惩: domain.md §7 "Ranking".</summary>
public class RankingRulesTests
{
    /// <summary>A plan scoring inquiryToPaidRate linearly 0 → 1, a 2% linear commission and Chitu's default ranking.</summary>
    private static PayrollPlan Ranked(RankingPlan? ranking = null) =>
        WithPerformance(0, KpiLinear("inquiryToPaidRate", 100, 0, 1)) with
        {
            Commission = new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.02m },
            Ranking = ranking ?? new RankingPlan(),
        };

    private static PayrollAgent A(string id, double rate, decimal sales) => Agent(id, ("inquiryToPaidRate", rate), ("sales", sales));

    [Fact] // §7: ranks 1…n all distinct: total score desc, then gross sales desc, then agent id ascending (ordinal)
    public void Ranking_Ties_BrokenBySalesThenId()
    {
        var slips = Slips(Input(A("a3", 0.5, 1000m), A("a1", 0.5, 1000m), A("a2", 0.5, 2000m), A("a0", 0.6, 0m), A("B", 0.5, 1000m)), Ranked());
        Assert.Equal(1, slips["a0"].Rank);
        Assert.Equal(2, slips["a2"].Rank);
        Assert.Equal(3, slips["B"].Rank); // 'B' < 'a' ordinally
        Assert.Equal(4, slips["a1"].Rank);
        Assert.Equal(5, slips["a3"].Rank);
        Assert.All(slips.Values, s => Assert.Equal(5, s.RankOf));
    }

    [Fact] // §7: top N + reward, bottom N − min(penalty, commission); defaults top 1, reward 100, bottom 1, penalty 100
    public void Ranking_TopRewardBottomPenalty_ChituDefaults()
    {
        var slips = Slips(Input(A("a1", 0.9, 10000m), A("a2", 0.5, 10000m), A("a3", 0.1, 10000m)), Ranked());
        Assert.Equal(100.00m, slips["a1"].RankingAdjustment);
        Assert.Equal(0m, slips["a2"].RankingAdjustment);
        Assert.Equal(-100.00m, slips["a3"].RankingAdjustment);
        Assert.Equal(200m - 100m, slips["a3"].TotalPay);
    }

    [Fact] // §7: the bottom penalty is at most the commission: it never makes commission negative (zero commission → 0)
    public void Ranking_BottomPenalty_AtZeroCommission_IsZero()
    {
        var slips = Slips(Input(A("a1", 0.9, 10000m), A("a2", 0.5, 10000m), A("a3", 0.1, 0m), A("a4", 0.1, 1500m)), Ranked(new RankingPlan { Bottom = 2 }));
        Assert.Equal(4, slips["a3"].Rank);
        Assert.Equal(0m, slips["a3"].RankingAdjustment);
        Assert.Equal(0m, slips["a3"].TotalPay);
        Assert.Equal(-30.00m, slips["a4"].RankingAdjustment); // commission 30 < penalty 100
        Assert.Equal(0m, slips["a4"].TotalPay);
    }

    [Fact] // §7: applied only when more than top + bottom agents are ranked; ranks are still given
    public void Ranking_TooFewAgents_NotApplied()
    {
        var slips = Slips(Input(A("a1", 0.9, 10000m), A("a2", 0.1, 10000m)), Ranked());
        Assert.All(slips.Values, s => Assert.Equal(0m, s.RankingAdjustment));
        Assert.All(slips.Values, s => Assert.False(s.RankingApplied));
        Assert.All(slips.Values, s => Assert.DoesNotContain(s.Flags, f => f.Kind == PayslipFlagKind.ImprovementPlan));
        Assert.Equal(2, slips["a2"].Rank);
    }

    [Fact] // §7: the last improvementPlanBottom ranks (default 2) are flagged for an improvement plan 整改
    public void Ranking_LastTwoRanks_FlaggedImprovementPlan()
    {
        var slips = Slips(Input(A("a1", 0.9, 1m), A("a2", 0.7, 1m), A("a3", 0.5, 1m), A("a4", 0.1, 1m)), Ranked());
        Assert.Equal(["a3", "a4"], slips.Values.Where(s => s.Flags.Any(f => f.Kind == PayslipFlagKind.ImprovementPlan)).Select(s => s.Agent).Order());
    }

    [Fact] // §7 ranking without a performance part: every total is 0, so ranks follow gross sales, then id
    public void Ranking_WithoutPerformance_RanksBySalesThenId()
    {
        var plan = WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.02m }) with { Ranking = new RankingPlan() };
        var slips = Slips(Input(Agent("a1", ("sales", 100m)), Agent("a2", ("sales", 300m)), Agent("a0", ("sales", 100m))), plan);
        Assert.Equal((1, 2, 3), (slips["a2"].Rank, slips["a0"].Rank, slips["a1"].Rank));
        Assert.Null(slips["a2"].TotalScore);
    }

    private static RankHistoryPeriod Entry(YearMonth month, params (string Agent, int Rank)[] ranks) =>
        new(month, [.. ranks.Select(r => new AgentRank(r.Agent, r.Rank))]);

    [Fact] // §7: last this month and in each of the K − 1 months before (K = 3) → transferReview 调岗 listing exactly those K months
    public void Ranking_LastThreeMonths_FlaggedTransferReviewWithThoseMonths()
    {
        var history = new RankHistory([
            Entry(Month.PlusMonths(-1), ("a1", 1), ("a2", 2), ("a3", 3)),
            Entry(Month.PlusMonths(-2), ("a3", 4), ("a1", 1), ("a2", 2), ("x", 3)),
            Entry(Month.PlusMonths(-3), ("a3", 1), ("a1", 2), ("a2", 3)),
        ]);
        var input = Input(A("a1", 0.9, 1m), A("a2", 0.5, 1m), A("a3", 0.1, 1m)) with { History = history };
        var flag = Assert.Single(Slips(input, Ranked())["a3"].Flags, f => f.Kind == PayslipFlagKind.TransferReview);
        Assert.Equal([Month.PlusMonths(-2), Month.PlusMonths(-1), Month], flag.Periods.ToArray());
    }

    [Fact] // §7: a month missing from the history breaks the chain
    public void Ranking_MonthMissingFromHistory_BreaksTransferChain()
    {
        var history = new RankHistory([Entry(Month.PlusMonths(-1), ("a1", 1), ("a3", 2)), Entry(Month.PlusMonths(-3), ("a1", 1), ("a3", 2))]);
        var input = Input(A("a1", 0.9, 1m), A("a2", 0.5, 1m), A("a3", 0.1, 1m)) with { History = history };
        Assert.DoesNotContain(Slips(input, Ranked())["a3"].Flags, f => f.Kind == PayslipFlagKind.TransferReview);
    }

    [Fact] // §7: not last in one of the months breaks the chain; K = 1 flags whoever is last this month
    public void Ranking_NotLastInAMonth_BreaksTransferChain()
    {
        var history = new RankHistory([Entry(Month.PlusMonths(-1), ("a3", 2), ("a1", 3)), Entry(Month.PlusMonths(-2), ("a3", 3))]);
        var input = Input(A("a1", 0.9, 1m), A("a2", 0.5, 1m), A("a3", 0.1, 1m)) with { History = history };
        Assert.DoesNotContain(Slips(input, Ranked())["a3"].Flags, f => f.Kind == PayslipFlagKind.TransferReview);
        var one = Assert.Single(Slips(input, Ranked(new RankingPlan { TransferAfterLastPeriods = 1 }))["a3"].Flags, f => f.Kind == PayslipFlagKind.TransferReview);
        Assert.Equal([Month], one.Periods.ToArray());
    }

    [Fact] // §7 --save-history: the month's ranks, replacing the month's entry, never duplicating it
    public void History_SaveRanks_ReplacesTheMonthsEntry()
    {
        var result = Run(Input(A("a1", 0.1, 1m), A("a2", 0.5, 1m)), null, Plan("no ranking") with { Base = new BasePlan { Default = 1 } }, Ranked());
        var entry = PayrollEngine.RanksToSave(result)!;
        Assert.Equal(Month, entry.Period);
        Assert.Equal([new AgentRank("a2", 1), new AgentRank("a1", 2)], entry.Ranks.ToArray());

        var old = new RankHistory([Entry(Month, ("zz", 1)), Entry(Month.PlusMonths(-1), ("a1", 1))]);
        var saved = PayrollEngine.WithPeriod(old, entry);
        Assert.Equal([Month.PlusMonths(-1), Month], saved.Periods.Select(p => p.Period));
        Assert.Same(entry, saved.Periods[1]);
        Assert.Equal(saved.Periods.Select(p => p.Period), PayrollEngine.WithPeriod(saved, entry).Periods.Select(p => p.Period));
    }

    [Fact] // §7: no plan with a ranking part → nothing to save
    public void History_NoRankingPlan_NothingToSave() =>
        Assert.Null(PayrollEngine.RanksToSave(Run(Input(A("a1", 0.1, 1m)), null, Plan() with { Base = new BasePlan { Default = 1 } })));
}
