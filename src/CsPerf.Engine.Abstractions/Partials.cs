using System.Collections.Immutable;
using NodaTime;

namespace CsPerf.Engine;

/// <summary>
/// Index of a count in <see cref="PartialAccountDay.Counts"/> and <see cref="PartialShopDay.Counts"/>: the reception,
/// conversion and quality sums of one (account, local date), or the review counts of one (shop, local date). Every
/// KPI that is not a peak is one of these sums or a ratio of two (docs/partials.md). Durations are integer ticks
/// (100 ns), so sums are exact in any order.
/// </summary>
public enum PartialCount
{
    /// <summary>Consulted receptions 咨询人数 (customer-days).</summary>
    Consulted = 0,

    /// <summary>Received (effective) receptions 接待人数.</summary>
    Received,

    /// <summary>Received receptions classified pre-sale 询单.</summary>
    Inquiries,

    /// <summary>Received receptions classified in-sale 售中.</summary>
    InSale,

    /// <summary>Received receptions classified after-sale 售后.</summary>
    AfterSale,

    /// <summary>Received receptions with an effective reply.</summary>
    Replied,

    /// <summary>Received receptions without an effective reply.</summary>
    Unreplied,

    /// <summary>Non-advert sessions.</summary>
    Sessions,

    /// <summary>Σ session durations, ticks.</summary>
    SessionTicks,

    /// <summary>Long sessions 长接待.</summary>
    LongSessions,

    /// <summary>Customer-started sessions.</summary>
    CustomerStarted,

    /// <summary>Customer-started sessions whose first burst was answered.</summary>
    FirstAnswered,

    /// <summary>Σ first response times, ticks.</summary>
    FirstResponseTicks,

    /// <summary>Customer-started sessions answered within the first-response target.</summary>
    FirstHits,

    /// <summary>Answered bursts.</summary>
    AnsweredBursts,

    /// <summary>Σ response times of answered bursts, ticks.</summary>
    ResponseTicks,

    /// <summary>Slow receptions 慢响应.</summary>
    SlowReceptions,

    /// <summary>No-response records 3分钟未响应.</summary>
    NoResponseRecords,

    /// <summary>Long receptions.</summary>
    LongReceptions,

    /// <summary>Effective out messages.</summary>
    Messages,

    /// <summary>Characters of effective out messages.</summary>
    Characters,

    /// <summary>Inquiries ordered the same day.</summary>
    OrderedSameDay,

    /// <summary>Inquiries ordered 最终下单.</summary>
    Ordered,

    /// <summary>Inquiries paid 最终付款.</summary>
    Paid,

    /// <summary>Lost inquiries 询单流失.</summary>
    Lost,

    /// <summary>Pending inquiries.</summary>
    Pending,

    /// <summary>Assists before order.</summary>
    AssistsBeforeOrder,

    /// <summary>Paid orders whose payment agent is also the order agent.</summary>
    PaymentsOwnOrder,

    /// <summary>Paid orders whose payment agent is another account than the order agent.</summary>
    PaymentsOthersOrder,

    /// <summary>Paid orders with a payment agent and no order agent.</summary>
    PaymentsSilentOrder,

    /// <summary>Neutral reviews implicating the account (shop day: every neutral review of the shop).</summary>
    NeutralReviews,

    /// <summary>Negative reviews, as <see cref="NeutralReviews"/>.</summary>
    NegativeReviews,

    /// <summary>Neutral reviews in the pre-sale phase.</summary>
    NeutralPreSale,

    /// <summary>Neutral reviews in the in-sale phase.</summary>
    NeutralInSale,

    /// <summary>Neutral reviews in the after-sale phase.</summary>
    NeutralAfterSale,

    /// <summary>Negative reviews in the pre-sale phase.</summary>
    NegativePreSale,

    /// <summary>Negative reviews in the in-sale phase.</summary>
    NegativeInSale,

    /// <summary>Negative reviews in the after-sale phase.</summary>
    NegativeAfterSale,

    /// <summary>Reviews of any rating.</summary>
    Reviews,

    /// <summary>Good reviews.</summary>
    GoodReviews,

    /// <summary>Satisfaction ratings (account days only).</summary>
    Ratings,

    /// <summary>Ratings scoring 4 or 5 (account days only).</summary>
    Satisfied,

    /// <summary>Complaints (account days only).</summary>
    Complaints,

