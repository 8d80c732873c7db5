using CsPerf.Engine.Payroll;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Performance 绩效: domain.md §7 "Performance".</summary>
public class PerformanceRulesTests
{
    private static ScoreItemLine Item(PerformanceItem item, params (string, object?)[] kpis) =>
        Slip(Input(Agent("a1", kpis)), WithPerformance(0, item with { Weight = 100 })).Items!.Value.Single();

    [Fact] // §7 bands: [min, next higher min), min inclusive
    public void Bands_MinIsInclusive_NextMinExclusive()
    {
        var bands = KpiBands("inquiryToPaidRate", 100, (0.5m, 100), (0.4m, 80), (0.3m, 60), (0m, 0));
        Assert.Equal(100m, Item(bands, ("inquiryToPaidRate", 0.5)).Points);
        Assert.Equal(80m, Item(bands, ("inquiryToPaidRate", 0.4999)).Points);
        Assert.Equal(80m, Item(bands, ("inquiryToPaidRate", 0.4)).Points);
        Assert.Equal(0m, Item(bands, ("inquiryToPaidRate", 0.0)).Points);
        Assert.Equal(100m, Item(bands, ("inquiryToPaidRate", 0.9)).Points);
    }

    [Fact] // §7 bands: the same lookup for either direction (lower is better: small response times earn more)
    public void Bands_LowerIsBetter_SameLookup()
    {
        var bands = KpiBands("firstResponseAvg", 100, (0m, 100), (30m, 60), (60m, 0)) with { HigherIsBetter = false };
        Assert.Equal(100m, Item(bands, ("firstResponseAvg", 12.0)).Points);
        Assert.Equal(60m, Item(bands, ("firstResponseAvg", 30.0)).Points);
        Assert.Equal(0m, Item(bands, ("firstResponseAvg", 75.0)).Points);
    }

    [Fact] // §7 linear: 100 × clamp((x − floor) ÷ (target − floor), 0, 1)
    public void Linear_HigherIsBetter_ScalesAndClamps()
    {
        var aov = KpiLinear("aov", 100, 100, 220);
        Assert.Equal(50m, Item(aov, ("aov", 160m)).Points);
        Assert.Equal(100m, Item(aov, ("aov", 300m)).Points);
        Assert.Equal(0m, Item(aov, ("aov", 80m)).Points);
    }

    [Fact] // §7 linear: floor > target means lower is better; (30 − 60) ÷ (15 − 60) = 2/3
    public void Linear_FloorAboveTarget_LowerIsBetter()
    {
        var frt = KpiLinear("firstResponseAvg", 100, 60, 15);
        Assert.Equal(66.666666666666666666666666667m, Item(frt, ("firstResponseAvg", 30.0)).Points); // 200/3, to 27 places
        Assert.Equal(100m, Item(frt, ("firstResponseAvg", 10.0)).Points);
        Assert.Equal(0m, Item(frt, ("firstResponseAvg", 61.0)).Points);
    }

    [Fact] // §7: a KPI with no value scores 0 points; weights are not renormalized; the payslip flags it
    public void KpiWithoutValue_ScoresZero_FlaggedAndNotRenormalized()
    {
        var plan = WithPerformance(1000, KpiLinear("aov", 50, 100, 200), KpiBands("inquiryToPaidRate", 50, (0m, 100)));
        var s = Slip(Input(Agent("a1", ("aov", 200m), ("inquiryToPaidRate", null))), plan);
        Assert.Equal(50m, s.TotalScore);
        Assert.Null(s.Items!.Value[1].Raw);
        Assert.Equal(0m, s.Items.Value[1].Points);
        var flag = Assert.Single(s.Flags);
        Assert.Equal(("kpiWithoutValue", "inquiryToPaidRate"), (flag.Flag, flag.Item));
        Assert.Equal([Month], flag.Periods.ToArray());
        Assert.Equal("D", s.Grade);
    }

    [Fact] // §7 external: self × blend.self + manager × blend.manager, default 0.3 / 0.7, used as points
    public void External_DefaultBlend_IsPoints()
    {
        var input = Input(Agent("a1")) with { Scores = [Score("a1", "qa", 90, 80)] };
        var line = Slip(input, WithPerformance(0, new PerformanceItem { External = "qa", Weight = 100 })).Items!.Value.Single();
        Assert.Equal(83.0m, line.Points); // 0.3 × 90 + 0.7 × 80
        Assert.Equal(new ExternalRaw(90, 80), line.External);
        Assert.True(line.IsExternal);
    }

    [Fact] // §7 external: a custom blend; with bands the blended score is scaled like a KPI
    public void External_CustomBlendAndBands()
    {
        var input = Input(Agent("a1")) with { Scores = [Score("a1", "qa", 90, 80)] };
        var blended = new PerformanceItem { External = "qa", Weight = 100, Blend = new ScoreBlend(0.5m, 0.5m) };
        Assert.Equal(85m, Slip(input, WithPerformance(0, blended)).Items!.Value[0].Points);
        var banded = blended with { Bands = [new(0, 0), new(80, 100)] };
        Assert.Equal(100m, Slip(input, WithPerformance(0, banded)).Items!.Value[0].Points);
    }

