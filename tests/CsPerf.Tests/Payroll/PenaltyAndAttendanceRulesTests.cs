using System.Collections.Immutable;
using CsPerf.Engine.Payroll;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Base 底薪, penalties 扣罚 and attendance 考勤: domain.md §7 "Base", "Penalties", "Attendance".</summary>
public class PenaltyAndAttendanceRulesTests
{
    private static readonly CommissionPlan TenPercent = new() { Mode = CommissionMode.Linear, Rate = 0.1m };

    [Fact] // §7 penalties: amount × units beyond free, capped per item; listed with count, units and exact amount
    public void Penalty_ByAmount_WithFreeAndCap()
    {
        var plan = WithCommission(TenPercent) with { Penalties = [new PenaltyItem { Kpi = "complaints", Free = 1, Amount = 50, Cap = 200 }] };
        var s = Slip(Input(Agent("a1", ("sales", 10000m), ("complaints", 6))), plan);
        Assert.Equal(new PenaltyLine("complaints", false, 6, 5, 200, true), s.Penalties!.Value.Single());
        Assert.Equal(-200.00m, s.Penalty);
        Assert.Equal(800.00m, s.TotalPay);

        var few = Slip(Input(Agent("a1", ("sales", 10000m), ("complaints", 3))), plan);
        Assert.Equal(new PenaltyLine("complaints", false, 3, 2, 100, false), few.Penalties!.Value.Single());
        var none = Slip(Input(Agent("a1", ("sales", 10000m), ("complaints", 1))), plan);
        Assert.Equal(0m, none.Penalties!.Value.Single().Units);
        Assert.Equal(0m, none.Penalty);
    }

    [Fact] // §7 penalties: bonusPercent of the bonus per unit beyond free, on an external count (scores.jsonl count)
    public void Penalty_ByBonusPercent_OnExternalCount()
    {
        var plan = WithPerformance(1000, KpiLinear("inquiryToPaidRate", 100, 0, 1)) with
        {
            Penalties = [new PenaltyItem { External = "violations", Free = 1, BonusPercent = 20 }],
        };
        var input = Input(Agent("a1", ("inquiryToPaidRate", 0.95))) with { Scores = [Count("a1", "violations", 3)] };
        var s = Slip(input, plan);
        Assert.Equal(1200.00m, s.Bonus);
        Assert.Equal(new PenaltyLine("violations", true, 3, 2, 480, false), s.Penalties!.Value.Single()); // 20% × 1200 × 2
        Assert.Equal(-480.00m, s.Penalty);
        Assert.Equal(720.00m, s.TotalPay);
    }

    [Fact] // §7 penalties: bonusPercent is a percent of the rounded bonus line, capped per item; the sum is rounded once
    public void Penalty_ByBonusPercent_OfRoundedBonus_Capped()
    {
        var plan = WithPerformance(333.333m, KpiLinear("inquiryToPaidRate", 100, 0, 1)) with
        {
            Penalties = [new PenaltyItem { Kpi = "negativeReviews", BonusPercent = 10 }, new PenaltyItem { Kpi = "slowReceptions", BonusPercent = 10, Free = 2, Cap = 50 }],
        };
        var s = Slip(Input(Agent("a1", ("inquiryToPaidRate", 0.8), ("negativeReviews", 1), ("slowReceptions", 5))), plan);
        Assert.Equal(333.33m, s.Bonus); // grade B, coefficient 1
        Assert.Equal(33.333m, s.Penalties!.Value[0].Amount); // 10% × 333.33 × 1
        Assert.Equal(new PenaltyLine("slowReceptions", false, 5, 3, 50, true), s.Penalties.Value[1]); // 3 × 33.333 = 99.999 → cap 50
        Assert.Equal(-83.33m, s.Penalty); // 83.333 rounded once
        Assert.Equal(250.00m, s.TotalPay);
    }

    [Fact] // §7 penalties: −min(Σ items, commission + ranking adjustment + bonus): never reduces the base
    public void Penalty_NeverReducesBase()
    {
        var plan = WithCommission(TenPercent) with
        {
            Base = new BasePlan { Default = 3000 },
            Penalties = [new PenaltyItem { Kpi = "complaints", Amount = 100 }, new PenaltyItem { Kpi = "unreplied", Amount = 0.5m }],
        };
        var s = Slip(Input(Agent("a1", ("sales", 1234m), ("complaints", 5), ("unreplied", 3))), plan);
        Assert.Equal(501.50m, s.PenaltyBeforeLimit);
        Assert.Equal(-123.40m, s.Penalty);
        Assert.True(s.PenaltyLimited);
        Assert.Equal(3000.00m, s.TotalPay);
    }