    /// <summary>Transfers out 转出: customer-days another account took over from this one (account days only).</summary>
    TransfersOut,

    /// <summary>Transfers in 转入: customer-days this account took over from another one (account days only).</summary>
    TransfersIn,
}

/// <summary>
/// Index of a count in the per-rule sales vectors (<see cref="PartialAccountDay.SalesCounts"/>,
/// <see cref="PartialShopDay.SilentCounts"/>): the element of field f under rule r is at
/// <c>(int)r × <see cref="KpiPartial.SalesCountFields"/> + (int)f</c>.
/// </summary>
public enum PartialSalesCount
{
    /// <summary>Items of paid orders.</summary>
    Items = 0,

    /// <summary>Paid orders.</summary>
    Orders,

    /// <summary>Buyers (customer-days).</summary>
    Buyers,

    /// <summary>Assists follow-up (customer-days).</summary>
    AssistsFollowUp,

    /// <summary>Refunded order-days.</summary>
    RefundOrders,

    /// <summary>Refund customer-days.</summary>
    RefundCustomers,

    /// <summary>Σ refund operations.</summary>
    RefundOperations,

    /// <summary>Items of completed successful refunds.</summary>
    RefundItems,

    /// <summary>Completed successful refunds.</summary>
    CompletedRefunds,

    /// <summary>Σ completion durations of completed refunds, ticks.</summary>
    RefundCompletionTicks,
}

/// <summary>
/// Index of an amount in the per-rule money vectors (<see cref="PartialAccountDay.SalesMoney"/>,
/// <see cref="PartialShopDay.SilentMoney"/>): the element of field f under rule r is at
/// <c>(int)r × <see cref="KpiPartial.SalesMoneyFields"/> + (int)f</c>.
/// </summary>
public enum PartialSalesMoney
{
    /// <summary>Σ amounts of paid orders.</summary>
    Sales = 0,

    /// <summary>Σ postage of paid orders.</summary>
    Postage,

    /// <summary>Σ amounts of completed successful refunds.</summary>
    RefundAmount,
}

/// <summary>The phases in which a review implicates an account (domain.md §6 "Reviews").</summary>
[Flags]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReviewPhases>))]
public enum ReviewPhases
{
    /// <summary>No phase.</summary>
    None = 0,

    /// <summary>Pre-sale: the order agent and the other order-agent candidates.</summary>
    PreSale = 1,

    /// <summary>In-sale: accounts that messaged between createdAt and paidAt.</summary>
    InSale = 2,

    /// <summary>After-sale: accounts with an after-sale reception between paidAt and the review.</summary>
    AfterSale = 4,
}

/// <summary>
/// What makes two partials mergeable: the as-of instant and the config knobs that change counting (text rules,
/// filters, session and response thresholds, windows). Knobs applied only in composition (rule, AOV basis) are not part of it.
/// </summary>
/// <param name="AsOf">The instant the partial was computed as of.</param>
/// <param name="Rules">A canonical text of the counting knobs (<c>name=value;</c> pairs, invariant culture).</param>
public sealed record PartialBasis(Instant AsOf, string Rules);

/// <summary>A shop a partial knows.</summary>
/// <param name="Id">Shop id.</param>
/// <param name="TimeZone">IANA zone id of the shop; its local dates are the partial's dates.</param>
/// <param name="HasOrders">Whether the shop has an order created as of the partial's instant (then it is listed).</param>
public sealed record PartialShop(string Id, string TimeZone, bool HasOrders);

/// <summary>An account a partial knows: a roster account of its dataset, or one with kept data.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Account">Account id.</param>
/// <param name="Role">Its role in the dataset (an account outside the roster is pre-sale).</param>
/// <param name="HasData">Whether it has kept messages, ratings or complaints as of the partial's instant (then it is listed even outside the roster).</param>
public sealed record PartialAccount(string Shop, string Account, AccountRole Role, bool HasData);

