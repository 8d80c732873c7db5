using NodaTime;

namespace CsPerf.Engine;

/// <summary>The level of a report an alert rule watches (domain.md §6 "Levels").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AlertLevel>))]
public enum AlertLevel : byte
{
    /// <summary>Each account 旺旺子账号 (per agent, per shop).</summary>
    Account = 0,

    /// <summary>Each agent 客服 (over its accounts). The default.</summary>
    Agent = 1,

    /// <summary>Each shop 店铺.</summary>
    Shop = 2,

    /// <summary>The total over all shops.</summary>
    Total = 3,

    /// <summary>Each group of agents 客服组 (roster <c>groups</c>); no breach when the roster lists none.</summary>
    Group = 4,
}

/// <summary>
/// One alert rule (issue 9 item 8): a KPI of the catalogue watched at one level, per period, against an upper and/or a
/// lower threshold. A value breaches when it is strictly above <see cref="Above"/> or strictly below
/// <see cref="Below"/>; a null value (no value) never breaches.
/// </summary>
/// <remarks>
/// Thresholds are in the KPI's own unit: rates are fractions (0.95, not 95), durations are seconds, money is in the
/// currency unit, counts are counts.
/// </remarks>
public sealed record AlertRule
{
    /// <summary>A report key of the KPI catalogue, unsuffixed (<c>replyRate</c>) or with a rule suffix (<c>salesByPayment</c>); one number (not hourly).</summary>
    public required string Kpi { get; init; }

    /// <summary>The level watched (default <see cref="AlertLevel.Agent"/>).</summary>
    public AlertLevel Level { get; init; } = AlertLevel.Agent;

    /// <summary>The periods the value is taken over (default <see cref="PeriodGrouping.Day"/>).</summary>
    public PeriodGrouping By { get; init; } = PeriodGrouping.Day;

    /// <summary>The value breaches when strictly greater than this; null for no upper threshold.</summary>
    public double? Above { get; init; }

    /// <summary>The value breaches when strictly less than this; null for no lower threshold.</summary>
    public double? Below { get; init; }
}

/// <summary>Which threshold a breach crossed.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AlertDirection>))]
public enum AlertDirection : byte
{
    /// <summary>The value is above <see cref="AlertRule.Above"/>.</summary>
    Above = 0,

    /// <summary>The value is below <see cref="AlertRule.Below"/>.</summary>
    Below = 1,
}

/// <summary>One breach of an alert rule: who, which period, the value and the threshold it crossed.</summary>
/// <param name="RuleIndex">The rule's position in the list evaluated, from 0.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Id">The account, agent or shop id; <c>total</c> at the total level.</param>
/// <param name="Shop">The account's shop (account level only), else null.</param>
/// <param name="Name">The agent's display name (agent and account levels), else null.</param>
/// <param name="From">The period's first local date.</param>
/// <param name="To">The period's last local date, inclusive.</param>
/// <param name="Value">The KPI's value as a number (counts and money converted, like <see cref="KpiValue.AsDouble"/>), in the KPI's unit.</param>
/// <param name="Direction">Which threshold it crossed.</param>
/// <param name="Threshold">That threshold.</param>
/// <param name="Provisional">Whether the period is not final yet as of the report's instant: the value may still change.</param>
public sealed record AlertBreach(
    int RuleIndex,
    AlertRule Rule,
    string Id,
    string? Shop,
    string? Name,
    LocalDate From,
    LocalDate To,
    double Value,
    AlertDirection Direction,
    double Threshold,
    bool Provisional);
