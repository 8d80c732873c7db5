using CsPerf.Engine.Payroll;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Who a plan scores, what-if, provisional months, rounding and the whole payslip: domain.md §7.</summary>
public class PayrollRunRulesTests
{
    private static readonly PayrollPlan BaseOnly = Plan("base") with { Base = new BasePlan { Default = 1000 } };

    [Fact] // §7 appliesTo: default presale; aftersale = agents whose accounts are all after-sale; or a list of ids
    public void AppliesTo_RolesAndAgentList()
    {
        var input = Input(Agent("p1"), Agent("p2"), AfterSale("s1"));
        var result = Run(
            input,
            null,
            BaseOnly with { Name = "default" },
            BaseOnly with { Name = "after", AppliesTo = new PlanScope { Roles = [PlanRole.Aftersale] } },
            BaseOnly with { Name = "list", AppliesTo = new PlanScope { Agents = ["p2"] } },
            BaseOnly with { Name = "both", AppliesTo = new PlanScope { Roles = [PlanRole.Presale, PlanRole.Aftersale] } });
        Assert.Equal(["p1", "p2"], result.Plans[0].Payslips.Select(s => s.Agent));
        Assert.Equal(["s1"], result.Plans[1].Payslips.Select(s => s.Agent));
        Assert.Equal(["p2"], result.Plans[2].Payslips.Select(s => s.Agent));
        Assert.Equal(["p1", "p2", "s1"], result.Plans[3].Payslips.Select(s => s.Agent));
        Assert.Empty(result.Plans[0].Team.Unscored);
    }

    [Fact] // §7: an agent no plan scores gets no payslip and is listed as unscored in the team summary
    public void AppliesTo_AgentNoPlanScores_IsUnscored()
    {
        var result = Run(Input(Agent("p1"), AfterSale("s2"), AfterSale("s1")), null, BaseOnly);
        Assert.Equal(["s1", "s2"], result.Plans.Single().Team.Unscored.ToArray());
        Assert.Equal(["p1"], result.WhatIf.Select(w => w.Agent));
    }

    [Fact] // §7: a listed agent without KPIs for the month is an input problem
    public void AppliesTo_ListedAgentMissing_IsProblem() =>
        Assert.Equal("ghost", Assert.Single(Run(Input(Agent("p1")), null, BaseOnly with { AppliesTo = new PlanScope { Agents = ["ghost"] } }).Problems).Agent);

