using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine.Payroll;

/// <summary>The payslips of one month under one or more plans (contract.md "Payroll" JSON).</summary>
/// <remarks>
/// When <see cref="Problems"/> is not empty the run must not be paid: the CLI reports every problem and exits 2.
/// A month that is not final (and not provisional) gives no plans at all, only the problem.
/// </remarks>
public sealed record PayrollResult
{
    /// <summary>The month paid (<c>period</c>).</summary>
    public required YearMonth Period { get; init; }

    /// <summary>One entry per plan, in the order the plans were given (<c>plans</c>).</summary>
    public required ImmutableArray<PlanPayroll> Plans { get; init; }

    /// <summary>Per agent scored by any plan: the pay under each plan and the difference from the first (<c>whatIf</c>).</summary>
    public required ImmutableArray<WhatIfRow> WhatIf { get; init; }

    /// <summary>Input problems (missing score or attendance lines, missing KPIs, an open month); empty when none.</summary>
    public ImmutableArray<PayrollProblem> Problems { get; init; } = ImmutableArray<PayrollProblem>.Empty;
}

/// <summary>The payslips of one plan and its team summary.</summary>
/// <param name="Plan">The plan's name (<c>plan</c>).</param>
/// <param name="Rule">The attribution rule whose KPIs the plan read.</param>
/// <param name="Payslips">One payslip per agent the plan scores, by agent id ordinal (<c>payslips</c>).</param>
/// <param name="Team">The team summary (<c>team</c>).</param>
public sealed record PlanPayroll(string Plan, AttributionRule Rule, ImmutableArray<Payslip> Payslips, TeamSummary Team);

/// <summary>The team summary of one plan (<c>team</c>).</summary>
/// <param name="TotalPay">Σ total pay of the plan's payslips (<c>totalPay</c>).</param>
/// <param name="CreditedSales">Σ the scored agents' credited <c>sales</c> under the plan's rule (<c>creditedSales</c>).</param>
/// <param name="PayToSalesRatio">TotalPay ÷ CreditedSales, null when there are no credited sales (<c>payToSalesRatio</c>).</param>
/// <param name="Unscored">Agents no plan of the run scores, by id ordinal (<c>unscored</c>).</param>
public sealed record TeamSummary(decimal TotalPay, decimal CreditedSales, double? PayToSalesRatio, ImmutableArray<string> Unscored);

/// <summary>
/// One agent's payslip under one plan (contract.md "Payroll"): every line an agent needs to check the pay by hand.
/// A part the plan does not have is null. Money lines are rounded once, half away from zero, to 0.01; scores are exact.
/// </summary>
public sealed record Payslip
{
    /// <summary>Agent id (<c>agent</c>).</summary>
    public required string Agent { get; init; }

    /// <summary>Display name (<c>name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Base pay, prorated when the plan prorates, rounded (<c>base</c>); null without a base part.</summary>
    public decimal? Base { get; init; }

    /// <summary>The agent's base before proration (default or override), exact; null without a base part.</summary>
    public decimal? BaseBeforeProration { get; init; }

    /// <summary>Whether the base was prorated (worked ÷ scheduled days).</summary>
    public bool Prorated { get; init; }

    /// <summary>Commission basis after deductions, floored at 0 (<c>commissionBasis</c>); null without commission.</summary>
    public decimal? CommissionBasis { get; init; }

    /// <summary>The gross basis KPI (<c>sales</c> or <c>items</c> under the plan's rule) before deductions; null without commission.</summary>
    public decimal? GrossBasis { get; init; }

    /// <summary>What was deducted from the basis (<c>deductions</c>); null without commission.</summary>
    public CommissionDeductions? Deductions { get; init; }

    /// <summary>Commission, after the cap, rounded (<c>commission</c>); null without commission.</summary>
    public decimal? Commission { get; init; }

    /// <summary>The exact commission before the cap; null without commission.</summary>
    public decimal? CommissionBeforeCap { get; init; }

    /// <summary>Whether the cap lowered the commission.</summary>
    public bool CapApplied { get; init; }

    /// <summary>Tiered commission bands (<c>bands</c>); null for other modes or without commission.</summary>
    public ImmutableArray<CommissionBandLine>? Bands { get; init; }

    /// <summary>Performance items (<c>items</c>); null without a performance part.</summary>
    public ImmutableArray<ScoreItemLine>? Items { get; init; }

    /// <summary>Exact total score, Σ weighted points (<c>totalScore</c>); null without a performance part.</summary>
    public decimal? TotalScore { get; init; }

