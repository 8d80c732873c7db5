using System.Collections.Immutable;

namespace CsPerf.Engine.Payroll;

/// <summary>
/// A payroll plan 绩效考核方案 (domain.md §7): up to six optional parts scored on one month's KPIs. The shape mirrors
/// the plan JSON: each property is the JSON name in PascalCase, and a field the JSON may omit is nullable so that
/// validation can tell "absent" from a value.
/// </summary>
/// <remarks>
/// A plan is validated as a whole (every problem with its JSON path) before it is scored; an unvalidated plan must
/// not be scored.
/// </remarks>
public sealed record PayrollPlan
{
    /// <summary>The plan's name (<c>name</c>), shown on every payslip.</summary>
    public required string Name { get; init; }

    /// <summary>Who the plan scores (<c>appliesTo</c>); null = the default <c>{"roles":["presale"]}</c>.</summary>
    public PlanScope? AppliesTo { get; init; }

    /// <summary>Base pay 底薪 (<c>base</c>), or null when the plan has none.</summary>
    public BasePlan? Base { get; init; }

    /// <summary>Commission 提成 (<c>commission</c>), or null when the plan has none.</summary>
    public CommissionPlan? Commission { get; init; }

    /// <summary>Performance score card 绩效 (<c>performance</c>), or null when the plan has none.</summary>
    public PerformancePlan? Performance { get; init; }

    /// <summary>Ranking rewards and penalties 排名奖惩 (<c>ranking</c>), or null when the plan has none.</summary>
    public RankingPlan? Ranking { get; init; }

    /// <summary>Penalty items 扣罚 (<c>penalties</c>); empty when the plan has none.</summary>
    public ImmutableArray<PenaltyItem> Penalties { get; init; } = ImmutableArray<PenaltyItem>.Empty;

    /// <summary>Attendance 考勤 (<c>attendance</c>), or null when the plan has none.</summary>
    public AttendancePlan? Attendance { get; init; }
}

/// <summary>A role a plan can apply to (<c>appliesTo.roles</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PlanRole>))]
public enum PlanRole : byte
{
    /// <summary><c>presale</c>: agents with at least one presale account.</summary>
    Presale = 0,

    /// <summary><c>aftersale</c>: agents whose accounts are all after-sale.</summary>
    Aftersale = 1,
}

/// <summary>Who a plan scores (<c>appliesTo</c>): roles, or a list of agent ids.</summary>
public sealed record PlanScope
{
    /// <summary>The roles (<c>roles</c>), or null when absent.</summary>
    public ImmutableArray<PlanRole>? Roles { get; init; }

    /// <summary>Agent ids (<c>agents</c>), or null when absent.</summary>
    public ImmutableArray<string>? Agents { get; init; }
}

/// <summary>Base pay 底薪 (<c>base</c>).</summary>
public sealed record BasePlan
{
    /// <summary>The amount of every agent without an override (<c>default</c>); null when absent.</summary>
    public decimal? Default { get; init; }

    /// <summary>Per-agent amounts (<c>overrides</c>: agent id → amount).</summary>
    public ImmutableDictionary<string, decimal> Overrides { get; init; } = ImmutableDictionary<string, decimal>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Whether the base is paid for the days worked, base × worked ÷ scheduled (<c>prorate</c>, default false).</summary>
    public bool? Prorate { get; init; }
}

/// <summary>What a commission is computed on (<c>commission.basis</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<CommissionBasis>))]
public enum CommissionBasis : byte
{
    /// <summary><c>sales</c>: the agent's credited sales (money).</summary>
    Sales = 0,

    /// <summary><c>items</c>: the agent's credited items (a count); rates are money per item.</summary>
    Items = 1,
}

/// <summary>How a commission is computed (<c>commission.mode</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<CommissionMode>))]
public enum CommissionMode : byte
{
    /// <summary><c>linear</c>: max(0, basis − baseline) × rate.</summary>
    Linear = 0,