    [Fact] // §7 external: a missing line is an input error
    public void External_MissingLine_IsProblem()
    {
        var result = Run(Input(Agent("a1")), null, WithPerformance(0, new PerformanceItem { External = "qa", Weight = 100 }));
        var p = Assert.Single(result.Problems);
        Assert.Equal(("scores", "a1", "qa"), (p.Source, p.Agent, p.Field));
    }

    [Fact] // §7 external, lenient: 0 points, flagged missingScore
    public void External_MissingLine_Lenient_ZeroPointsFlagged()
    {
        var s = Slip(Input(Agent("a1")), WithPerformance(0, new PerformanceItem { External = "qa", Weight = 100 }), Lenient);
        Assert.Equal(0m, s.TotalScore);
        Assert.Contains(s.Flags, f => f.Kind == PayslipFlagKind.MissingScore && f.Item == "qa");
    }

    [Fact] // §7: lines of other months are ignored
    public void External_LineOfAnotherMonth_IsIgnored()
    {
        var input = Input(Agent("a1")) with { Scores = [Score("a1", "qa", 90, 80) with { Period = Month.PlusMonths(-1) }] };
        Assert.Single(Run(input, null, WithPerformance(0, new PerformanceItem { External = "qa", Weight = 100 })).Problems);
    }

    [Fact] // §7 total: Σ points × weight ÷ 100, exact; the grade is looked up on the exact total (89.9999 is B, not A)
    public void Grade_OnExactTotal_NotRounded()
    {
        var plan = WithPerformance(1000, KpiLinear("inquiryToPaidRate", 100, 0, 1));
        var s = Slip(Input(Agent("a1", ("inquiryToPaidRate", 0.899999))), plan);
        Assert.Equal(89.9999m, s.TotalScore);
        Assert.Equal(("B", 1.0m, 1000.00m), (s.Grade, s.Coefficient, s.Bonus));
        var a = Slip(Input(Agent("a1", ("inquiryToPaidRate", 0.9))), plan);
        Assert.Equal(("A", 1.2m, 1200.00m), (a.Grade, a.Coefficient, a.Bonus));
    }

    [Fact] // §7 total: weighted points are exact sums (40 + 16 + 15 + 16.6 = 87.6 → B)
    public void TotalScore_IsExactWeightedSum()
    {
        var input = Input(Agent("a1", ("inquiryToPaidRate", 0.52), ("firstResponseAvg", 24.0), ("aov", 190m))) with { Scores = [Score("a1", "qa", 90, 80)] };
        var plan = IssueExample() with { Base = null, Commission = null, Ranking = null, Penalties = [], Attendance = null };
        var s = Slip(input, plan);
        Assert.Equal([40m, 16m, 15m, 16.6m], s.Items!.Value.Select(i => i.Weighted));
        Assert.Equal(87.6m, s.TotalScore);
        Assert.Equal("B", s.Grade);
    }
    [Fact] // §7 "the total score is the exact sum (never rounded before a lookup)": 100/3 points × 60% is 20, not 19.99…
    public void Grade_ExactTotalThroughALinearThird_OnTheBoundary_GetsTheGrade()
    {
        var plan = WithPerformance(1000, KpiLinear("aov", 60, 100, 130), KpiBands("replyRate", 40, (0m, 0), (2m, 100)));
        plan = plan with { Performance = plan.Performance! with { Grades = [new(20, "A", 1), new(0, "D", 0)] } };
        var slip = Slip(Input(Agent("a1", ("aov", 110m), ("replyRate", 0.5))), plan);
        Assert.Equal(33.333333m, Math.Round(slip.Items!.Value[0].Points, 6));
        Assert.Equal(20m, slip.TotalScore);
        Assert.Equal("A", slip.Grade);
        Assert.Equal(1000.00m, slip.Bonus);
    }

    [Fact] // §7 Ranking: totals equal exactly (each 20 through a linear third) tie, and gross sales break the tie
    public void Ranking_ExactTotalsThroughLinearThirds_TieAndSalesDecide()
    {
        var plan = WithPerformance(1000, KpiLinear("aov", 60, 100, 130), KpiBands("replyRate", 40, (0m, 0), (2m, 100)));
        plan = plan with { Performance = plan.Performance! with { Grades = [new(20, "A", 1), new(0, "D", 0)] }, Ranking = new RankingPlan { Top = 1, Bottom = 0 } };
        var slips = Slips(Input(Agent("a1", ("aov", 110m), ("sales", 200m)), Agent("a2", ("aov", 110m), ("sales", 100m))), plan);
        Assert.Equal(1, slips["a1"].Rank);
        Assert.Equal(2, slips["a2"].Rank);
        Assert.Equal(100.00m, slips["a1"].RankingAdjustment);
    }

    [Fact] // a rate is read as the report writes it (shortest round-trip text), so a band min copied from a report meets it
    public void Bands_RateWithSixteenDigits_MeetsTheMinCopiedFromTheReport()
    {
        var bands = KpiBands("replyRate", 100, (0m, 0), (0.9684813753581661m, 100));
        var line = Item(bands, ("replyRate", 0.9684813753581661));
        Assert.Equal(0.9684813753581661m, line.Raw);
        Assert.Equal(100m, line.Points);
    }
}

