namespace CsPerf.Engine;

/// <summary>What a KPI measures, which decides how it is held and shown (domain.md §6).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiUnitKind>))]
public enum KpiUnitKind : byte
{
    /// <summary>A whole count (receptions, sessions, orders, customer-days, …). Held as <see cref="KpiKind.Count"/>.</summary>
    Count = 0,

    /// <summary>Money, exact decimal, rounded half away from zero to 0.01 when written. Held as <see cref="KpiKind.Money"/>.</summary>
    Money = 1,

    /// <summary>An average duration in seconds, unrounded. Held as <see cref="KpiKind.Real"/>.</summary>
    Seconds = 2,

    /// <summary>A fraction of a whole (0..1 for most): people see it as a percentage. Held as <see cref="KpiKind.Real"/>.</summary>
    Rate = 3,

    /// <summary>A quotient that is not a fraction of a whole (items per buyer): shown as a plain number. Held as <see cref="KpiKind.Real"/>.</summary>
    Ratio = 4,

    /// <summary>24 counts, one per local hour of day. Held as <see cref="KpiKind.Hourly"/>.</summary>
    Hourly = 5,

    /// <summary>Counts per text key (reason → complaints), additive per key. Held as <see cref="KpiKind.Breakdown"/>.</summary>
    Breakdown = 6,
}

/// <summary>Which way of a KPI is better (issue 9 "Ranking view"; docs/decisions.md).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiBetter>))]
public enum KpiBetter : byte
{
    /// <summary>Neither way is better: a ranking puts the highest first unless told otherwise.</summary>
    None = 0,

    /// <summary>Higher is better: a ranking puts the highest first.</summary>
    Higher = 1,

    /// <summary>Lower is better: a ranking puts the lowest first.</summary>
    Lower = 2,
}

/// <summary>The levels of a report (domain.md §6 "Levels"), as flags.</summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiLevels>))]
public enum KpiLevels : byte
{
    /// <summary>No level.</summary>
    None = 0,

    /// <summary>An account 旺旺子账号.</summary>
    Account = 1,

    /// <summary>An agent 客服 (over its accounts).</summary>
    Agent = 2,

    /// <summary>A shop 店铺.</summary>
    Shop = 4,

    /// <summary>The total over all shops 店铺组.</summary>
    Total = 8,

    /// <summary>A group of agents 客服组 (roster <c>groups</c>; domain.md §6 "Groups").</summary>
    Group = 16,
}

/// <summary>Which date puts a KPI in a period (domain.md §6 "Which date puts a KPI in a period").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiDate>))]
public enum KpiDate : byte
{
    /// <summary>The local date of the session's first message (reception and response KPIs).</summary>
    SessionDate = 0,

    /// <summary>The inquiry's date: the local date of its reception (inquiry outcomes).</summary>
    InquiryDate = 1,

    /// <summary>The local date of the order's <c>paidAt</c> (sales, basket, payment analysis, follow-ups, postage).</summary>
    PaidAt = 2,

    /// <summary>The local date of the refund's <c>createdAt</c>.</summary>
    RefundCreatedAt = 3,

    /// <summary>The local date of the refund's <c>completedAt</c>.</summary>
    RefundCompletedAt = 4,

    /// <summary>The local date of the record's own instant (a review, a rating, a complaint).</summary>
    OwnInstant = 5,

    /// <summary>A ratio whose numerator and denominator are each dated by their own rule.</summary>
    Parts = 6,

    /// <summary>The month itself: a monthly value, present only for month periods.</summary>
    Month = 7,
}

/// <summary>The groups of domain.md §6's KPI table.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<KpiGroup>))]
public enum KpiGroup : byte
{
    /// <summary>接待: receptions, responses, workload, pressure.</summary>
    Reception = 0,

    /// <summary>销售: credited and silent sales.</summary>
    Sales = 1,

    /// <summary>转化: inquiry outcomes, follow-ups, payment analysis and conversion rates.</summary>
    Conversion = 2,

    /// <summary>客单价: averages per buyer and per item.</summary>
    Basket = 3,

    /// <summary>退款: refunds, to the credited account of the refunded order.</summary>
    Refunds = 4,

    /// <summary>中差评: neutral and negative reviews, per phase.</summary>
    Reviews = 5,

    /// <summary>Review rates: reviews of any rating and the good/negative rates.</summary>
    ReviewRates = 6,

    /// <summary>Quality: satisfaction votes and complaints.</summary>
    Quality = 7,

