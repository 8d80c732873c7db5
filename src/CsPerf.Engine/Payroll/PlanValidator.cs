using System.Collections.Immutable;
using System.Globalization;
using CsPerf.Engine.Payroll;

namespace CsPerf.Engine.Payroll;

/// <summary>Checks a plan against domain.md §7 and collects every problem with its JSON path.</summary>
internal sealed class PlanValidator
{
    private readonly List<PlanProblem> _problems = [];

    public static ImmutableArray<PlanProblem> Validate(PayrollPlan plan)
    {
        var v = new PlanValidator();
        v.Plan(plan);
        return [.. v._problems];
    }

    private void Add(string path, string message) => _problems.Add(new PlanProblem(path, message));

    private static string N(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private void Plan(PayrollPlan plan)
    {
        if (string.IsNullOrWhiteSpace(plan.Name))
        {
            Add("$.name", "a plan needs a name");
        }

        if (plan.Base is null && plan.Commission is null && plan.Performance is null && plan.Ranking is null
            && plan.Penalties.IsDefaultOrEmpty && plan.Attendance is null)
        {
            Add("$", "the plan has no part: give at least one of base, commission, performance, ranking, penalties, attendance");
        }

        if (plan.AppliesTo is { } scope)
        {
            Scope(scope);
        }

        if (plan.Base is { } b)
        {
            Base(b);
        }

        if (plan.Commission is { } c)
        {
            Commission(c);
        }

        if (plan.Performance is { } p)
        {
            Performance(p);
        }

        if (plan.Ranking is { } r)
        {
            Ranking(r);
        }

        if (!plan.Penalties.IsDefault && plan.Penalties.Length > MaxPenaltyItems)
        {
            Add("$.penalties", $"at most {MaxPenaltyItems} penalty items, not {plan.Penalties.Length}");
        }

        if (!plan.Penalties.IsDefault)
        {
            for (int i = 0; i < plan.Penalties.Length; i++)
            {
                Penalty(plan.Penalties[i], $"$.penalties[{i}]", plan.Performance is not null);
            }
        }

        if (plan.Attendance is { } a)
        {
            Required(a.FullAttendanceBonus, "$.attendance.fullAttendanceBonus", "the full-attendance bonus");
            Money(a.FullAttendanceBonus, "$.attendance.fullAttendanceBonus");
        }
    }

    private void Scope(PlanScope scope)
    {
        if (scope.Roles is null && scope.Agents is null)
        {
            Add("$.appliesTo", "give roles (presale, aftersale) or agents (a list of agent ids)");
        }
        else if (scope.Roles is not null && scope.Agents is not null)
        {
            Add("$.appliesTo", "give roles or agents, not both");
        }

        if (scope.Roles is { } roles)
        {
            if (roles.IsDefaultOrEmpty)
            {
                Add("$.appliesTo.roles", "the list is empty: give presale, aftersale or both");
            }
            else if (roles.Distinct().Count() != roles.Length)
            {
                Add("$.appliesTo.roles", "a role is listed twice");
            }
        }

        if (scope.Agents is { } agents)
        {
            if (agents.IsDefaultOrEmpty)
            {
                Add("$.appliesTo.agents", "the list is empty: give at least one agent id");
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < agents.Length; i++)
            {
                if (string.IsNullOrEmpty(agents[i]))
                {
                    Add($"$.appliesTo.agents[{i}]", "an agent id cannot be empty");
                }
                else if (!seen.Add(agents[i]))
                {
                    Add($"$.appliesTo.agents[{i}]", $"agent {agents[i]} is listed twice");
                }
            }
        }
    }

    private void Base(BasePlan b)
    {
        Required(b.Default, "$.base.default", "the default base amount");
        Money(b.Default, "$.base.default");
        foreach (var (agent, amount) in b.Overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Money(amount, $"$.base.overrides.{agent}");
        }
    }

    private void Commission(CommissionPlan c)
    {
        const string P = "$.commission";
        if (c.Mode is not { } mode)
        {
            Add(P + ".mode", "required: linear, tiered or perItem");
            return;
        }

        Money(c.Cap, P + ".cap");
        OnlyIn(mode, CommissionMode.Linear, c.Rate is not null, P + ".rate");
        OnlyIn(mode, CommissionMode.Linear, c.Baseline is not null, P + ".baseline");
        OnlyIn(mode, CommissionMode.Tiered, c.Method is not null, P + ".method");
        OnlyIn(mode, CommissionMode.Tiered, c.Tiers is not null, P + ".tiers");
        OnlyIn(mode, CommissionMode.PerItem, c.Amount is not null, P + ".amount");
        switch (mode)
        {
            case CommissionMode.Linear:
                Required(c.Rate, P + ".rate", "linear mode needs a rate");
                Rate(c.Rate, P + ".rate");
                Money(c.Baseline, P + ".baseline");
                break;
            case CommissionMode.Tiered:
                Required(c.Method, P + ".method", "tiered mode needs a method: progressive or whole");
                Tiers(c.Tiers, P + ".tiers");
                break;
            case CommissionMode.PerItem:
                Required(c.Amount, P + ".amount", "perItem mode needs an amount per item");
                Money(c.Amount, P + ".amount");
                if (c.Basis == CommissionBasis.Sales)
                {
                    Add(P + ".basis", "perItem mode pays per item: use basis items (or leave basis out)");
                }

                break;
            default:
                Add(P + ".mode", "use linear, tiered or perItem");
                break;
        }
    }

    private void Tiers(ImmutableArray<CommissionTier>? tiers, string path)
    {
        if (tiers is not { IsDefaultOrEmpty: false } list)
        {
            Add(path, "tiered mode needs at least one tier");
            return;
        }

        decimal? previous = null;
        for (int i = 0; i < list.Length; i++)
        {
            var t = list[i];
            string at = $"{path}[{i}]";
            Required(t.Rate, at + ".rate", "a tier needs a rate");
            Rate(t.Rate, at + ".rate");
            if (t.From is not { } from)
            {
                Add(at + ".from", "required: a tier needs its lower bound");
                continue;
            }

            if (from < 0 || from > MaxMoney)
            {
                Add(at + ".from", $"must be between 0 and {N(MaxMoney)}, not {N(from)}");
            }

            if (previous is { } p && from <= p)
            {
                Add(at + ".from", $"tiers must be strictly ascending: {N(from)} follows {N(p)}");
            }

            previous = from;
        }
    }

    private void Performance(PerformancePlan p)
    {
        const string P = "$.performance";
        Required(p.BonusBase, P + ".bonusBase", "the bonus at coefficient 1 (0 for a score card used only for ranking)");
        Money(p.BonusBase, P + ".bonusBase");
        if (p.Items is not { IsDefaultOrEmpty: false } items)
        {
            Add(P + ".items", "a performance part needs at least one item");
        }
        else
        {
            decimal sum = 0;
            bool allWeights = true;
            for (int i = 0; i < items.Length; i++)
            {
                Item(items[i], $"{P}.items[{i}]");
                if (items[i].Weight is { } w && w >= 0 && w <= 100)
                {
                    sum += w;
                }
                else
                {
                    allWeights = false;
                }
            }

            if (allWeights && sum != 100)
            {
                Add($"{P}.items[{items.Length - 1}].weight", $"weights sum to {N(sum)}, not 100");
            }
        }

        Grades(p.Grades, P + ".grades");
    }

    private void Item(PerformanceItem item, string path)
    {
        bool external = ExactlyOneSource(item.Kpi, item.External, path);
        if (item.Kpi is { } kpi)
        {
            KnownKpi(kpi, path + ".kpi");
        }

        if (item.Weight is not { } weight)
        {
            Add(path + ".weight", "required: the item's weight (weights sum to 100)");
        }
        else if (weight < 0 || weight > 100)
        {
            Add(path + ".weight", $"must be between 0 and 100, not {N(weight)}");
        }

        if (item.Bands is not null && item.Linear is not null)
        {
            Add(path, "give bands or linear, not both");
        }
        else if (item.Kpi is not null && item.Bands is null && item.Linear is null)
        {
            Add(path, "a KPI item needs bands or linear to turn its value into points");
        }

        if (item.Bands is { } bands)
        {
            Bands(bands, path + ".bands");
        }

        if (item.Linear is { } linear)
        {
            Linear(linear, item.HigherIsBetter, path + ".linear");
        }

        if (item.Blend is { } blend)
        {
            if (!external)
            {
                Add(path + ".blend", "blend applies to external scores only");
            }

            Blend(blend, path + ".blend");
        }
    }

    private void Bands(ImmutableArray<ScoreBand> bands, string path)
    {
        if (bands.IsDefaultOrEmpty)
        {
            Add(path, "give at least one band");
            return;
        }

        var mins = new Dictionary<decimal, int>();
        for (int i = 0; i < bands.Length; i++)
        {
            string at = $"{path}[{i}]";
            if (bands[i].Min is not { } min)
            {
                Add(at + ".min", "required: the band's lower bound");
            }
            else if (!Scale(min, at + ".min"))
            {
                // reported; not a usable min
            }
            else if (mins.TryGetValue(min, out int first))
            {
                Add(at + ".min", $"min {N(min)} is also the min of band {first}: each band needs its own min");
            }
            else
            {
                mins.Add(min, i);
            }

            Points(bands[i].Points, at + ".points");
        }

        if (mins.Count > 0 && mins.Keys.Min() is var lowest && lowest > 0)
        {
            Add(path, $"the bands must cover every value from 0 up: the lowest min is {N(lowest)}; add a band with min 0");
        }
    }

    private void Points(decimal? points, string path)
    {
        if (points is not { } p)
        {
            Add(path, "required: the band's points (0–100)");
        }
        else if (p < 0 || p > 100)
        {
            Add(path, $"points must be between 0 and 100, not {N(p)}");
        }
    }

    private void Linear(LinearScale linear, bool? higherIsBetter, string path)
    {
        Required(linear.Floor, path + ".floor", "the value scoring 0 points");
        Required(linear.Target, path + ".target", "the value scoring 100 points");
        if (linear.Floor is not { } floor || linear.Target is not { } target
            || !Scale(floor, path + ".floor") | !Scale(target, path + ".target"))
        {
            return;
        }

        if (floor == target)
        {
            Add(path, $"floor and target are both {N(floor)}: they must differ");
        }
        else if (higherIsBetter == true && floor > target)
        {
            Add(path, $"higherIsBetter is true but floor {N(floor)} > target {N(target)} means lower is better");
        }
        else if (higherIsBetter == false && floor < target)
        {
            Add(path, $"higherIsBetter is false but floor {N(floor)} < target {N(target)} means higher is better");
        }
    }

    private void Blend(ScoreBlend blend, string path)
    {
        Required(blend.Self, path + ".self", "the weight of the self-assessment");
        Required(blend.Manager, path + ".manager", "the weight of the manager's assessment");
        Fraction(blend.Self, path + ".self");
        Fraction(blend.Manager, path + ".manager");
        if (blend.Self is { } s && blend.Manager is { } m && s + m != 1)
        {
            Add(path, $"self + manager must be 1, not {N(s + m)}");
        }
    }

    private void Fraction(decimal? value, string path)
    {
        if (value is { } v && (v < 0 || v > 1))
        {
            Add(path, $"must be between 0 and 1, not {N(v)}");
        }
    }

    private void Grades(ImmutableArray<GradeBand>? grades, string path)
    {
        if (grades is not { IsDefaultOrEmpty: false } list)
        {
            Add(path, "a performance part needs grades (min, grade, coefficient)");
            return;
        }

        var mins = new Dictionary<decimal, int>();
        for (int i = 0; i < list.Length; i++)
        {
            string at = $"{path}[{i}]";
            var g = list[i];
            if (g.Min is not { } min)
            {
                Add(at + ".min", "required: the grade's lowest total score");
            }
            else if (!Scale(min, at + ".min"))
            {
                // reported; not a usable min
            }
            else if (mins.TryGetValue(min, out int first))
            {
                Add(at + ".min", $"min {N(min)} is also the min of grade {first}: each grade needs its own min");
            }
            else
            {
                mins.Add(min, i);
            }

            if (string.IsNullOrWhiteSpace(g.Grade))
            {
                Add(at + ".grade", "required: the grade's name");
            }

            Required(g.Coefficient, at + ".coefficient", "the bonus coefficient");
            Bounded(g.Coefficient, at + ".coefficient", MaxCoefficient);
        }

        if (mins.Count > 0 && mins.Keys.Min() is var lowest && lowest > 0)
        {
            Add(path, $"the grades must cover every total from 0 up: the lowest min is {N(lowest)}; add a grade with min 0");
        }
    }

    private void Ranking(RankingPlan r)
    {
        const string P = "$.ranking";
        Count(r.Top, P + ".top");
        Money(r.Reward, P + ".reward");
        Count(r.Bottom, P + ".bottom");
        Money(r.Penalty, P + ".penalty");
        Count(r.ImprovementPlanBottom, P + ".improvementPlanBottom");
        Count(r.TransferAfterLastPeriods, P + ".transferAfterLastPeriods");
    }

    private void Penalty(PenaltyItem item, string path, bool hasPerformance)
    {
        ExactlyOneSource(item.Kpi, item.External, path);
        if (item.Kpi is { } kpi && KnownKpi(kpi, path + ".kpi") && KpiDefinitions.Find(kpi)!.Kind != KpiUnitKind.Count)
        {
            Add(path + ".kpi", $"{kpi} is not a count: a penalty charges a count KPI (complaints, noResponseRecords, negativeReviews, slowReceptions, unreplied, …)");
        }

        Money(item.Free, path + ".free");
        if (item.Amount is null == item.BonusPercent is null)
        {
            Add(path, "give exactly one of amount (money per unit) and bonusPercent (percent of the bonus per unit)");
        }

        Money(item.Amount, path + ".amount");
        Bounded(item.BonusPercent, path + ".bonusPercent", 100);
        if (item.BonusPercent is not null && !hasPerformance)
        {
            Add(path + ".bonusPercent", "the plan has no performance part, so no bonus to take a percent of");
        }

        Money(item.Cap, path + ".cap");
    }

    /// <summary>Checks that exactly one of kpi/external is given; returns whether the item is external.</summary>
    private bool ExactlyOneSource(string? kpi, string? external, string path)
    {
        if (kpi is null == external is null)
        {
            Add(path, "give exactly one of kpi and external");
        }

        if (kpi is "")
        {
            Add(path + ".kpi", "a KPI name cannot be empty");
        }

        if (external is "")
        {
            Add(path + ".external", "an external score kind cannot be empty");
        }

        return external is not null;
    }

    /// <summary>Whether <paramref name="kpi"/> is an unsuffixed single-number key of the catalogue; else says why not.</summary>
    private bool KnownKpi(string kpi, string path)
    {
        if (kpi.Length == 0)
        {
            return false;
        }

        if (!KpiDefinitions.TryResolve(kpi, out var definition, out var rule))
        {
            Add(path, $"unknown KPI {kpi}");
            return false;
        }

        if (rule is not null)
        {
            Add(path, $"name the KPI without its rule suffix ({definition.Key}); commission.rule sets the rule the plan reads");
            return false;
        }

        if (!definition.IsNumber)
        {
            Add(path, $"{kpi} is not a single number: it holds {definition.NotANumber}; a plan reads one number per agent");
            return false;
        }

        return true;
    }

    private void Required<T>(T? value, string path, string what)
        where T : struct
    {
        if (value is null)
        {
            Add(path, "required: " + what);
        }
    }

    /// <summary>Largest money amount in a plan: the largest amount a dataset holds (docs/io.md "Input limits").</summary>
    private const decimal MaxMoney = AmountRules.MaxAmount;

    /// <summary>Largest commission rate (a fraction of money, or money per item).</summary>
    private const decimal MaxRate = 1_000_000m;

    /// <summary>Largest grade coefficient.</summary>
    private const decimal MaxCoefficient = 1_000m;

    /// <summary>Largest magnitude of a KPI threshold (band and grade mins, linear floor and target).</summary>
    private const decimal MaxScale = 1_000_000_000_000_000m;

    private void Money(decimal? value, string path) => Bounded(value, path, MaxMoney);

    private void Rate(decimal? value, string path) => Bounded(value, path, MaxRate);

    /// <summary>
    /// A value from 0 to <paramref name="max"/>: the bounds keep every product and sum of scoring far inside
    /// <see cref="decimal"/> (docs/payroll.md "Limits").
    /// </summary>
    private void Bounded(decimal? value, string path, decimal max)
    {
        if (value is { } v && (v < 0 || v > max))
        {
            Add(path, $"must be between 0 and {N(max)}, not {N(v)}");
        }
    }

    private bool Scale(decimal value, string path)
    {
        if (value < -MaxScale || value > MaxScale)
        {
            Add(path, $"must be between -{N(MaxScale)} and {N(MaxScale)}, not {N(value)}");
            return false;
        }

        return true;
    }

    /// <summary>Largest ranking count (top, bottom, …): far more agents than any team has.</summary>
    private const int MaxRankingCount = 1_000_000;

    /// <summary>
    /// Most penalty items: each is at most 10^12 × 10^15 (bonus) ≈ 10^27 before its cap, so their sum stays inside
    /// <see cref="decimal"/>.
    /// </summary>
    private const int MaxPenaltyItems = 20;

    private void Count(int? value, string path)
    {
        if (value is { } v && (v < 0 || v > MaxRankingCount))
        {
            Add(path, $"must be between 0 and {MaxRankingCount.ToString(CultureInfo.InvariantCulture)}, not {v.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A field of one commission mode given in another mode: a plan half-edited from one mode to another.</summary>
    private void OnlyIn(CommissionMode mode, CommissionMode owner, bool present, string path)
    {
        if (present && mode != owner)
        {
            string name = owner switch { CommissionMode.Linear => "linear", CommissionMode.Tiered => "tiered", _ => "perItem" };
            Add(path, $"only used in {name} mode; remove it or change the mode");
        }
    }
}