    /// <summary>Grade of the exact total (<c>grade</c>); null without a performance part.</summary>
    public string? Grade { get; init; }

    /// <summary>Bonus coefficient of the grade (<c>coefficient</c>); null without a performance part.</summary>
    public decimal? Coefficient { get; init; }

    /// <summary>Bonus = bonusBase × coefficient, rounded (<c>bonus</c>); null without a performance part.</summary>
    public decimal? Bonus { get; init; }

    /// <summary>Rank 1…n among the plan's agents (<c>rank</c>); null without a ranking part.</summary>
    public int? Rank { get; init; }

    /// <summary>How many agents were ranked (<c>rankOf</c>); null without a ranking part.</summary>
    public int? RankOf { get; init; }

    /// <summary>Reward (+) or penalty (−) by rank, rounded (<c>rankingAdjustment</c>); null without a ranking part.</summary>
    public decimal? RankingAdjustment { get; init; }

    /// <summary>Whether the ranking rewards, penalties and flags applied (more than top + bottom agents ranked).</summary>
    public bool RankingApplied { get; init; }

    /// <summary>Penalty items (<c>penalties</c>); null when the plan has no penalty items.</summary>
    public ImmutableArray<PenaltyLine>? Penalties { get; init; }

    /// <summary>Σ penalty item amounts rounded once, before the limit; null without penalty items.</summary>
    public decimal? PenaltyBeforeLimit { get; init; }

    /// <summary>The penalty line, ≤ 0: −min(Σ items, commission + ranking adjustment + bonus) (<c>penalty</c>); null without penalty items.</summary>
    public decimal? Penalty { get; init; }

    /// <summary>Whether the penalty was limited so that pay never falls below the base.</summary>
    public bool PenaltyLimited { get; init; }

    /// <summary>The attendance used (<c>attendance</c>); null when the plan does not read attendance.</summary>
    public AttendanceLine? Attendance { get; init; }

    /// <summary>Full-attendance bonus 全勤奖, rounded (<c>fullAttendanceBonus</c>); null without an attendance part.</summary>
    public decimal? FullAttendanceBonus { get; init; }

    /// <summary>Flags with the periods that caused them (<c>flags</c>).</summary>
    public ImmutableArray<PayslipFlag> Flags { get; init; } = ImmutableArray<PayslipFlag>.Empty;

    /// <summary>Total pay = Σ of the rounded lines (<c>totalPay</c>).</summary>
    public required decimal TotalPay { get; init; }
}

/// <summary>What was deducted from the commission basis (<c>deductions</c>); null = not deducted.</summary>
/// <param name="Postage">The agent's <c>postage</c> deducted (<c>postage</c>), or null.</param>
/// <param name="Refunds">The agent's <c>refundAmount</c> (items basis: <c>refundItems</c>) deducted (<c>refunds</c>), or null.</param>
public sealed record CommissionDeductions(decimal? Postage, decimal? Refunds);

/// <summary>One band of a tiered commission (<c>bands[i]</c>), unrounded.</summary>
/// <param name="From">The tier's lower bound (<c>from</c>).</param>
/// <param name="To">The next tier's lower bound, null for the last tier (<c>to</c>).</param>
/// <param name="Rate">The tier's rate (<c>rate</c>).</param>
/// <param name="Amount">The part of the basis inside the tier; for <c>whole</c> the whole basis (<c>amount</c>).</param>
/// <param name="Commission">Amount × rate (<c>commission</c>).</param>
public sealed record CommissionBandLine(decimal From, decimal? To, decimal Rate, decimal Amount, decimal Commission);

/// <summary>One performance item on a payslip (<c>items[i]</c>).</summary>
/// <param name="Item">The KPI key or external kind (<c>item</c>).</param>
/// <param name="IsExternal">Whether the item is an external score (then <c>raw</c> is <c>{self, manager}</c>).</param>
/// <param name="Raw">The KPI value, or the blended external score; null when there is none (<c>raw</c> for a KPI).</param>
/// <param name="External">The external score's self and manager parts, or null (<c>raw</c> for an external item).</param>
/// <param name="Weight">The weight (<c>weight</c>).</param>
/// <param name="Points">Points 0–100, exact (<c>points</c>).</param>
/// <param name="Weighted">Points × weight ÷ 100, exact (<c>weighted</c>).</param>
public sealed record ScoreItemLine(string Item, bool IsExternal, decimal? Raw, ExternalRaw? External, decimal Weight, decimal Points, decimal Weighted);

/// <summary>The self and manager parts of an external score as read from <c>scores.jsonl</c>.</summary>
/// <param name="Self">Self-assessment (<c>self</c>), or null.</param>
/// <param name="Manager">Manager's assessment (<c>manager</c>), or null.</param>
public sealed record ExternalRaw(decimal? Self, decimal? Manager);

