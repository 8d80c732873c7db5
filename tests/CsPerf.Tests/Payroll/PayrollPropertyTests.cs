using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.Engine.Payroll;
using FsCheck;
using FsCheck.Fluent;
using CsPerf.Tests.Properties;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>FsCheck properties of payroll scoring (issue 7 "Tests"; domain.md §7).</summary>
public class PayrollPropertyTests
{
    private static decimal Money(Random r, int max) => r.Next(0, max * 100) / 100m;

    /// <summary>Strictly ascending tiers from ≥ 0 with rates 0–5%; non-decreasing rates when asked.</summary>
    private static ImmutableArray<CommissionTier> Tiers(Random r, bool ascendingRates)
    {
        int count = r.Next(1, 5);
        decimal from = r.Next(0, 2) == 0 ? 0 : Money(r, 5000);
        decimal rate = r.Next(0, 300) / 10000m;
        var tiers = ImmutableArray.CreateBuilder<CommissionTier>();
        for (int i = 0; i < count; i++)
        {
            tiers.Add(new CommissionTier(from, rate));
            from += Money(r, 50000) + 0.01m;
            rate = ascendingRates ? rate + (r.Next(0, 200) / 10000m) : r.Next(0, 500) / 10000m;
        }

        return tiers.ToImmutable();
    }

    [CsPerfProperty(1000)] // §7 progressive: continuous (|f(b + δ) − f(b)| ≤ max rate × δ) and non-decreasing in the basis
    public bool Commission_Progressive_ContinuousAndNonDecreasing(Seed s)
    {
        int seed = s.Value;
        var r = new Random(seed);
        var tiers = Tiers(r, ascendingRates: false);
        decimal maxRate = tiers.Max(t => t.Rate!.Value);
        decimal b = Money(r, 200000);
        decimal delta = r.Next(0, 3) == 0 ? 0.01m : Money(r, 20000);
        decimal f0 = PayrollMath.Tiered(b, tiers, TierMethod.Progressive).Commission;
        decimal f1 = PayrollMath.Tiered(b + delta, tiers, TierMethod.Progressive).Commission;
        return f1 >= f0 && f1 - f0 <= maxRate * delta;
    }

    [CsPerfProperty(1000)] // §7 whole: with rates that do not fall from tier to tier, the commission never decreases as the basis grows
    public bool Commission_Whole_NonDecreasing(Seed s)
    {
        int seed = s.Value;
        var r = new Random(seed);
        var tiers = Tiers(r, ascendingRates: true);
        decimal b = Money(r, 200000);
        decimal b2 = b + (r.Next(0, 2) == 0 ? 0.01m : Money(r, 50000));
        return PayrollMath.Tiered(b2, tiers, TierMethod.Whole).Commission >= PayrollMath.Tiered(b, tiers, TierMethod.Whole).Commission;
    }

    /// <summary>A random month of 1–8 agents (a few after-sale) with scores and attendance, and a random valid plan.</summary>
    private static (PayrollInput Input, PayrollPlan Plan) Scenario(Random r, string name = "p")
    {
        int n = r.Next(1, 9);
        var agents = new List<PayrollAgent>();
        var scores = new List<ExternalScore>();
        var attendance = new List<AttendanceRecord>();
        for (int i = 0; i < n; i++)
        {
            string id = "a" + i;
            object? rate = r.Next(0, 6) == 0 ? null : r.NextDouble();
            var kpis = Kpis(
                ("sales", Money(r, 100000)), ("postage", Money(r, 2000)), ("refundAmount", Money(r, 5000)), ("items", r.Next(0, 500)),
                ("refundItems", r.Next(0, 20)), ("inquiryToPaidRate", rate), ("firstResponseAvg", r.NextDouble() * 90), ("aov", Money(r, 400)),
                ("complaints", r.Next(0, 6)), ("unreplied", r.Next(0, 10)));
            agents.Add(new PayrollAgent(id, id, r.Next(0, 5) != 0, kpis));
            scores.Add(Score(id, "qa", r.Next(0, 101), r.Next(0, 101)));
            scores.Add(Count(id, "violations", r.Next(0, 4)));
            int scheduled = r.Next(1, 31);
            attendance.Add(Attend(id, scheduled, r.Next(0, 4) == 0 ? r.Next(0, scheduled + 1) : scheduled));
        }

        var input = Input([.. agents]) with { Scores = [.. scores], Attendance = [.. attendance] };
        var mode = (CommissionMode)r.Next(0, 3);
        var commission = new CommissionPlan
        {
            Mode = mode,
            DeductPostage = r.Next(0, 2) == 0,
            DeductRefunds = r.Next(0, 2) == 0,
            Rate = mode == CommissionMode.Linear ? r.Next(0, 500) / 10000m : null,
            Baseline = mode == CommissionMode.Linear ? Money(r, 10000) : null,
            Method = mode == CommissionMode.Tiered ? (TierMethod)r.Next(0, 2) : null,
            Tiers = mode == CommissionMode.Tiered ? Tiers(r, ascendingRates: false) : null,
            Amount = mode == CommissionMode.PerItem ? Money(r, 5) : null,
            Cap = r.Next(0, 3) == 0 ? Money(r, 3000) : null,
        };
        int w1 = r.Next(0, 101), w2 = r.Next(0, 101 - w1);
        var plan = new PayrollPlan
        {
            Name = name,
            AppliesTo = new PlanScope { Roles = r.Next(0, 2) == 0 ? [PlanRole.Presale] : [PlanRole.Presale, PlanRole.Aftersale] },
            Base = new BasePlan { Default = Money(r, 5000), Prorate = r.Next(0, 2) == 0 },
            Commission = commission,
            Performance = new PerformancePlan
            {
                BonusBase = Money(r, 2000),
                Items =
                [
                    new PerformanceItem { Kpi = "inquiryToPaidRate", Weight = w1, Bands = [new(0.5m, 100), new(0.3m, 60), new(0, 0)] },
                    new PerformanceItem { Kpi = "firstResponseAvg", Weight = w2, Linear = new LinearScale(60, 15) },
                    new PerformanceItem { External = "qa", Weight = 100 - w1 - w2 },
                ],
                Grades = ChituGrades,
            },
            Ranking = new RankingPlan { Top = r.Next(0, 3), Bottom = r.Next(0, 3), Penalty = Money(r, 300) },
            Penalties =
            [
                new PenaltyItem { Kpi = "complaints", Free = r.Next(0, 3), Amount = Money(r, 200), Cap = r.Next(0, 2) == 0 ? Money(r, 400) : null },
                new PenaltyItem { External = "violations", BonusPercent = r.Next(0, 60) },
            ],
            Attendance = new AttendancePlan { FullAttendanceBonus = Money(r, 300) },
        };
        Assert.Empty(PayrollEngine.Validate(plan));
        return (input, plan);
    }