    /// <summary><c>tiered</c>: by tiers, <see cref="TierMethod.Progressive"/> or <see cref="TierMethod.Whole"/>.</summary>
    Tiered = 1,

    /// <summary><c>perItem</c>: amount × items.</summary>
    PerItem = 2,
}

/// <summary>How tiers apply (<c>commission.method</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<TierMethod>))]
public enum TierMethod : byte
{
    /// <summary><c>progressive</c> 超额累进: each part of the basis at its tier's rate.</summary>
    Progressive = 0,

    /// <summary><c>whole</c> 全额: the whole basis at the rate of the highest tier reached.</summary>
    Whole = 1,
}

/// <summary>Commission 提成 (<c>commission</c>).</summary>
public sealed record CommissionPlan
{
    /// <summary><c>basis</c>: sales or items; null when absent (sales).</summary>
    public CommissionBasis? Basis { get; init; }

    /// <summary><c>deductPostage</c>: subtract the agent's <c>postage</c> from a sales basis (default false).</summary>
    public bool? DeductPostage { get; init; }

    /// <summary><c>deductRefunds</c>: subtract <c>refundAmount</c> (items: <c>refundItems</c>) from the basis (default false).</summary>
    public bool? DeductRefunds { get; init; }

    /// <summary><c>rule</c>: the attribution rule whose KPIs the whole plan reads; null = the config's rule.</summary>
    public AttributionRule? Rule { get; init; }

    /// <summary><c>mode</c>: linear, tiered or perItem; required.</summary>
    public CommissionMode? Mode { get; init; }

    /// <summary><c>method</c>: progressive or whole; required for tiered.</summary>
    public TierMethod? Method { get; init; }

    /// <summary><c>baseline</c>: the part of the basis earning nothing in linear mode (default 0).</summary>
    public decimal? Baseline { get; init; }

    /// <summary><c>rate</c>: linear rate (a fraction of sales, or money per item for an items basis).</summary>
    public decimal? Rate { get; init; }

    /// <summary><c>amount</c>: money per item in perItem mode.</summary>
    public decimal? Amount { get; init; }

    /// <summary><c>cap</c> 封顶: the most the commission can be (exact, before rounding and ranking), or null.</summary>
    public decimal? Cap { get; init; }

    /// <summary><c>tiers</c>: ascending tiers for tiered mode, or null when absent.</summary>
    public ImmutableArray<CommissionTier>? Tiers { get; init; }
}

/// <summary>A commission tier (<c>tiers[i]</c>): covers <c>[From, next From)</c>.</summary>
/// <param name="From">Lower bound of the tier (<c>from</c>), inclusive.</param>
/// <param name="Rate">Rate inside the tier (<c>rate</c>).</param>
public sealed record CommissionTier(decimal? From, decimal? Rate);

/// <summary>Performance score card 绩效 (<c>performance</c>).</summary>
public sealed record PerformancePlan
{
    /// <summary><c>bonusBase</c>: the bonus at coefficient 1 (bonus = bonusBase × coefficient).</summary>
    public decimal? BonusBase { get; init; }

    /// <summary><c>items</c>: scored items, weights summing to 100; null when absent.</summary>
    public ImmutableArray<PerformanceItem>? Items { get; init; }

    /// <summary><c>grades</c>: grade bands on the exact total score; null when absent.</summary>
    public ImmutableArray<GradeBand>? Grades { get; init; }
}

/// <summary>One scored item (<c>performance.items[i]</c>): a KPI or an external score, with a weight.</summary>
public sealed record PerformanceItem
{
    /// <summary><c>kpi</c>: a KPI key (unsuffixed; read under the plan's rule); exactly one of kpi/external.</summary>
    public string? Kpi { get; init; }

    /// <summary><c>external</c>: a kind of <c>scores.jsonl</c> line (qa, manager, …); exactly one of kpi/external.</summary>
    public string? External { get; init; }

