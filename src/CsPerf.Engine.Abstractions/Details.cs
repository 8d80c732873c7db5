using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>The detail lists 明细 (docs/details.md): the rows behind a KPI, each naming the messages that decided it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DetailList>))]
public enum DetailList : byte
{
    /// <summary>未回复明细: received receptions without an effective reply (KPI <c>unreplied</c>).</summary>
    Unreplied = 0,

    /// <summary>慢响应明细: slow receptions with their slow bursts (KPI <c>slowReceptions</c>).</summary>
    Slow = 1,

    /// <summary>3分钟未响应明细: bursts answered after the no-response threshold, or never (KPI <c>noResponseRecords</c>).</summary>
    NoResponse = 2,

    /// <summary>长接待明细: long sessions and long receptions (KPIs <c>longSessions</c>, <c>longReceptions</c>).</summary>
    Long = 3,

    /// <summary>中差评明细: neutral and negative reviews with the accounts they implicate (KPIs <c>neutralReviews</c>, <c>negativeReviews</c>).</summary>
    Reviews = 4,

    /// <summary>退款明细: refunds with the account credited under each rule (KPIs <c>refundOrders</c>, <c>refundAmount</c>).</summary>
    Refunds = 5,

    /// <summary>静默销售明细: paid orders credited to nobody, with the customer's last contact (KPI <c>silentSales</c>).</summary>
    Silent = 6,

    /// <summary>询单流失明细: lost inquiries (KPI <c>lost</c>).</summary>
    Lost = 7,
}

/// <summary>The names of the detail lists on the command line and in JSON (<c>unreplied</c>, <c>slow</c>, …).</summary>
public static class DetailLists
{
    /// <summary>Every list, in the order of <see cref="DetailList"/>.</summary>
    public static ImmutableArray<DetailList> All { get; } = [.. Enum.GetValues<DetailList>()];

    /// <summary>The name of a list: <c>unreplied</c>, <c>slow</c>, <c>noResponse</c>, <c>long</c>, <c>reviews</c>, <c>refunds</c>, <c>silent</c>, <c>lost</c>.</summary>
    /// <param name="list">The list.</param>
    public static string Name(DetailList list) => list switch
    {
        DetailList.Unreplied => "unreplied",
        DetailList.Slow => "slow",
        DetailList.NoResponse => "noResponse",
        DetailList.Long => "long",
        DetailList.Reviews => "reviews",
        DetailList.Refunds => "refunds",
        DetailList.Silent => "silent",
        DetailList.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "not a detail list"),
    };

    /// <summary>The Chinese name of a list, as Chitu calls it.</summary>
    /// <param name="list">The list.</param>
    public static string ChineseName(DetailList list) => list switch
    {
        DetailList.Unreplied => "未回复明细",
        DetailList.Slow => "慢响应明细",
        DetailList.NoResponse => "3分钟未响应明细",
        DetailList.Long => "长接待明细",
        DetailList.Reviews => "中差评明细",
        DetailList.Refunds => "退款明细",
        DetailList.Silent => "静默销售明细",
        DetailList.Lost => "询单流失明细",
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "not a detail list"),
    };

    /// <summary>Finds a list by its name (exact, ordinal).</summary>
    /// <param name="name">The name.</param>
    /// <param name="list">The list, when found.</param>
    /// <returns>Whether the name is a list's.</returns>
    public static bool TryParse(string? name, out DetailList list)
    {
        foreach (var l in All)
        {
            if (string.Equals(Name(l), name, StringComparison.Ordinal))
            {
                list = l;
                return true;
            }
        }

        list = default;
        return false;
    }
}

/// <summary>What detail list to compute (<c>CsPerfEngine.Details</c>).</summary>
public sealed record DetailRequest
{
    /// <summary>The list.</summary>
    public required DetailList List { get; init; }

    /// <summary>The instant the list is computed as of; data after it is ignored (as for a report).</summary>
    public required Instant AsOf { get; init; }

    /// <summary>
    /// First local date, inclusive (default: the report's default, the first date holding a message or an order). A
    /// row is selected by the date that puts its KPI in a period (docs/kpis.md).
    /// </summary>
    public LocalDate? From { get; init; }

    /// <summary>Last local date, inclusive (default: the last date holding a message or an order).</summary>
    public LocalDate? To { get; init; }

    /// <summary>Only rows of this agent's accounts (agent id); null for every row (the total level).</summary>
    public string? Agent { get; init; }

    /// <summary>The attribution rule that credits refunds and decides silent sales (default: the config's).</summary>
    public AttributionRule? Rule { get; init; }
}

/// <summary>The total of a list in the terms of the KPI it explains: equal to that KPI of the report for the same range and agent.</summary>
/// <param name="Kpi">The KPI key (<c>unreplied</c>, <c>silentSales</c>, …).</param>
/// <param name="Value">Its value: a count, or money for <c>silentSales</c> and <c>refundAmount</c>.</param>
public sealed record DetailTotal(string Kpi, decimal Value);

