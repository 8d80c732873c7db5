using System.Collections.Immutable;
using CsPerf.Engine;
using CsPerf.Engine.Payroll;
using Xunit;
using static CsPerf.Tests.Payroll.PayrollFixture;

namespace CsPerf.Tests.Payroll;

/// <summary>Plan validation: issue 7 "validate a plan fully before scoring", every problem at once with its JSON path; domain.md §7.</summary>
public class PlanValidationTests
{
    private static ImmutableArray<PlanProblem> Problems(PayrollPlan plan) => PayrollEngine.Validate(plan);

    private static void HasProblem(PayrollPlan plan, string path, string messagePart)
    {
        var problems = Problems(plan);
        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(messagePart, StringComparison.Ordinal));
    }

    [Fact] // issue 7: the example plan is valid
    public void Validate_IssueExample_IsValid() => Assert.Empty(Problems(IssueExample()));

    [Fact] // contract.md: "$.performance.items[2].weight: weights sum to 90, not 100"
    public void Validate_WeightsNotSummingTo100_NamesTheSum()
    {
        var plan = WithPerformance(0, KpiLinear("aov", 40, 0, 1), KpiLinear("aov", 30, 0, 1), KpiLinear("aov", 20, 0, 1));
        Assert.Equal([new PlanProblem("$.performance.items[2].weight", "weights sum to 90, not 100")], Problems(plan).ToArray());
    }

    [Fact] // issue 7: every problem reported at once, each with its JSON path
    public void Validate_ManyFaults_AllReportedWithPaths()
    {
        var plan = IssueExample() with
        {
            Base = new BasePlan { Default = -1 },
            Commission = IssueExample().Commission! with { Tiers = [new(0, 0.01m), new(50000, 0.015m), new(40000, 0.02m)], Cap = -5 },
            Performance = IssueExample().Performance! with
            {
                Items =
                [
                    new PerformanceItem { Kpi = "inquiryToPaidRate", Weight = 40, Bands = [new(0.5m, 100), new(0.5m, 80)] },
                    new PerformanceItem { Kpi = "firstResponseAvg", Weight = 20, HigherIsBetter = true, Linear = new LinearScale(60, 15) },
                    new PerformanceItem { Kpi = "noSuchKpi", Weight = 20, Linear = new LinearScale(0, 0) },
                    new PerformanceItem { External = "qa", Weight = 20, Blend = new ScoreBlend(0.3m, 0.6m) },
                ],
                Grades = [new(90, "A", 1.2m), new(60, "C", 0.8m)],
            },
            Ranking = new RankingPlan { Top = -1 },
            Penalties = [new PenaltyItem { Kpi = "satisfactionRate", Amount = 5, BonusPercent = 1 }, new PenaltyItem { Kpi = "complaints", External = "violations", Amount = 1 }],
            Attendance = new AttendancePlan(),
        };
        var paths = Problems(plan).Select(p => p.Path).ToHashSet();
        string[] expected =
        [
            "$.base.default", "$.commission.cap", "$.commission.tiers[2].from",
            "$.performance.items[0].bands", "$.performance.items[0].bands[1].min", "$.performance.items[1].linear",
            "$.performance.items[2].kpi", "$.performance.items[2].linear", "$.performance.items[3].blend",
            "$.performance.grades", "$.ranking.top", "$.penalties[0].kpi", "$.penalties[0]", "$.penalties[1]",
            "$.attendance.fullAttendanceBonus",
        ];
        Assert.Empty(expected.Except(paths));
        Assert.Empty(paths.Except(expected));
    }

    [Fact] // §7 tiered: tiers ascending (strictly), from ≥ 0
    public void Validate_Tiers_StrictlyAscendingFromZeroUp()
    {
        var plan = WithCommission(new CommissionPlan { Mode = CommissionMode.Tiered, Method = TierMethod.Whole, Tiers = [new(-1, 0.01m), new(-1, 0.02m)] });
        HasProblem(plan, "$.commission.tiers[0].from", "between 0 and");
        HasProblem(plan, "$.commission.tiers[1].from", "strictly ascending");
    }

    [Fact] // issue 7: mode-specific fields (linear needs rate; tiered needs tiers and method; perItem needs amount and basis items)
    public void Validate_ModeSpecificFields()
    {
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.Linear }), "$.commission.rate", "required");
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.Linear, Rate = 0.1m, Tiers = [] }), "$.commission.tiers", "only used in tiered mode");
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.Tiered }), "$.commission.method", "required");
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.Tiered }), "$.commission.tiers", "at least one tier");
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.PerItem }), "$.commission.amount", "required");
        HasProblem(WithCommission(new CommissionPlan { Mode = CommissionMode.PerItem, Amount = 1, Basis = CommissionBasis.Sales }), "$.commission.basis", "items");
        HasProblem(WithCommission(new CommissionPlan()), "$.commission.mode", "required");
        Assert.Empty(Problems(WithCommission(new CommissionPlan { Mode = CommissionMode.PerItem, Amount = 1 })));
    }

    [Fact] // §7 bands: must cover every value from the lowest min up; decision: the lowest min must be ≤ 0
    public void Validate_BandsMustStartAtZeroOrBelow()
    {
        HasProblem(WithPerformance(0, KpiBands("aov", 100, (100m, 50), (200m, 100))), "$.performance.items[0].bands", "min 0");
        HasProblem(WithPerformance(0, KpiBands("aov", 100, (0m, 50), (200m, 120))), "$.performance.items[0].bands[1].points", "between 0 and 100");
        HasProblem(WithPerformance(0, KpiBands("aov", 100)), "$.performance.items[0].bands", "at least one band");
    }

    [Fact] // §7 linear: floor = target, or a higherIsBetter that contradicts the order, is a plan error
    public void Validate_Linear_FloorTargetAndDirection()
    {
        HasProblem(WithPerformance(0, KpiLinear("aov", 100, 100, 100)), "$.performance.items[0].linear", "must differ");
        HasProblem(WithPerformance(0, KpiLinear("aov", 100, 100, 200) with { HigherIsBetter = false }), "$.performance.items[0].linear", "higherIsBetter is false");
        HasProblem(WithPerformance(0, KpiLinear("firstResponseAvg", 100, 60, 15) with { HigherIsBetter = true }), "$.performance.items[0].linear", "higherIsBetter is true");
        Assert.Empty(Problems(WithPerformance(0, KpiLinear("firstResponseAvg", 100, 60, 15) with { HigherIsBetter = false })));
    }

    [Fact] // §7 external: blends must sum to 1; blend is for external items only; exactly one of kpi/external
    public void Validate_BlendAndSource()
    {
        HasProblem(WithPerformance(0, new PerformanceItem { External = "qa", Weight = 100, Blend = new ScoreBlend(0.5m, 0.6m) }), "$.performance.items[0].blend", "must be 1");
        HasProblem(WithPerformance(0, KpiLinear("aov", 100, 0, 1) with { Blend = ScoreBlend.Default }), "$.performance.items[0].blend", "external scores only");
        HasProblem(WithPerformance(0, new PerformanceItem { Weight = 100 }), "$.performance.items[0]", "exactly one of kpi and external");
        HasProblem(WithPerformance(0, new PerformanceItem { Kpi = "aov", Weight = 100 }), "$.performance.items[0]", "needs bands or linear");
    }

    [Fact] // issue 7: known KPI names come from the report composer's keys; rule suffixes are refused with a hint
    public void Validate_KpiNames_FromTheComposer()
    {
        HasProblem(WithPerformance(0, KpiLinear("sales_total", 100, 0, 1)), "$.performance.items[0].kpi", "unknown KPI sales_total");
        HasProblem(WithPerformance(0, KpiLinear("salesByOrder", 100, 0, 1)), "$.performance.items[0].kpi", "without its rule suffix");
        HasProblem(WithPerformance(0, KpiLinear("peakConcurrencyByHour", 100, 0, 1)), "$.performance.items[0].kpi", "not a single number");
        Assert.Contains("inquiryToPaidRate", KpiCatalog.Keys);
        Assert.Contains("complaints", KpiCatalog.CountKeys);
        Assert.DoesNotContain("complaintRate", KpiCatalog.CountKeys);
        Assert.Contains("postage", KpiCatalog.RuleKeys);
    }

    [Fact] // issue 7: the catalogue is the composer's own key list: a real report's agent KPIs have exactly these keys, in order
    public void KpiCatalog_Keys_AreTheKeysAReportEmits()
    {
        var s = new CsPerf.Tests.Engine.Scenario().In("10:00:00").Out("10:00:10").Order("o1", "10:30:00", "10:31:00");
        var agent = s.Report(allRules: true).Periods.Single().Agents.Single().Kpis;
        var suffixes = AttributionRules.Suffixes;
        var unsuffixed = agent.Select(kv => kv.Key).Where(k => !suffixes.Any(x => k.EndsWith(x, StringComparison.Ordinal) && KpiCatalog.IsRuleKey(k[..^x.Length]))).ToArray();
        Assert.Equal(KpiCatalog.Keys.ToArray(), unsuffixed);
        Assert.All(KpiCatalog.CountKeys, k => Assert.Equal(KpiKind.Count, agent[k].Kind));
        Assert.All(KpiCatalog.RuleKeys, k => Assert.True(agent.Contains(k + "ByPayment")));
    }

    [Fact] // §7 penalties: a count KPI, exactly one of amount/bonusPercent, bonusPercent needs a bonus
    public void Validate_PenaltyItems()
    {
        HasProblem(Plan() with { Penalties = [new PenaltyItem { Kpi = "replyRate", Amount = 1 }] }, "$.penalties[0].kpi", "not a count");
        HasProblem(Plan() with { Penalties = [new PenaltyItem { Kpi = "complaints" }] }, "$.penalties[0]", "exactly one of amount");
        HasProblem(Plan() with { Penalties = [new PenaltyItem { Kpi = "complaints", BonusPercent = 10 }] }, "$.penalties[0].bonusPercent", "no performance part");
        HasProblem(Plan() with { Penalties = [new PenaltyItem { External = "violations", Amount = 1, Free = -1 }] }, "$.penalties[0].free", "between 0 and");
    }

    [Fact] // §7 grades: cover the totals from 0 up, distinct mins, names and coefficients required
    public void Validate_Grades()
    {
        var plan = WithPerformance(0, KpiLinear("aov", 100, 0, 1));
        HasProblem(plan with { Performance = plan.Performance! with { Grades = [new(90, "A", 1), new(90, "B", 1)] } }, "$.performance.grades[1].min", "own min");
        HasProblem(plan with { Performance = plan.Performance! with { Grades = [new(0, "", null)] } }, "$.performance.grades[0].grade", "required");
        HasProblem(plan with { Performance = plan.Performance! with { Grades = [new(0, "D", null)] } }, "$.performance.grades[0].coefficient", "required");
        HasProblem(plan with { Performance = plan.Performance! with { Grades = null } }, "$.performance.grades", "needs grades");
    }

    [Fact] // §7 appliesTo: roles or agents
    public void Validate_AppliesTo()
    {
        HasProblem(BaseOnly with { AppliesTo = new PlanScope() }, "$.appliesTo", "roles");
        HasProblem(BaseOnly with { AppliesTo = new PlanScope { Roles = [PlanRole.Presale], Agents = ["a1"] } }, "$.appliesTo", "not both");
        HasProblem(BaseOnly with { AppliesTo = new PlanScope { Agents = ["a1", "a1"] } }, "$.appliesTo.agents[1]", "twice");
        HasProblem(Plan(), "$", "no part");
    }

    [Fact] // issue 7: scoring an invalid plan is refused
    public void Score_InvalidPlan_Throws() =>
        Assert.Throws<ArgumentException>(() => Run(Input(Agent("a1")), null, WithCommission(new CommissionPlan())));

    private static readonly PayrollPlan BaseOnly = Plan() with { Base = new BasePlan { Default = 1 } };
    [Fact] // issue 6 "no input makes csperf exit 1": numbers a plan may hold are bounded so scoring cannot overflow decimal
    public void Validate_HugeNumbers_AreOutOfRangeWithTheirPaths()
    {
        const decimal Huge = 79228162514264337593543950335m;
        var example = IssueExample();
        var plan = example with
        {
            Base = new BasePlan { Default = Huge },
            Commission = example.Commission! with { Tiers = [new(0, 0.01m), new(50000, Huge), new(Huge, 0.02m)] },
            Performance = example.Performance! with
            {
                BonusBase = Huge,
                Grades = [new(90, "A", Huge), new(-Huge, "D", 0)],
            },
            Penalties = [new PenaltyItem { Kpi = "complaints", Amount = Huge }, new PenaltyItem { External = "violations", BonusPercent = 101 }],
        };
        var problems = Problems(plan);
        string[] expected =
        [
            "$.base.default", "$.commission.tiers[1].rate", "$.commission.tiers[2].from", "$.performance.bonusBase",
            "$.performance.grades", "$.performance.grades[0].coefficient", "$.performance.grades[1].min", "$.penalties[0].amount",
            "$.penalties[1].bonusPercent",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.Select(p => p.Path).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(problems, p => p.Path == "$.base.default" && p.Message == "must be between 0 and 1000000000000, not 79228162514264337593543950335");
    }

    [Fact] // the largest numbers a plan may hold score without overflow on the largest sums a dataset can hold (docs/io.md "Input limits")
    public void Score_LargestPlanNumbersOnLargestSales_DoNotOverflow()
    {
        const decimal MaxMoney = 1_000_000_000_000m;
        decimal sales = MaxMoney * int.MaxValue;
        var plan = WithPerformance(MaxMoney, KpiLinear("aov", 100, -1_000_000_000_000_000m, 1_000_000_000_000_000m)) with
        {
            Base = new BasePlan { Default = MaxMoney },
            Commission = new CommissionPlan { Basis = CommissionBasis.Sales, Mode = CommissionMode.Tiered, Method = TierMethod.Progressive, Tiers = [new(0, 1_000_000m), new(MaxMoney, 1_000_000m)] },
            Penalties = [new PenaltyItem { Kpi = "complaints", Amount = MaxMoney }, new PenaltyItem { Kpi = "unreplied", BonusPercent = 100 }],
            Ranking = new RankingPlan { Reward = MaxMoney, Penalty = MaxMoney },
        };
        plan = plan with { Performance = plan.Performance! with { Grades = [new(0, "A", 1000m)] } };
        Assert.Empty(Problems(plan));
        var input = Input(
            Agent("a1", ("sales", sales), ("aov", 1e15), ("complaints", (long)int.MaxValue), ("unreplied", (long)int.MaxValue)),
            Agent("a2", ("sales", 0m)),
            Agent("a3", ("sales", 1m)));
        var slips = Slips(input, plan);
        Assert.Equal(sales * 1_000_000m, slips["a1"].Commission);
        Assert.Equal(slips["a1"].Base + slips["a1"].Commission + slips["a1"].Bonus + slips["a1"].RankingAdjustment + slips["a1"].Penalty, slips["a1"].TotalPay);
    }
}
