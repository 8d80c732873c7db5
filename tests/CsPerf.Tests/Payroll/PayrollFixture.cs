using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsPerf.Engine;
using CsPerf.Engine.Payroll;
using NodaTime;
using Xunit;

namespace CsPerf.Tests.Payroll;

/// <summary>Builds payroll inputs and plans for the tests: KPI sets with just the keys a test needs, plus zeros.</summary>
internal static class PayrollFixture
{
    public static readonly YearMonth Month = new(2026, 11);

    /// <summary>
    /// An agent's KPIs: every count key 0, sales/postage/refundAmount 0.00, everything else null, then the given
    /// values (int/long → count, decimal → money, double → real, null → no value). A key given with a rule suffix is added.
    /// </summary>
    public static KpiSet Kpis(params (string Key, object? Value)[] values)
    {
        var map = new Dictionary<string, KpiValue>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string key, KpiValue v)
        {
            if (!map.ContainsKey(key))
            {
                order.Add(key);
            }

            map[key] = v;
        }

        foreach (string key in KpiCatalog.NumberKeys)
        {
            Set(key, KpiCatalog.CountKeys.Contains(key) ? KpiValue.FromCount(0) : key is "sales" or "postage" or "refundAmount" ? KpiValue.FromMoney(0m) : KpiValue.Null);
        }

        foreach (var (key, value) in values)
        {
            Set(key, value switch
            {
                null => KpiValue.Null,
                int i => KpiValue.FromCount(i),
                long l => KpiValue.FromCount(l),
                decimal m => KpiValue.FromMoney(m),
                double d => KpiValue.FromReal(d),
                _ => throw new ArgumentException(key),
            });
        }

