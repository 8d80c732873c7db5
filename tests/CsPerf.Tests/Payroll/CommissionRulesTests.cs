using CsPerf.Engine.Payroll;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Commission 提成: domain.md §7 "Commission".</summary>
public class CommissionRulesTests
{
    private static readonly CommissionTier[] ThreeTiers = [new(0, 0.01m), new(50000, 0.015m), new(100000, 0.02m)];

    private static Payslip Commission(decimal sales, CommissionPlan plan, params (string, object?)[] more) =>
        Slip(Input(Agent("a1", [("sales", sales), .. more])), WithCommission(plan));

    [Fact] // §7 linear: max(0, basis − baseline) × rate; (35000 − 5000) × 2% = 600
    public void Commission_Linear_PaysRateAboveBaseline()
    {
        var s = Commission(35000m, new CommissionPlan { Mode = CommissionMode.Linear, Baseline = 5000, Rate = 0.02m });
        Assert.Equal(600.00m, s.Commission);
        Assert.Equal(35000m, s.CommissionBasis);
        Assert.Null(s.Bands);
    }

    [Fact] // §7 linear: a basis below the baseline earns 0, never a negative commission
    public void Commission_Linear_BelowBaseline_IsZero() =>
        Assert.Equal(0m, Commission(4000m, new CommissionPlan { Mode = CommissionMode.Linear, Baseline = 5000, Rate = 0.02m }).Commission);