    /// <summary>接待量时段分布: counts per local hour.</summary>
    TimeSlots = 8,

    /// <summary>指标: the monthly sales target and its completion.</summary>
    Target = 9,

    /// <summary>Payroll inputs (postage).</summary>
    PayrollInputs = 10,

    /// <summary>转接: customers taken over from one account by another of the same shop.</summary>
    Transfers = 11,
}

/// <summary>
/// One KPI of the report, declared once (domain.md §6): its key, names, kind, levels, date and formula. The engine's
/// composer, the report writers (percent display, rounding), the <c>--rule all</c> suffixes, payroll plan validation
/// and the documentation all read <see cref="KpiDefinitions.All"/>.
/// </summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed record KpiDefinition
{
    /// <summary>The camelCase key of the JSON <c>kpis</c> object (<c>inquiryToOrderRate</c>); see <see cref="Kpi"/>.</summary>
    public required string Key { get; init; }

    /// <summary>The Chinese name a shop manager knows it by (询单转化率).</summary>
    public required string ChineseName { get; init; }

    /// <summary>The group of domain.md §6's table it belongs to.</summary>
    public required KpiGroup Group { get; init; }

    /// <summary>What it measures: count, money, seconds, rate, ratio, 24 hourly counts or counts per reason.</summary>
    public required KpiUnitKind Kind { get; init; }

    /// <summary>The unit, in words (<c>receptions</c>, <c>seconds</c>, <c>fraction</c>, <c>money</c>, …).</summary>
    public required string Unit { get; init; }

    /// <summary>What one unit of it is: the thing counted, summed or averaged.</summary>
    public required string Counts { get; init; }

    /// <summary>How it is computed, in the words of the spec (<c>ordered ÷ (inquiries − assistsBeforeOrder)</c>).</summary>
    public required string Formula { get; init; }

    /// <summary>Which date puts it in a period.</summary>
    public required KpiDate DatedBy { get; init; }

    /// <summary>
    /// Whether it depends on the attribution rule: under <c>--rule all</c> it also appears with each rule's suffix
    /// (<see cref="AttributionRules.Suffix"/>), the unsuffixed key staying under the configured rule.
    /// </summary>
    public bool RuleDependent { get; init; }

    /// <summary>The levels at which it has no meaning and is always <c>null</c> (domain.md §6 "Levels").</summary>
    public KpiLevels NullAt { get; init; }

    /// <summary>Whether it has a value only for month periods (salesTarget, targetCompletion; domain.md §6 "Targets").</summary>
    public bool MonthPeriodsOnly { get; init; }

    /// <summary>
    /// Which way is better, for rankings (<c>--rank</c>): higher (sales, replyRate), lower (firstResponseAvg, unreplied,
    /// refunds, negative reviews, complaints) or neither (workload shapes such as sessionSecondsAvg, hourly counts).
    /// </summary>
    public KpiBetter Better { get; init; } = KpiBetter.Higher;

    /// <summary>The kind of <see cref="KpiValue"/> that holds it when it has a value.</summary>
    public KpiKind ValueKind => Kind switch
    {
        KpiUnitKind.Count => KpiKind.Count,
        KpiUnitKind.Money => KpiKind.Money,
        KpiUnitKind.Hourly => KpiKind.Hourly,
        KpiUnitKind.Breakdown => KpiKind.Breakdown,
        _ => KpiKind.Real,
    };

    /// <summary>
    /// Whether its value is one number: every kind but <see cref="KpiUnitKind.Hourly"/> and
    /// <see cref="KpiUnitKind.Breakdown"/>. Rankings, alerts and payroll plans take only such KPIs.
    /// </summary>
    public bool IsNumber => Kind is not (KpiUnitKind.Hourly or KpiUnitKind.Breakdown);

    /// <summary>What its value holds when it is not one number (for refusals), or null when it is one.</summary>
    public string? NotANumber => Kind switch
    {
        KpiUnitKind.Hourly => "24 hourly counts",
        KpiUnitKind.Breakdown => "counts per reason (an object)",
        _ => null,
    };

    /// <summary>The key under <paramref name="rule"/> in a <c>--rule all</c> report: the key plus the rule's suffix.</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="InvalidOperationException">The KPI does not depend on the rule.</exception>
    public string KeyFor(AttributionRule rule) =>
        RuleDependent ? Key + AttributionRules.Suffix(rule) : throw new InvalidOperationException($"KPI {Key} does not depend on the attribution rule.");
}