/// <summary>A detail list 明细: its rows and their totals.</summary>
/// <param name="List">Which list.</param>
/// <param name="AsOf">The instant it was computed as of.</param>
/// <param name="Rule">The attribution rule used (refunds, silent sales).</param>
/// <param name="From">First local date of the range (null when the dataset holds no dated data).</param>
/// <param name="To">Last local date of the range, inclusive.</param>
/// <param name="Agent">The agent whose rows these are, or null for every row.</param>
/// <param name="Rows">The rows, ordered by date, then instant, then id.</param>
/// <param name="Totals">The totals, one per KPI the list explains.</param>
/// <param name="ShopZones">The IANA time zone of every shop of the dataset (for showing local times).</param>
public sealed record DetailResult(
    DetailList List,
    Instant AsOf,
    AttributionRule Rule,
    LocalDate? From,
    LocalDate? To,
    string? Agent,
    ImmutableArray<DetailRow> Rows,
    ImmutableArray<DetailTotal> Totals,
    ImmutableDictionary<string, string> ShopZones);

/// <summary>A row of a detail list: the shop, the customer and the local date that puts it in a period.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The local date that dates the row (the date that dates its KPI).</param>
/// <remarks>System.Text.Json writes a row with a <c>"list"</c> discriminator naming its list, so a <see cref="DetailResult"/> round-trips.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "list")]
[JsonDerivedType(typeof(UnrepliedDetail), "unreplied")]
[JsonDerivedType(typeof(SlowDetail), "slow")]
[JsonDerivedType(typeof(NoResponseDetail), "noResponse")]
[JsonDerivedType(typeof(LongDetail), "long")]
[JsonDerivedType(typeof(ReviewDetail), "reviews")]
[JsonDerivedType(typeof(RefundDetail), "refunds")]
[JsonDerivedType(typeof(SilentDetail), "silent")]
[JsonDerivedType(typeof(LostDetail), "lost")]
public abstract record DetailRow(string Shop, string Customer, LocalDate Day);

/// <summary>A message a row names, so a supervisor can open the chat.</summary>
/// <param name="Id">Message id.</param>
/// <param name="At">Its instant.</param>
public sealed record DetailMessage(string Id, Instant At);

/// <summary>A burst 连续提问: the customer's first message of it and the effective reply that answered it.</summary>
/// <param name="FirstIn">The burst's first customer message.</param>
/// <param name="Answer">The effective reply that answered it, or null when never answered.</param>
/// <param name="Response">Its response time (answer − first message), or null when never answered.</param>
public sealed record DetailBurst(DetailMessage FirstIn, DetailMessage? Answer, Duration? Response);

/// <summary>未回复: a received reception without an effective reply (domain.md §4).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The reception's local date.</param>
/// <param name="Account">The account.</param>
/// <param name="Agent">The account's agent.</param>
/// <param name="FirstMessage">The customer's first message of the reception (t0).</param>
/// <param name="LastMessage">The reception's last message.</param>
/// <param name="Waited">How long the customer waited: from t0 to the end of the last session (its last message + SessionGap), or to as-of when the session is still open.</param>
/// <param name="Open">Whether the last session is still open as of the list's instant.</param>
public sealed record UnrepliedDetail(string Shop, string Customer, LocalDate Day, string Account, string Agent, DetailMessage FirstMessage, DetailMessage LastMessage, Duration Waited, bool Open)
    : DetailRow(Shop, Customer, Day);

/// <summary>慢响应: a slow reception (≥ SlowResponseCount answered bursts slower than SlowResponseThreshold, domain.md §3).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The reception's local date.</param>
/// <param name="Account">The account.</param>
/// <param name="Agent">The account's agent.</param>
/// <param name="FirstMessage">The customer's first message of the reception (t0).</param>
/// <param name="Bursts">Its slow bursts, in time order.</param>
public sealed record SlowDetail(string Shop, string Customer, LocalDate Day, string Account, string Agent, DetailMessage FirstMessage, ImmutableArray<DetailBurst> Bursts)
    : DetailRow(Shop, Customer, Day);

/// <summary>3分钟未响应: a burst answered after more than NoResponseThreshold, or never (domain.md §3).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The session's local date.</param>
/// <param name="Account">The account.</param>
/// <param name="Agent">The account's agent.</param>
/// <param name="Burst">The burst.</param>
public sealed record NoResponseDetail(string Shop, string Customer, LocalDate Day, string Account, string Agent, DetailBurst Burst)
    : DetailRow(Shop, Customer, Day);

/// <summary>What a long-reception row measures.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<LongDetailKind>))]
public enum LongDetailKind : byte
{
    /// <summary>A session whose duration reaches LongSessionThreshold (KPI <c>longSessions</c>).</summary>
    Session = 0,

    /// <summary>A reception whose summed session durations reach LongDailyThreshold (KPI <c>longReceptions</c>).</summary>
    Reception = 1,
}

