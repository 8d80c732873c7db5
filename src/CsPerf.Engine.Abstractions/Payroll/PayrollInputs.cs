using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine.Payroll;

/// <summary>
/// An external score or count of one agent for one month, a line of <c>scores.jsonl</c> (domain.md §7 Performance and
/// Penalties).
/// </summary>
/// <param name="Agent">Agent id.</param>
/// <param name="Period">The month the score is for.</param>
/// <param name="Kind">What is scored (<c>qa</c>, <c>violations</c>, …): the <c>external</c> name a plan item uses.</param>
/// <param name="Self">Self-assessment 0–100, or null.</param>
/// <param name="Manager">Manager's assessment 0–100, or null.</param>
/// <param name="Count">An external count for a penalty item (e.g. violations), or null.</param>
public sealed record ExternalScore(string Agent, YearMonth Period, string Kind, decimal? Self, decimal? Manager, long? Count);

/// <summary>Attendance of one agent in one month, a line of <c>attendance.jsonl</c> (domain.md §7 Attendance).</summary>
/// <param name="Agent">Agent id.</param>
/// <param name="Period">The month.</param>
/// <param name="ScheduledDays">Days the agent was scheduled to work (&gt; 0).</param>
/// <param name="WorkedDays">Days worked (0 ≤ worked ≤ scheduled).</param>
public sealed record AttendanceRecord(string Agent, YearMonth Period, int ScheduledDays, int WorkedDays);

/// <summary>One agent's rank in one month's ranking.</summary>
/// <param name="Agent">Agent id.</param>
/// <param name="Rank">Rank, 1 = best.</param>
public sealed record AgentRank(string Agent, int Rank);

/// <summary>The ranks of one month, an entry of <c>history.json</c>.</summary>
/// <param name="Period">The month.</param>
/// <param name="Ranks">Every ranked agent's rank.</param>
public sealed record RankHistoryPeriod(YearMonth Period, ImmutableArray<AgentRank> Ranks);

/// <summary>Previous months' ranks (<c>history.json</c>), read for the transfer-review flag (domain.md §7 Ranking).</summary>
/// <param name="Periods">The months, in any order; at most one entry per month.</param>
public sealed record RankHistory(ImmutableArray<RankHistoryPeriod> Periods)
{
    /// <summary>A history with no months.</summary>
    public static RankHistory Empty { get; } = new(ImmutableArray<RankHistoryPeriod>.Empty);
}

/// <summary>One agent as payroll sees it: who it is and its KPIs for the month.</summary>
/// <param name="Agent">Agent id.</param>
/// <param name="Name">Display name 花名.</param>
/// <param name="Presale">
/// True when the agent has at least one presale account (a plan with <c>appliesTo.roles</c> <c>presale</c> scores it);
/// false when all its accounts are after-sale (<c>aftersale</c>).
/// </param>
/// <param name="Kpis">
/// The agent's KPIs for the month: a month period of a report. Rule-dependent KPIs are read from the unsuffixed key
/// when the plan's rule is <see cref="PayrollInput.ReportRule"/>, else from the key suffixed <c>ByOrder</c>,
/// <c>ByPayment</c> or <c>ByOrderFirst</c>.
/// </param>
public sealed record PayrollAgent(string Agent, string Name, bool Presale, KpiSet Kpis);

/// <summary>Everything a payroll run scores, besides the plans (domain.md §7).</summary>
public sealed record PayrollInput
{
    /// <summary>The month paid.</summary>
    public required YearMonth Period { get; init; }

    /// <summary>The rule of the unsuffixed KPI keys in <see cref="PayrollAgent.Kpis"/>.</summary>
    public required AttributionRule ReportRule { get; init; }

    /// <summary>Whether every outcome of the month is final as of the report's as-of instant.</summary>
    public required bool Final { get; init; }

    /// <summary>The agents, each with its month KPIs.</summary>
    public required ImmutableArray<PayrollAgent> Agents { get; init; }

    /// <summary>External scores and counts (<c>scores.jsonl</c>); lines of other months are ignored.</summary>
    public ImmutableArray<ExternalScore> Scores { get; init; } = ImmutableArray<ExternalScore>.Empty;

    /// <summary>Attendance lines (<c>attendance.jsonl</c>); lines of other months are ignored.</summary>
    public ImmutableArray<AttendanceRecord> Attendance { get; init; } = ImmutableArray<AttendanceRecord>.Empty;

    /// <summary>Previous months' ranks (<c>history.json</c>).</summary>
    public RankHistory History { get; init; } = RankHistory.Empty;
}
