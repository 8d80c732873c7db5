using NodaTime;

namespace CsPerf.Engine;

/// <summary>One chat line, in the object form embedders use (readers use the span-based DatasetBuilder API of CsPerf.Engine).</summary>
/// <param name="Id">Message id (unique in the dataset).</param>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id, unique within the shop.</param>
/// <param name="Account">Account id.</param>
/// <param name="Dir">Direction.</param>
/// <param name="At">Instant the message was sent.</param>
/// <param name="Text">Text, or null when absent (no prefix rule applies; 0 characters).</param>
public sealed record Message(string Id, string Shop, string Customer, string Account, Direction Dir, Instant At, string? Text);

/// <summary>A Taobao order.</summary>
/// <param name="Id">Order id.</param>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="CreatedAt">下单 instant.</param>
/// <param name="PaidAt">付款 instant, null while unpaid.</param>
/// <param name="Amount">Paid total including postage.</param>
/// <param name="Postage">Postage part of the amount.</param>
/// <param name="Items">件数.</param>
public sealed record Order(string Id, string Shop, string Customer, Instant CreatedAt, Instant? PaidAt, decimal Amount, decimal Postage, int Items);

/// <summary>Status of a refund.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RefundStatus>))]
public enum RefundStatus : byte
{
    /// <summary>Refunded.</summary>
    Success = 0,

    /// <summary>Closed without refund.</summary>
    Closed = 1,

    /// <summary>Still open.</summary>
    Pending = 2,
}

/// <summary>A refund on an order.</summary>
/// <param name="Id">Refund id.</param>
/// <param name="Order">Order id.</param>
/// <param name="CreatedAt">Instant requested.</param>
/// <param name="CompletedAt">Instant completed, if it was.</param>
/// <param name="Amount">Refunded amount.</param>
/// <param name="Items">Refunded items.</param>
/// <param name="Status">Status.</param>
/// <param name="Operations">Operations an agent made on it.</param>
public sealed record Refund(string Id, string Order, Instant CreatedAt, Instant? CompletedAt, decimal Amount, int Items, RefundStatus Status, int Operations);

/// <summary>Rating of a review 评价.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReviewRating>))]
public enum ReviewRating : byte
{
    /// <summary>好评.</summary>
    Good = 0,

    /// <summary>中评.</summary>
    Neutral = 1,

    /// <summary>差评.</summary>
    Negative = 2,
}

/// <summary>A review left on an order.</summary>
/// <param name="Order">Order id.</param>
/// <param name="At">Instant.</param>
/// <param name="Rating">Good, neutral or negative.</param>
public sealed record Review(string Order, Instant At, ReviewRating Rating);

/// <summary>A satisfaction vote on a service.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Account">Account id.</param>
/// <param name="At">Instant.</param>
/// <param name="Score">1..5.</param>
public sealed record Rating(string Shop, string Customer, string Account, Instant At, int Score);

/// <summary>A complaint about service.</summary>
/// <param name="Shop">Shop id.</param>
/// <param name="Customer">Customer id.</param>
/// <param name="Account">Account id.</param>
/// <param name="At">Instant.</param>
/// <param name="Reason">Free text, may be null.</param>
public sealed record Complaint(string Shop, string Customer, string Account, Instant At, string? Reason);

/// <summary>One rejected input line: <c>file:line: field: problem</c>.</summary>
/// <param name="File">File name as in the dataset folder.</param>
/// <param name="Line">Physical line, from 1 (0 when the problem is not tied to a line).</param>
/// <param name="Field">Field at fault, or null for the whole line.</param>
/// <param name="Problem">What is wrong, in plain words.</param>
public sealed record RejectedLine(string File, long Line, string? Field, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: {Field ?? "-"}: {Problem}";
}