    [Fact] // §7 penalties: a missing external count line is an input error; lenient: count 0, flagged
    public void Penalty_MissingExternalCount_ProblemOrLenientZero()
    {
        var plan = WithCommission(TenPercent) with { Penalties = [new PenaltyItem { External = "violations", Amount = 10 }] };
        var input = Input(Agent("a1", ("sales", 100m)));
        Assert.Equal("violations", Assert.Single(Run(input, null, plan).Problems).Field);
        var s = Slip(input, plan, Lenient);
        Assert.Equal(0, s.Penalties!.Value.Single().Count);
        Assert.Contains(s.Flags, f => f.Kind == PayslipFlagKind.MissingScore && f.Item == "violations");
    }

    [Fact] // §7 base: a default amount plus per-agent overrides
    public void Base_DefaultAndOverride()
    {
        var plan = Plan() with { Base = new BasePlan { Default = 3000, Overrides = ImmutableDictionary<string, decimal>.Empty.Add("a2", 3500) } };
        var slips = Slips(Input(Agent("a1"), Agent("a2")), plan);
        Assert.Equal(3000.00m, slips["a1"].Base);
        Assert.Equal(3500.00m, slips["a2"].TotalPay);
    }

    [Fact] // §7 base.prorate: base × workedDays ÷ scheduledDays, rounded once (3500 × 25 ÷ 26 = 3365.3846… → 3365.38)
    public void Base_Prorated_ByWorkedDays()
    {
        var plan = Plan() with { Base = new BasePlan { Default = 3500, Prorate = true } };
        var s = Slip(Input(Agent("a1")) with { Attendance = [Attend("a1", 26, 25)] }, plan);
        Assert.Equal(3365.38m, s.Base);
        Assert.Equal(3500m, s.BaseBeforeProration);
        Assert.True(s.Prorated);
        Assert.Equal(new AttendanceLine(26, 25), s.Attendance);
    }

    [Fact] // §7 attendance: the full-attendance bonus 全勤奖 is paid when workedDays = scheduledDays
    public void Attendance_FullAttendanceBonus_OnlyWhenAllDaysWorked()
    {
        var plan = Plan() with { Attendance = new AttendancePlan { FullAttendanceBonus = 200 } };
        var slips = Slips(Input(Agent("a1"), Agent("a2")) with { Attendance = [Attend("a1", 26, 26), Attend("a2", 26, 25)] }, plan);
        Assert.Equal(200.00m, slips["a1"].FullAttendanceBonus);
        Assert.Equal(0m, slips["a2"].FullAttendanceBonus);
        Assert.Equal(200.00m, slips["a1"].TotalPay);
    }

    [Fact] // §7 attendance: a plan that needs attendance and finds no line is an input error
    public void Attendance_MissingLine_IsProblem()
    {
        var p = Assert.Single(Run(Input(Agent("a1")), null, Plan() with { Attendance = new AttendancePlan { FullAttendanceBonus = 200 } }).Problems);
        Assert.Equal(("attendance", "a1"), (p.Source, p.Agent));
    }

    [Fact] // §7 attendance, lenient: full attendance, flagged missingAttendance
    public void Attendance_MissingLine_Lenient_FullAttendanceFlagged()
    {
        var plan = Plan() with { Base = new BasePlan { Default = 3000, Prorate = true }, Attendance = new AttendancePlan { FullAttendanceBonus = 200 } };
        var s = Slip(Input(Agent("a1")), plan, Lenient);
        Assert.Equal(3200.00m, s.TotalPay);
        Assert.False(s.Prorated);
        Assert.Contains(s.Flags, f => f.Kind == PayslipFlagKind.MissingAttendance);
    }

    [Fact] // §7: a plan without attendance needs no attendance line
    public void Attendance_NotNeeded_NoProblem() =>
        Assert.Null(Slip(Input(Agent("a1")), Plan() with { Base = new BasePlan { Default = 1 } }).Attendance);
}