    private static ImmutableArray<Payslip> Payslips(PayrollInput input, PayrollPlan plan)
    {
        var result = PayrollEngine.Score(input, [plan], Strict);
        Assert.Empty(result.Problems);
        return result.Plans.Single().Payslips;
    }

    [CsPerfProperty(1000)] // §7: total pay = base + commission + bonus + ranking adjustment + penalty + full-attendance bonus, each rounded to 0.01
    public bool Payslip_TotalPay_IsSumOfItsRoundedLines(Seed s)
    {
        int seed = s.Value;
        var (input, plan) = Scenario(new Random(seed));
        return Payslips(input, plan).All(s =>
        {
            decimal?[] lines = [s.Base, s.Commission, s.Bonus, s.RankingAdjustment, s.Penalty, s.FullAttendanceBonus];
            return lines.All(l => l is { } x && x == Math.Round(x, 2)) && s.TotalPay == lines.Sum(l => l!.Value);
        });
    }

    [CsPerfProperty(1000)] // §7: penalties and ranking never reduce the base: pay ≥ the prorated base
    public bool Payslip_Pay_AtLeastProratedBase(Seed s)
    {
        int seed = s.Value;
        var (input, plan) = Scenario(new Random(seed));
        return Payslips(input, plan).All(s => s.TotalPay >= s.Base && s.Commission + s.RankingAdjustment >= 0 && s.Penalty <= 0);
    }

    [CsPerfProperty(1000)] // §7: each item scores 0–100 points; the total score is within 0–100
    public bool Performance_Scores_Within0To100(Seed s)
    {
        int seed = s.Value;
        var (input, plan) = Scenario(new Random(seed));
        return Payslips(input, plan).All(s => s.TotalScore is >= 0 and <= 100 && s.Items!.Value.All(i => i.Points is >= 0 and <= 100));
    }

    [CsPerfProperty(1000)] // §7: ranks are 1…n, all distinct
    public bool Ranking_Ranks_ArePermutationOf1ToN(Seed s)
    {
        int seed = s.Value;
        var (input, plan) = Scenario(new Random(seed));
        var slips = Payslips(input, plan);
        return slips.Select(s => s.Rank!.Value).Order().SequenceEqual(Enumerable.Range(1, slips.Length)) && slips.All(s => s.RankOf == slips.Length);
    }

    [CsPerfProperty(1000)] // §7 what-if: adding a plan to a run changes no other plan's payslips
    public bool WhatIf_AddingAPlan_ChangesNoOtherPlansPayslips(Seed s)
    {
        int seed = s.Value;
        var r = new Random(seed);
        var (input, first) = Scenario(r, "first");
        var (_, second) = Scenario(r, "second");
        var alone = PayrollEngine.Score(input, [first], Strict).Plans.Single();
        var both = PayrollEngine.Score(input, [first, second], Strict).Plans;
        var before = PayrollEngine.Score(input, [second, first], Strict).Plans[1];
        return both[0].Payslips.Select(Canon).SequenceEqual(alone.Payslips.Select(Canon))
            && before.Payslips.Select(Canon).SequenceEqual(alone.Payslips.Select(Canon))
            && both[0].Team with { Unscored = [] } == alone.Team with { Unscored = [] };
    }
}
