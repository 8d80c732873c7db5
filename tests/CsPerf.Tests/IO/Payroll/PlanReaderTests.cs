using System.Text;
using CsPerf.IO.Payroll;
using CsPerf.Engine.Payroll;
using Xunit;

namespace CsPerf.Tests.IO.Payroll;

// issue 7: a plan file is one JSON object; every syntax and type problem is listed at once with its JSON path.
public class PlanReaderTests
{
    private static (PayrollPlan? Plan, string[] Errors) Parse(string json)
    {
        var (plan, errors) = PlanReader.Parse(Encoding.UTF8.GetBytes(json), "plan.json");
        return (plan, errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void IssuePlan_IsReadIntoTheModel()
    {
        var (plan, errors) = Parse(CsPerf.Tests.Cli.PayrollHandComputedTests.Standard);
        Assert.Empty(errors);
        Assert.Equal("2026 standard", plan!.Name);
        Assert.Equal([PlanRole.Presale], plan.AppliesTo!.Roles!.Value.ToArray());
        Assert.Equal(3500m, plan.Base!.Overrides["a2"]);
        Assert.True(plan.Base.Prorate);
        var c = plan.Commission!;
        Assert.Equal((CommissionMode.Tiered, TierMethod.Progressive, AttributionRule.OrderFirst, 5000m), (c.Mode!.Value, c.Method!.Value, c.Rule!.Value, c.Cap!.Value));
        Assert.Equal(new CommissionTier(50000m, 0.015m), c.Tiers!.Value[1]);
        var items = plan.Performance!.Items!.Value;
        Assert.Equal(new LinearScale(60m, 15m), items[1].Linear);
        Assert.False(items[1].HigherIsBetter);
        Assert.Equal("qa", items[3].External);
        Assert.Equal(new ScoreBlend(0.3m, 0.7m), items[3].Blend);
        Assert.Equal(new GradeBand(90m, "A", 1.2m), plan.Performance.Grades!.Value[0]);
        Assert.Equal(3, plan.Ranking!.TransferAfterLastPeriods);
        Assert.Equal(20m, plan.Penalties[1].BonusPercent);
        Assert.Equal(200m, plan.Attendance!.FullAttendanceBonus);
    }

    [Fact]
    public void WrongTypesAndNames_AreAllListedWithJsonPaths()
    {
        var (_, errors) = Parse("""
            { "name": 7, "appliesTo": { "roles": ["presales"] },
              "base": { "default": "3000", "overrides": { "a2": null }, "prorate": "yes" },
              "commission": { "mode": "steps", "rule": "first", "tiers": {} },
              "ranking": { "top": 1.5 },
              "performance": { "items": [ 3 ] } }
            """);
        Assert.Equal(
            [
                "plan.json: $.name: expected a string, was 7",
                "plan.json: $.appliesTo.roles[0]: expected \"presale\" or \"aftersale\", was \"presales\"",
                "plan.json: $.base.overrides.a2: expected a number, was null",
                "plan.json: $.base.default: expected a number, was \"3000\"",
                "plan.json: $.base.prorate: expected true or false, was \"yes\"",
                "plan.json: $.commission.rule: expected \"OrderFirst\", \"Order\", \"Payment\", was \"first\"",
                "plan.json: $.commission.mode: expected \"linear\", \"tiered\", \"perItem\", was \"steps\"",
                "plan.json: $.commission.tiers: expected an array, was an object",
                "plan.json: $.performance.items[0]: expected an object, was 3",
                "plan.json: $.ranking.top: expected a whole number, was 1.5",
            ],
            errors);
    }

    [Fact]
    public void NotAnObject_OrNotJson_IsOneProblem()
    {
        Assert.Equal(["plan.json: $: expected an object, was an array"], Parse("[]").Errors);
        Assert.Single(Parse("{ ").Errors);
    }
}