    [Fact] // §7 tiered progressive: Σ (part of the basis inside each tier) × its rate
    public void Commission_TieredProgressive_SumsEachTierPart()
    {
        var s = Commission(120000m, new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Progressive, Tiers = [.. ThreeTiers] });
        Assert.Equal(500m + 750m + 400m, s.Commission); // 50000 × 1% + 50000 × 1.5% + 20000 × 2%
        Assert.Equal(
            [new CommissionBandLine(0, 50000, 0.01m, 50000, 500), new CommissionBandLine(50000, 100000, 0.015m, 50000, 750), new CommissionBandLine(100000, null, 0.02m, 20000, 400)],
            s.Bands!.Value.ToArray());
    }

    [Fact] // §7 tiered: tier i covers [from_i, from_{i+1}); exactly on a boundary the upper tier is reached with 0 inside it
    public void Commission_TieredProgressive_OnTierBoundary_PaysLowerTiersOnly()
    {
        var s = Commission(50000m, new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Progressive, Tiers = [.. ThreeTiers] });
        Assert.Equal(500.00m, s.Commission);
        Assert.Equal(2, s.Bands!.Value.Length);
        Assert.Equal(0m, s.Bands.Value[1].Amount);
    }

    [Fact] // §7 whole: the whole basis × the rate of the highest tier with from ≤ basis (on a boundary: that tier)
    public void Commission_TieredWhole_OnTierBoundary_UsesThatTier()
    {
        var s = Commission(50000m, new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Whole, Tiers = [.. ThreeTiers] });
        Assert.Equal(750.00m, s.Commission);
        Assert.Equal([new CommissionBandLine(50000, 100000, 0.015m, 50000, 750)], s.Bands!.Value.ToArray());
        Assert.Equal(499.99m, Commission(49999m, new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Whole, Tiers = [.. ThreeTiers] }).Commission);
    }

    [Fact] // §7 tiered: the first tier may start above 0; below it the commission is 0
    public void Commission_Tiered_BelowFirstTier_IsZero()
    {
        var plan = new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Whole, Tiers = [new(10000, 0.02m)] };
        var s = Commission(9999.99m, plan);
        Assert.Equal(0m, s.Commission);
        Assert.Empty(s.Bands!.Value.ToArray());
        Assert.Equal(0m, Commission(10000m, plan with { Method = TierMethod.Progressive }).Commission);
    }

    [Fact] // §7 tiered progressive above a first tier from 10000: only the part above 10000 earns
    public void Commission_TieredProgressive_FirstTierAbove0_PaysFromItsFrom()
    {
        var plan = new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Progressive, Tiers = [new(10000, 0.02m)] };
        Assert.Equal(40.00m, Commission(12000m, plan).Commission);
    }

    [Fact] // §7 perItem: amount × items (basis items)
    public void Commission_PerItem_PaysAmountPerItem()
    {
        var s = Commission(0m, new CommissionPlan { Mode = CommissionMode.PerItem, Amount = 2.5m }, ("items", 120));
        Assert.Equal(300.00m, s.Commission);
        Assert.Equal(120m, s.CommissionBasis);
    }

    [Fact] // §7: with an items basis, rate is money per item
    public void Commission_LinearOnItems_RateIsMoneyPerItem() =>
        Assert.Equal(150.00m, Commission(0m, new CommissionPlan { Basis = CommissionBasis.Items, Mode = CommissionMode.Linear, Baseline = 100, Rate = 3m }, ("items", 150)).Commission);

    [Fact] // §7 cap 封顶: limits the exact commission, before rounding
    public void Commission_AboveCap_IsTheCap()
    {
        var s = Commission(600000m, new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.01m, Cap = 5000 });
        Assert.Equal(5000.00m, s.Commission);
        Assert.Equal(6000m, s.CommissionBeforeCap);
        Assert.True(s.CapApplied);
    }

    [Fact] // §7 cap: exactly at the cap the commission is the cap, not lowered
    public void Commission_ExactlyAtCap_IsNotCapped()
    {
        var s = Commission(500000m, new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.01m, Cap = 5000 });
        Assert.Equal(5000.00m, s.Commission);
        Assert.False(s.CapApplied);
    }

    [Fact] // §7 cap: the exact value is capped before rounding (5000.004 → 5000, not 5000.00 from a rounded 5000.00)
    public void Commission_CapAppliesToExactValueBeforeRounding()
    {
        var s = Commission(500000.4m, new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.01m, Cap = 5000 });
        Assert.Equal(5000.004m, s.CommissionBeforeCap);
        Assert.True(s.CapApplied);
        Assert.Equal(5000.00m, s.Commission);
    }

    [Fact] // §7 basis: sales − postage (deductPostage) − refundAmount (deductRefunds)
    public void Commission_Basis_DeductsPostageAndRefunds()
    {
        var s = Commission(35000m, new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.02m, DeductPostage = true, DeductRefunds = true }, ("postage", 400m), ("refundAmount", 600m));
        Assert.Equal(34000m, s.CommissionBasis);
        Assert.Equal(new CommissionDeductions(400m, 600m), s.Deductions);
        Assert.Equal(680.00m, s.Commission);
    }

    [Fact] // §7 basis: a negative basis is 0
    public void Commission_NegativeBasis_IsZero()
    {
        var s = Commission(1000m, new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.02m, DeductPostage = true, DeductRefunds = true }, ("postage", 300m), ("refundAmount", 800m));
        Assert.Equal(0m, s.CommissionBasis);
        Assert.Equal(0m, s.Commission);
    }

    [Fact] // §7 basis: postage is deducted from money bases only; refunds from items are refundItems
    public void Commission_ItemsBasis_DeductsRefundItemsNotPostage()
    {
        var s = Commission(0m, new CommissionPlan { Mode = CommissionMode.PerItem, Amount = 1, DeductPostage = true, DeductRefunds = true }, ("items", 50), ("refundItems", 5), ("postage", 12m));
        Assert.Equal(45m, s.CommissionBasis);
        Assert.Equal(new CommissionDeductions(null, 5m), s.Deductions);
    }

    [Fact] // §7 "the KPIs under the plan's rule"; contract.md: suffixed keys when the report's rule differs
    public void Commission_PlanRuleDiffersFromReport_ReadsSuffixedKeys()
    {
        var input = Input(Agent("a1", ("sales", 1000m), ("salesByOrder", 2000m)));
        var plan = WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.1m, Rule = AttributionRule.Order });
        Assert.Equal(200.00m, Slip(input, plan).Commission);
        Assert.Equal(100.00m, Slip(input, plan with { Commission = plan.Commission! with { Rule = AttributionRule.OrderFirst } }).Commission);
    }

    [Fact] // contract.md: a KPI missing from the report (a report not run with --rule all) is an input problem
    public void Commission_SuffixedKeyMissing_IsProblem()
    {
        var input = Input(Agent("a1", ("sales", 1000m)));
        var plan = WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.1m, Rule = AttributionRule.Payment });
        var result = Run(input, null, plan);
        var p = Assert.Single(result.Problems, p => p.Field == "salesByPayment");
        Assert.Equal(("kpis", "a1"), (p.Source, p.Agent));
    }
}