        return new KpiSet(order.Select(k => new KeyValuePair<string, KpiValue>(k, map[k])));
    }

    public static PayrollAgent Agent(string id, params (string Key, object? Value)[] kpis) => new(id, "name " + id, true, Kpis(kpis));

    public static PayrollAgent AfterSale(string id, params (string Key, object? Value)[] kpis) => new(id, "name " + id, false, Kpis(kpis));

    public static PayrollInput Input(params PayrollAgent[] agents) => new()
    {
        Period = Month,
        ReportRule = AttributionRule.OrderFirst,
        Final = true,
        Agents = [.. agents],
    };

    public static ExternalScore Score(string agent, string kind, decimal? self, decimal? manager) => new(agent, Month, kind, self, manager, null);

    public static ExternalScore Count(string agent, string kind, long count) => new(agent, Month, kind, null, null, count);

    public static AttendanceRecord Attend(string agent, int scheduled, int worked) => new(agent, Month, scheduled, worked);

    public static readonly PayrollOptions Strict = new();

    public static readonly PayrollOptions Lenient = new() { Lenient = true };

    public static PayrollResult Run(PayrollInput input, PayrollOptions? options, params PayrollPlan[] plans) =>
        PayrollEngine.Score(input, [.. plans], options ?? Strict);

    /// <summary>Scores one plan and returns its payslips by agent; fails on any input problem.</summary>
    public static Dictionary<string, Payslip> Slips(PayrollInput input, PayrollPlan plan, PayrollOptions? options = null)
    {
        var result = Run(input, options, plan);
        Assert.Empty(result.Problems);
        return result.Plans.Single().Payslips.ToDictionary(s => s.Agent);
    }

    public static Payslip Slip(PayrollInput input, PayrollPlan plan, PayrollOptions? options = null) => Slips(input, plan, options).Values.Single();

    public static PayrollPlan Plan(string name = "p") => new() { Name = name };

    public static PayrollPlan WithCommission(CommissionPlan c) => Plan() with { Commission = c };

    public static PerformanceItem KpiLinear(string kpi, decimal weight, decimal floor, decimal target) =>
        new() { Kpi = kpi, Weight = weight, Linear = new LinearScale(floor, target) };

    public static PerformanceItem KpiBands(string kpi, decimal weight, params (decimal Min, decimal Points)[] bands) =>
        new() { Kpi = kpi, Weight = weight, Bands = [.. bands.Select(b => new ScoreBand(b.Min, b.Points))] };

    public static readonly ImmutableArray<GradeBand> ChituGrades =
        [new(90, "A", 1.2m), new(75, "B", 1.0m), new(60, "C", 0.8m), new(0, "D", 0m)];

    public static PayrollPlan WithPerformance(decimal bonusBase, params PerformanceItem[] items) =>
        Plan() with { Performance = new PerformancePlan { BonusBase = bonusBase, Items = [.. items], Grades = ChituGrades } };

    /// <summary>The plan of issue 7, as the JSON there reads.</summary>
    public static PayrollPlan IssueExample() => new()
    {
        Name = "2026 standard",
        AppliesTo = new PlanScope { Roles = [PlanRole.Presale] },
        Base = new BasePlan { Default = 3000, Overrides = ImmutableDictionary<string, decimal>.Empty.Add("a2", 3500), Prorate = true },
        Commission = new CommissionPlan
        {
            Basis = CommissionBasis.Sales, DeductPostage = true, DeductRefunds = true, Rule = AttributionRule.OrderFirst,
            Mode = CommissionMode.Tiered, Method = TierMethod.Progressive, Cap = 5000,
            Tiers = [new(0, 0.01m), new(50000, 0.015m), new(100000, 0.02m)],
        },
        Performance = new PerformancePlan
        {
            BonusBase = 1000,
            Items =
            [
                new PerformanceItem { Kpi = "inquiryToPaidRate", Weight = 40, HigherIsBetter = true, Bands = [new(0.5m, 100), new(0.4m, 80), new(0.3m, 60), new(0, 0)] },
                new PerformanceItem { Kpi = "firstResponseAvg", Weight = 20, HigherIsBetter = false, Linear = new LinearScale(60, 15) },
                new PerformanceItem { Kpi = "aov", Weight = 20, Linear = new LinearScale(100, 220) },
                new PerformanceItem { External = "qa", Weight = 20, Blend = new ScoreBlend(0.3m, 0.7m) },
            ],
            Grades = ChituGrades,
        },
        Ranking = new RankingPlan { Top = 1, Reward = 100, Bottom = 1, Penalty = 100, ImprovementPlanBottom = 2, TransferAfterLastPeriods = 3 },
        Penalties =
        [
            new PenaltyItem { Kpi = "complaints", Free = 1, Amount = 50, Cap = 200 },
            new PenaltyItem { External = "violations", BonusPercent = 20 },
        ],
        Attendance = new AttendancePlan { FullAttendanceBonus = 200 },
    };

    /// <summary>Every field of a payslip as text, for comparing payslips computed separately.</summary>
    public static string Canon(Payslip s)
    {
        var b = new StringBuilder();
        static string N(object? o) => o switch
        {
            null => "null",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => o.ToString() ?? string.Empty,
        };
        b.Append(CultureInfo.InvariantCulture, $"{s.Agent}|{s.Name}|{N(s.Base)}|{N(s.BaseBeforeProration)}|{s.Prorated}|{N(s.CommissionBasis)}|{N(s.GrossBasis)}|");
        b.Append(CultureInfo.InvariantCulture, $"{N(s.Deductions?.Postage)}|{N(s.Deductions?.Refunds)}|{N(s.Commission)}|{N(s.CommissionBeforeCap)}|{s.CapApplied}|");
        foreach (var band in s.Bands ?? [])
        {
            b.Append(CultureInfo.InvariantCulture, $"[{N(band.From)},{N(band.To)},{N(band.Rate)},{N(band.Amount)},{N(band.Commission)}]");
        }

        foreach (var i in s.Items ?? [])
        {
            b.Append(CultureInfo.InvariantCulture, $"[{i.Item},{i.IsExternal},{N(i.Raw)},{N(i.External?.Self)},{N(i.External?.Manager)},{N(i.Weight)},{N(i.Points)},{N(i.Weighted)}]");
        }

        b.Append(CultureInfo.InvariantCulture, $"|{N(s.TotalScore)}|{s.Grade}|{N(s.Coefficient)}|{N(s.Bonus)}|{N(s.Rank)}|{N(s.RankOf)}|{N(s.RankingAdjustment)}|{s.RankingApplied}|");
        foreach (var p in s.Penalties ?? [])
        {
            b.Append(CultureInfo.InvariantCulture, $"[{p.Item},{p.IsExternal},{p.Count},{N(p.Units)},{N(p.Amount)},{p.CapApplied}]");
        }

        b.Append(CultureInfo.InvariantCulture, $"|{N(s.PenaltyBeforeLimit)}|{N(s.Penalty)}|{s.PenaltyLimited}|{N(s.Attendance?.ScheduledDays)}|{N(s.Attendance?.WorkedDays)}|{N(s.FullAttendanceBonus)}|");
        foreach (var f in s.Flags)
        {
            b.Append(CultureInfo.InvariantCulture, $"[{f.Flag},{f.Item},{string.Join(",", f.Periods)}]");
        }

        b.Append(CultureInfo.InvariantCulture, $"|{N(s.TotalPay)}");
        return b.ToString();
    }
}