    /// <summary><c>weight</c>: 0–100; the items' weights sum to 100.</summary>
    public decimal? Weight { get; init; }

    /// <summary><c>higherIsBetter</c>: checked against the linear floor/target order; null when absent.</summary>
    public bool? HigherIsBetter { get; init; }

    /// <summary><c>bands</c>: points by value bands <c>[min, next higher min)</c>; null when absent.</summary>
    public ImmutableArray<ScoreBand>? Bands { get; init; }

    /// <summary><c>linear</c>: points = 100 × clamp((x − floor) ÷ (target − floor), 0, 1); null when absent.</summary>
    public LinearScale? Linear { get; init; }

    /// <summary><c>blend</c>: self/manager weights of an external score (default 0.3 / 0.7); null when absent.</summary>
    public ScoreBlend? Blend { get; init; }
}

/// <summary>A score band (<c>bands[i]</c>): values from <c>Min</c> (inclusive) up to the next higher min score <c>Points</c>.</summary>
/// <param name="Min">Lower bound (<c>min</c>), inclusive.</param>
/// <param name="Points">Points 0–100 (<c>points</c>).</param>
public sealed record ScoreBand(decimal? Min, decimal? Points);

/// <summary>A linear scale (<c>linear</c>): 0 points at <c>Floor</c>, 100 at <c>Target</c>; floor &gt; target = lower is better.</summary>
/// <param name="Floor">The value scoring 0 (<c>floor</c>).</param>
/// <param name="Target">The value scoring 100 (<c>target</c>).</param>
public sealed record LinearScale(decimal? Floor, decimal? Target);

/// <summary>How an external score's self and manager parts blend (<c>blend</c>); they sum to 1.</summary>
/// <param name="Self">Weight of the self-assessment (<c>self</c>).</param>
/// <param name="Manager">Weight of the manager's assessment (<c>manager</c>).</param>
public sealed record ScoreBlend(decimal? Self, decimal? Manager)
{
    /// <summary>The default blend, 0.3 self / 0.7 manager (domain.md §7).</summary>
    public static ScoreBlend Default { get; } = new(0.3m, 0.7m);
}

/// <summary>A grade band (<c>grades[i]</c>) on the exact total score: <c>[min, next higher min)</c>.</summary>
/// <param name="Min">Lower bound (<c>min</c>), inclusive.</param>
/// <param name="Grade">Grade name (<c>grade</c>), e.g. A.</param>
/// <param name="Coefficient">Bonus coefficient (<c>coefficient</c>).</param>
public sealed record GradeBand(decimal? Min, string? Grade, decimal? Coefficient);

/// <summary>Ranking rewards and penalties 排名奖惩 (<c>ranking</c>); absent fields take Chitu's defaults (domain.md §7).</summary>
public sealed record RankingPlan
{
    /// <summary>Chitu's default for <see cref="Top"/>.</summary>
    public const int DefaultTop = 1;

    /// <summary>Chitu's default for <see cref="Reward"/>.</summary>
    public const decimal DefaultReward = 100m;

    /// <summary>Chitu's default for <see cref="Bottom"/>.</summary>
    public const int DefaultBottom = 1;

    /// <summary>Chitu's default for <see cref="Penalty"/>.</summary>
    public const decimal DefaultPenalty = 100m;

    /// <summary>Chitu's default for <see cref="ImprovementPlanBottom"/>.</summary>
    public const int DefaultImprovementPlanBottom = 2;

    /// <summary>Chitu's default for <see cref="TransferAfterLastPeriods"/>.</summary>
    public const int DefaultTransferAfterLastPeriods = 3;

    /// <summary><c>top</c>: how many best-ranked agents get the reward (default 1).</summary>
    public int? Top { get; init; }

    /// <summary><c>reward</c>: the reward of each top agent (default 100).</summary>
    public decimal? Reward { get; init; }

    /// <summary><c>bottom</c>: how many worst-ranked agents get the penalty (default 1).</summary>
    public int? Bottom { get; init; }