/// <summary>
/// The additive counters of one (shop, account, local date), and the sessions that date owns (for peaks).
/// Vectors are indexed by <see cref="PartialCount"/>, <see cref="PartialSalesCount"/> and <see cref="PartialSalesMoney"/>.
/// </summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Account">Account id.</param>
/// <param name="Date">Local date in the shop's zone.</param>
/// <param name="Counts">Reception, conversion and quality counts (<see cref="KpiPartial.CountFields"/> elements).</param>
/// <param name="SalesCounts">Credited sales counts per rule (3 × <see cref="KpiPartial.SalesCountFields"/>).</param>
/// <param name="SalesMoney">Credited money per rule (3 × <see cref="KpiPartial.SalesMoneyFields"/>).</param>
/// <param name="ReceptionsByHour">Received receptions per local hour of t0 (24).</param>
/// <param name="MessagesByHour">Kept customer messages per local hour (24).</param>
/// <param name="Sessions">
/// The non-advert sessions the date owns (those starting on it), flattened as [first, last, first, last, …] message
/// instants in Unix ticks, sorted by (first, last).
/// </param>
public sealed record PartialAccountDay(
    string Shop,
    string Account,
    LocalDate Date,
    ImmutableArray<long> Counts,
    ImmutableArray<long> SalesCounts,
    ImmutableArray<decimal> SalesMoney,
    ImmutableArray<int> ReceptionsByHour,
    ImmutableArray<int> MessagesByHour,
    ImmutableArray<long> Sessions);

/// <summary>The shop-level counters of one (shop, local date): reviews counted once each, and the silent part.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Date">Local date in the shop's zone.</param>
/// <param name="Counts">Review counts of the shop, each review once (<see cref="PartialCount"/>; only the review elements are used).</param>
/// <param name="SilentCounts">Silent sales counts per rule (3 × <see cref="KpiPartial.SalesCountFields"/>).</param>
/// <param name="SilentMoney">Silent money per rule (3 × <see cref="KpiPartial.SalesMoneyFields"/>).</param>
public sealed record PartialShopDay(
    string Shop,
    LocalDate Date,
    ImmutableArray<long> Counts,
    ImmutableArray<long> SilentCounts,
    ImmutableArray<decimal> SilentMoney);

/// <summary>One account a shared review implicates, with its phases.</summary>
/// <param name="Account">Account id (of the review's shop).</param>
/// <param name="Phases">The phases implicating it.</param>
public sealed record PartialReviewAccount(string Account, ReviewPhases Phases);

/// <summary>
/// A review implicating two or more accounts. An agent counts a review once over its accounts (domain.md §6
/// "Reviews"), and which accounts form an agent is decided at composition, so such reviews travel as records.
/// </summary>
/// <param name="Shop">Shop id of the reviewed order.</param>
/// <param name="Date">Local date of the review.</param>
/// <param name="Rating">Its rating.</param>
/// <param name="Accounts">The implicated accounts, by account id.</param>
public sealed record PartialSharedReview(string Shop, LocalDate Date, ReviewRating Rating, ImmutableArray<PartialReviewAccount> Accounts);

/// <summary>
/// The complaints of one (shop, account, local date) with one reason (domain.md §6 "quality": <c>complaintsByReason</c>).
/// Over an account day, the counts of its reasons sum to its <see cref="PartialCount.Complaints"/> count.
/// </summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Account">Account id.</param>
/// <param name="Date">Local date of the complaints' instants in the shop's zone.</param>
/// <param name="Reason">The reason; an absent or null reason is <c>""</c>.</param>
/// <param name="Count">How many complaints (≥ 1).</param>
public sealed record PartialComplaintReason(string Shop, string Account, LocalDate Date, string Reason, long Count);

/// <summary>What loading one input reported: rejected lines and warnings (not dated, so not split by day).</summary>
/// <param name="Rejected">How many input lines were rejected.</param>
/// <param name="RejectedLines">The first rejected lines.</param>
/// <param name="Warnings">Warnings met while loading.</param>
public sealed record PartialInput(long Rejected, ImmutableArray<RejectedLine> RejectedLines, ImmutableArray<string> Warnings);

/// <summary>
/// A mergeable partial KPI result (<c>CsPerfEngine.Aggregate</c>): additive counters per (shop, account, local date)
/// and per (shop, local date), the sessions each date owns, reviews implicating several accounts, complaints per
/// reason, and the facts
/// composition decides from (shops and zones, accounts, data range, filtered counts). Keyed by ids, never by
/// dataset-local indexes, so partials of different datasets merge (<see cref="Merge(KpiPartial, KpiPartial)"/>) and
/// compose into a report (<c>CsPerfEngine.Compose</c>). Every list is in canonical order (ordinal ids, then dates),
/// so merging in any order or grouping gives the same content. See docs/partials.md.
/// </summary>
/// <remarks>
/// Partials must come from disjoint parts of the data: disjoint shops, disjoint customers (with their orders,
/// refunds, reviews, ratings and complaints), or disjoint date ranges of one dataset. Merging the same part twice
/// counts it twice. Serialisable as plain data (ids, dates, integer and decimal vectors). Record equality
/// compares the lists by reference (<see cref="ImmutableArray{T}"/>); compare content element by element.
/// </remarks>
public sealed record KpiPartial
{
    /// <summary>Number of <see cref="PartialCount"/> fields (length of a counts vector).</summary>
    public const int CountFields = (int)PartialCount.TransfersIn + 1;