    [Fact] // §7 what-if: per agent the pay under each plan and the difference from the first (null where a plan does not score it)
    public void WhatIf_PayPerPlanAndDifferenceFromFirst()
    {
        var input = Input(Agent("p1", ("sales", 10000m)), AfterSale("s1"));
        var commission = Plan("commission") with { Base = new BasePlan { Default = 1000 }, Commission = new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.015m } };
        var result = Run(input, null, BaseOnly, commission, BaseOnly with { Name = "after", AppliesTo = new PlanScope { Roles = [PlanRole.Aftersale] } });
        Assert.Equal(["base", "commission", "after"], result.Plans.Select(p => p.Plan));
        var p1 = result.WhatIf.Single(w => w.Agent == "p1");
        Assert.Equal([1000.00m, 1150.00m, null], p1.TotalPay.ToArray());
        Assert.Equal([0m, 150.00m, null], p1.Difference.ToArray());
        var s1 = result.WhatIf.Single(w => w.Agent == "s1");
        Assert.Equal([null, null, 1000.00m], s1.TotalPay.ToArray());
        Assert.Equal([null, null, null], s1.Difference.ToArray());
    }

    [Fact] // §7 team summary: total pay, credited sales, pay ÷ credited sales (null on 0)
    public void Team_TotalPayCreditedSalesRatio()
    {
        var team = Run(Input(Agent("p1", ("sales", 3000m)), Agent("p2", ("sales", 1000m))), null, BaseOnly).Plans.Single().Team;
        Assert.Equal((2000.00m, 4000m), (team.TotalPay, team.CreditedSales));
        Assert.Equal(0.5, team.PayToSalesRatio);
        Assert.Null(Run(Input(Agent("p1")), null, BaseOnly).Plans.Single().Team.PayToSalesRatio);
    }

    [Fact] // §7: payroll refuses a month that is not final unless provisional
    public void Provisional_MonthNotFinal_IsRefused()
    {
        var result = Run(Input(Agent("p1")) with { Final = false }, null, BaseOnly);
        Assert.Empty(result.Plans);
        Assert.Equal(("period", "period"), (Assert.Single(result.Problems).Source, result.Problems[0].Field));
    }

    [Fact] // §7: a provisional run flags every payslip provisional
    public void Provisional_Run_FlagsEveryPayslip()
    {
        var result = Run(Input(Agent("p1"), Agent("p2")) with { Final = false }, new PayrollOptions { Provisional = true }, BaseOnly);
        Assert.Empty(result.Problems);
        Assert.All(result.Plans.Single().Payslips, s => Assert.Contains(s.Flags, f => f.Flag == "provisional" && f.Periods.SequenceEqual([Month])));
        Assert.DoesNotContain(Run(Input(Agent("p1")), new PayrollOptions { Provisional = true }, BaseOnly).Plans[0].Payslips[0].Flags, f => f.Kind == PayslipFlagKind.Provisional);
    }

    [Fact] // §7: each money line is rounded once half away from zero (四舍五入): 87.505 → 87.51, not banker's 87.50
    public void Rounding_87_505_Is87_51()
    {
        Assert.Equal(87.51m, Slip(Input(Agent("p1")), Plan() with { Base = new BasePlan { Default = 87.505m } }).Base);
        var linear = WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.01m });
        Assert.Equal(87.51m, Slip(Input(Agent("p1", ("sales", 8750.5m))), linear).Commission);
    }

    [Fact] // §7: total pay = the sum of the rounded lines, not the rounded sum of exact values
    public void TotalPay_IsSumOfRoundedLines()
    {
        var plan = WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.001m }) with { Base = new BasePlan { Default = 0.005m } };
        var s = Slip(Input(Agent("p1", ("sales", 5m))), plan);
        Assert.Equal((0.01m, 0.01m), (s.Base, s.Commission));
        Assert.Equal(0.02m, s.TotalPay);
    }

    [Fact] // §7 payslip: the plan of issue 7 on one agent, every line recomputed by hand (docs/payroll-scoring.md)
    public void Payslip_IssueExample_EveryLine()
    {
        var a1 = Agent("a1", ("sales", 62000m), ("postage", 1200m), ("refundAmount", 800m), ("inquiryToPaidRate", 0.52), ("firstResponseAvg", 24.0), ("aov", 190m), ("complaints", 3));
        var input = Input(a1) with { Scores = [Score("a1", "qa", 90, 80), Count("a1", "violations", 1)], Attendance = [Attend("a1", 26, 26)] };
        var s = Slip(input, IssueExample());
        Assert.Equal(3000.00m, s.Base);
        Assert.Equal((62000m, 60000m), (s.GrossBasis, s.CommissionBasis));
        Assert.Equal(new CommissionDeductions(1200m, 800m), s.Deductions);
        Assert.Equal(650.00m, s.Commission); // 50000 × 1% + 10000 × 1.5%
        Assert.Equal(87.6m, s.TotalScore);
        Assert.Equal(("B", 1.0m, 1000.00m), (s.Grade, s.Coefficient, s.Bonus));
        Assert.Equal((1, 1, 0m), (s.Rank, s.RankOf, s.RankingAdjustment)); // one agent: top + bottom = 2, not applied
        Assert.Equal([new PenaltyLine("complaints", false, 3, 2, 100, false), new PenaltyLine("violations", true, 1, 1, 200, false)], s.Penalties!.Value.ToArray());
        Assert.Equal(-300.00m, s.Penalty);
        Assert.Equal(200.00m, s.FullAttendanceBonus);
        Assert.Empty(s.Flags);
        Assert.Equal(3000m + 650m + 1000m - 300m + 200m, s.TotalPay);
    }
}