/// <summary>长接待: a long session or a long reception (domain.md §3).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The session's (reception's) local date.</param>
/// <param name="Kind">Session or reception.</param>
/// <param name="Account">The account.</param>
/// <param name="Agent">The account's agent.</param>
/// <param name="FirstMessage">The first message of the session (of the reception's first session).</param>
/// <param name="LastMessage">The last message of the session (of the reception's last session).</param>
/// <param name="Duration">The session's duration, or the reception's summed session durations.</param>
/// <param name="Sessions">How many sessions it spans (1 for a session).</param>
public sealed record LongDetail(string Shop, string Customer, LocalDate Day, LongDetailKind Kind, string Account, string Agent, DetailMessage FirstMessage, DetailMessage LastMessage, Duration Duration, int Sessions)
    : DetailRow(Shop, Customer, Day);

/// <summary>An account a review implicates, and why.</summary>
/// <param name="Account">The account.</param>
/// <param name="Agent">Its agent.</param>
/// <param name="Phases">The phases it is implicated in.</param>
/// <param name="PreSaleMessage">Pre-sale: its last effective reply in the credit window in a consulted reception.</param>
/// <param name="InSaleMessage">In-sale: its first effective reply between the order and the payment (or the review).</param>
/// <param name="AfterSaleMessage">After-sale: the customer's first message of its first after-sale reception between the payment and the review.</param>
public sealed record ReviewImplication(string Account, string Agent, ReviewPhases Phases, DetailMessage? PreSaleMessage, DetailMessage? InSaleMessage, DetailMessage? AfterSaleMessage);

/// <summary>中差评: a neutral or negative review with every account it implicates (domain.md §6 "Reviews").</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The review's local date.</param>
/// <param name="Order">Order id.</param>
/// <param name="Rating">Neutral or negative.</param>
/// <param name="At">The review's instant.</param>
/// <param name="OrderAgent">The order's order agent 落实下单客服, or null.</param>
/// <param name="Phases">The phases the review falls in (those of its implicated accounts).</param>
/// <param name="Implicated">Every implicated account, ordered by account id.</param>
public sealed record ReviewDetail(string Shop, string Customer, LocalDate Day, string Order, ReviewRating Rating, Instant At, string? OrderAgent, ReviewPhases Phases, ImmutableArray<ReviewImplication> Implicated)
    : DetailRow(Shop, Customer, Day);

/// <summary>退款: a refund with the account credited under each rule (domain.md §6 "Refunds").</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The local date of its creation.</param>
/// <param name="Refund">Refund id.</param>
/// <param name="Order">Order id.</param>
/// <param name="Amount">Refund amount.</param>
/// <param name="Items">Refunded items.</param>
/// <param name="Status">Status.</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="CompletedAt">Completed, or null.</param>
/// <param name="CompletedDay">The local date of its completion, or null.</param>
/// <param name="InRefundOrders">Whether it was created in the range (it counts in <c>refundOrders</c>, once per order-day).</param>
/// <param name="InRefundAmount">Whether it succeeded and was completed in the range (its amount counts in <c>refundAmount</c>).</param>
/// <param name="Credited">The credited account of the order under each rule (null = silent).</param>
/// <param name="Account">The credited account under the list's rule, or null (silent).</param>
/// <param name="Agent">That account's agent, or null.</param>
public sealed record RefundDetail(
    string Shop,
    string Customer,
    LocalDate Day,
    string Refund,
    string Order,
    decimal Amount,
    int Items,
    RefundStatus Status,
    Instant CreatedAt,
    Instant? CompletedAt,
    LocalDate? CompletedDay,
    bool InRefundOrders,
    bool InRefundAmount,
    CreditedByRule Credited,
    string? Account,
    string? Agent)
    : DetailRow(Shop, Customer, Day);

/// <summary>The customer's last contact before a payment: a kept message of any account, either direction.</summary>
/// <param name="Message">The message.</param>
/// <param name="Account">The account of its conversation.</param>
/// <param name="Agent">That account's agent.</param>
/// <param name="Direction">Who wrote it.</param>
public sealed record DetailContact(DetailMessage Message, string Account, string Agent, Direction Direction);

/// <summary>静默销售: a paid order credited to nobody under the list's rule (domain.md §5).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The local date of its payment.</param>
/// <param name="Order">Order id.</param>
/// <param name="Amount">Paid amount.</param>
/// <param name="Items">Items.</param>
/// <param name="CreatedAt">Created.</param>
/// <param name="PaidAt">Paid.</param>
/// <param name="LastContact">The customer's last kept message before the payment, or null when it never chatted before it.</param>
public sealed record SilentDetail(string Shop, string Customer, LocalDate Day, string Order, decimal Amount, int Items, Instant CreatedAt, Instant PaidAt, DetailContact? LastContact)
    : DetailRow(Shop, Customer, Day);

/// <summary>询单流失: an inquiry whose window closed without an order (domain.md §5).</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Day">The inquiry's local date.</param>
/// <param name="Account">The account.</param>
/// <param name="Agent">The account's agent.</param>
/// <param name="FirstMessage">The inquiry's first customer message (t0).</param>
/// <param name="WindowClosedAt">When its inquiry window closed.</param>
public sealed record LostDetail(string Shop, string Customer, LocalDate Day, string Account, string Agent, DetailMessage FirstMessage, Instant WindowClosedAt)
    : DetailRow(Shop, Customer, Day);