    /// <summary>Number of <see cref="PartialSalesCount"/> fields per rule.</summary>
    public const int SalesCountFields = (int)PartialSalesCount.RefundCompletionTicks + 1;

    /// <summary>Number of <see cref="PartialSalesMoney"/> fields per rule.</summary>
    public const int SalesMoneyFields = (int)PartialSalesMoney.RefundAmount + 1;

    /// <summary>Number of attribution rules in the per-rule vectors (indexed by <see cref="AttributionRule"/>).</summary>
    public const int RuleCount = AttributionRules.Count;

    /// <summary>The identity of <see cref="Merge(KpiPartial, KpiPartial)"/>: no data, no basis.</summary>
    public static KpiPartial Empty { get; } = new();

    /// <summary>The as-of instant and counting knobs, or null for <see cref="Empty"/>.</summary>
    public PartialBasis? Basis { get; init; }

    /// <summary>First local date holding kept data in the partial's datasets (the default range start), or null.</summary>
    public LocalDate? DataFrom { get; init; }

    /// <summary>Last local date holding kept data (the default range end), or null.</summary>
    public LocalDate? DataTo { get; init; }

    /// <summary>Shops, by id.</summary>
    public ImmutableArray<PartialShop> Shops { get; init; } = [];

    /// <summary>Accounts, by shop then account id.</summary>
    public ImmutableArray<PartialAccount> Accounts { get; init; } = [];

    /// <summary>Counters per (shop, account, date), by shop, account, date; only non-empty ones.</summary>
    public ImmutableArray<PartialAccountDay> AccountDays { get; init; } = [];

    /// <summary>Counters per (shop, date), by shop, date; only non-empty ones.</summary>
    public ImmutableArray<PartialShopDay> ShopDays { get; init; } = [];

    /// <summary>Reviews implicating several accounts, in canonical order (shop, date, rating, accounts).</summary>
    public ImmutableArray<PartialSharedReview> SharedReviews { get; init; } = [];

    /// <summary>Complaints per (shop, account, date, reason), in that order (ordinal reasons); only non-zero ones.</summary>
    public ImmutableArray<PartialComplaintReason> ComplaintReasons { get; init; } = [];

    /// <summary>What the filters removed in the partial's dates (domain.md §2).</summary>
    public FilteredCounts Filtered { get; init; } = FilteredCounts.None;

    /// <summary>
    /// Rejected lines and warnings of the inputs, one entry per distinct input report; merging keeps equal entries
    /// once, so partials of one dataset split by day report its rejected lines once.
    /// </summary>
    public ImmutableArray<PartialInput> Inputs { get; init; } = [];

    /// <summary>Merges two partials of disjoint data: associative, commutative, with <see cref="Empty"/> as identity.</summary>
    /// <param name="left">A partial.</param>
    /// <param name="right">Another partial.</param>
    /// <exception cref="ArgumentException">Different bases (as-of instant or counting knobs), or conflicting facts (a shop's zone, an account's role).</exception>
    public static KpiPartial Merge(KpiPartial left, KpiPartial right) => PartialMerge.Merge(left, right);

    /// <summary>Merges any number of partials (<see cref="Empty"/> when none).</summary>
    /// <param name="partials">The partials.</param>
    /// <exception cref="ArgumentException">As for <see cref="Merge(KpiPartial, KpiPartial)"/>.</exception>
    public static KpiPartial Merge(IEnumerable<KpiPartial> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        var result = Empty;
        foreach (var p in partials)
        {
            result = PartialMerge.Merge(result, p);
        }

        return result;
    }

    /// <summary>This partial merged with <paramref name="other"/>.</summary>
    /// <param name="other">Another partial.</param>
    /// <exception cref="ArgumentException">As for <see cref="Merge(KpiPartial, KpiPartial)"/>.</exception>
    public KpiPartial Merge(KpiPartial other) => PartialMerge.Merge(this, other);
}