/// <summary>One penalty item on a payslip (<c>penalties[i]</c>).</summary>
/// <param name="Item">The KPI key or external kind (<c>item</c>).</param>
/// <param name="IsExternal">Whether the count is an external count.</param>
/// <param name="Count">The count (<c>count</c>); 0 when the line is missing in lenient mode.</param>
/// <param name="Units">Units charged, max(0, count − free) (<c>units</c>).</param>
/// <param name="Amount">The exact amount charged, after the item's cap (<c>amount</c>), ≥ 0.</param>
/// <param name="CapApplied">Whether the item's cap lowered the amount.</param>
public sealed record PenaltyLine(string Item, bool IsExternal, long Count, decimal Units, decimal Amount, bool CapApplied);

/// <summary>The attendance a payslip used (<c>attendance</c>).</summary>
/// <param name="ScheduledDays">Scheduled days (<c>scheduledDays</c>).</param>
/// <param name="WorkedDays">Worked days (<c>workedDays</c>).</param>
public sealed record AttendanceLine(int ScheduledDays, int WorkedDays);

/// <summary>What a payslip flag says.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PayslipFlagKind>))]
public enum PayslipFlagKind : byte
{
    /// <summary><c>improvementPlan</c> 整改: among the last ranks.</summary>
    ImprovementPlan = 0,

    /// <summary><c>transferReview</c> 调岗: last in K consecutive months.</summary>
    TransferReview = 1,

    /// <summary><c>missingScore</c>: an external score line was missing (lenient).</summary>
    MissingScore = 2,

    /// <summary><c>kpiWithoutValue</c>: a KPI item had no value and scored 0.</summary>
    KpiWithoutValue = 3,

    /// <summary><c>missingAttendance</c>: no attendance line (lenient: full attendance assumed).</summary>
    MissingAttendance = 4,

    /// <summary><c>provisional</c>: the month was not final.</summary>
    Provisional = 5,
}

/// <summary>A payslip flag (<c>flags[i]</c>) with the periods that caused it.</summary>
/// <param name="Kind">What the flag says.</param>
/// <param name="Periods">The months that caused it (<c>periods</c>): for a transfer review exactly the K months, else the month paid.</param>
/// <param name="Item">The performance or penalty item concerned (missingScore, kpiWithoutValue), or null.</param>
public sealed record PayslipFlag(PayslipFlagKind Kind, ImmutableArray<YearMonth> Periods, string? Item = null)
{
    /// <summary>The contract name of the flag (<c>flag</c>): improvementPlan, transferReview, missingScore, …</summary>
    public string Flag => NameOf(Kind);

    /// <summary>The contract name of a flag kind.</summary>
    /// <param name="kind">The kind.</param>
    public static string NameOf(PayslipFlagKind kind) => kind switch
    {
        PayslipFlagKind.ImprovementPlan => "improvementPlan",
        PayslipFlagKind.TransferReview => "transferReview",
        PayslipFlagKind.MissingScore => "missingScore",
        PayslipFlagKind.KpiWithoutValue => "kpiWithoutValue",
        PayslipFlagKind.MissingAttendance => "missingAttendance",
        PayslipFlagKind.Provisional => "provisional",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>One agent's pay under each plan of a what-if run (<c>whatIf[i]</c>).</summary>
/// <param name="Agent">Agent id (<c>agent</c>).</param>
/// <param name="TotalPay">Total pay per plan, in plan order; null where the plan does not score the agent (<c>totalPay</c>).</param>
/// <param name="Difference">Pay minus the first plan's pay; null where either is null (<c>difference</c>).</param>
public sealed record WhatIfRow(string Agent, ImmutableArray<decimal?> TotalPay, ImmutableArray<decimal?> Difference);

/// <summary>An input problem of a payroll run (structured, never parsed back from a message).</summary>
/// <param name="Source">
/// Which input: <c>scores</c> (scores.jsonl), <c>attendance</c> (attendance.jsonl), <c>kpis</c> (the report or dataset
/// KPIs), <c>history</c> (history.json) or <c>period</c> (the month itself, e.g. not final).
/// </param>
/// <param name="Agent">The agent concerned, or null.</param>
/// <param name="Field">The missing or faulty field: a KPI key, an external kind, <c>workedDays</c>, <c>period</c>, …</param>
/// <param name="Message">What is wrong, in plain words.</param>
public sealed record PayrollProblem(string Source, string? Agent, string Field, string Message);