    /// <summary><c>penalty</c>: the penalty of each bottom agent, at most its commission (default 100).</summary>
    public decimal? Penalty { get; init; }

    /// <summary><c>improvementPlanBottom</c>: how many last ranks are flagged for an improvement plan 整改 (default 2).</summary>
    public int? ImprovementPlanBottom { get; init; }

    /// <summary><c>transferAfterLastPeriods</c>: K, last in K consecutive months flags a transfer review 调岗 (default 3).</summary>
    public int? TransferAfterLastPeriods { get; init; }

    /// <summary><see cref="Top"/> or its default.</summary>
    public int TopOrDefault => Top ?? DefaultTop;

    /// <summary><see cref="Reward"/> or its default.</summary>
    public decimal RewardOrDefault => Reward ?? DefaultReward;

    /// <summary><see cref="Bottom"/> or its default.</summary>
    public int BottomOrDefault => Bottom ?? DefaultBottom;

    /// <summary><see cref="Penalty"/> or its default.</summary>
    public decimal PenaltyOrDefault => Penalty ?? DefaultPenalty;

    /// <summary><see cref="ImprovementPlanBottom"/> or its default.</summary>
    public int ImprovementPlanBottomOrDefault => ImprovementPlanBottom ?? DefaultImprovementPlanBottom;

    /// <summary><see cref="TransferAfterLastPeriods"/> or its default.</summary>
    public int TransferAfterLastPeriodsOrDefault => TransferAfterLastPeriods ?? DefaultTransferAfterLastPeriods;
}

/// <summary>One penalty item (<c>penalties[i]</c>): a count KPI or an external count, charged per unit beyond <c>free</c>.</summary>
public sealed record PenaltyItem
{
    /// <summary><c>kpi</c>: a count KPI key (complaints, noResponseRecords, …); exactly one of kpi/external.</summary>
    public string? Kpi { get; init; }

    /// <summary><c>external</c>: a kind of <c>scores.jsonl</c> line whose <c>count</c> is charged; exactly one of kpi/external.</summary>
    public string? External { get; init; }

    /// <summary><c>free</c>: units tolerated (default 0).</summary>
    public decimal? Free { get; init; }

    /// <summary><c>amount</c>: money per unit beyond free; exactly one of amount/bonusPercent.</summary>
    public decimal? Amount { get; init; }

    /// <summary><c>bonusPercent</c>: percent of the (rounded) bonus per unit beyond free; exactly one of amount/bonusPercent.</summary>
    public decimal? BonusPercent { get; init; }

    /// <summary><c>cap</c>: the most this item can charge (money), or null.</summary>
    public decimal? Cap { get; init; }
}

/// <summary>Attendance 考勤 (<c>attendance</c>).</summary>
public sealed record AttendancePlan
{
    /// <summary><c>fullAttendanceBonus</c> 全勤奖: paid when worked days = scheduled days.</summary>
    public decimal? FullAttendanceBonus { get; init; }
}

/// <summary>A problem of a plan, found by validation (contract.md: <c>plan.json: $.performance.items[2].weight: …</c>).</summary>
/// <param name="Path">The JSON path of the offending field, e.g. <c>$.performance.items[2].weight</c>.</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record PlanProblem(string Path, string Message);

/// <summary>How a payroll run treats missing inputs and open months.</summary>
public sealed record PayrollOptions
{
    /// <summary>Score a month that is not final yet; every payslip is then flagged <c>provisional</c>.</summary>
    public bool Provisional { get; init; }

    /// <summary>
    /// Lenient mode: a missing score line scores 0 points (flag <c>missingScore</c>), a missing attendance line is
    /// full attendance (flag <c>missingAttendance</c>), instead of input problems.
    /// </summary>
    public bool Lenient { get; init; }

    /// <summary>The rule of a plan without <c>commission.rule</c> (the config's rule).</summary>
    public AttributionRule DefaultRule { get; init; } = AttributionRule.OrderFirst;
}
