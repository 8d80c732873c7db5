namespace CsPerf.Engine.Storage;

/// <summary>Sentinel tick value meaning "no instant" (an unpaid order, an open refund).</summary>
internal static class Ticks
{
    public const long None = long.MaxValue;
}

internal readonly record struct OrderRow(int Id, int Shop, int Customer, long Created, long Paid, decimal Amount, decimal Postage, int Items)
{
    public bool IsPaid => Paid != Ticks.None;
}

internal readonly record struct RefundRow(int Id, int Order, long Created, long Completed, decimal Amount, int Items, RefundStatus Status, int Operations);

internal readonly record struct ReviewRow(int Order, long At, ReviewRating Rating);

internal readonly record struct RatingRow(int Shop, int Customer, int Account, long At, int Score);

/// <summary>A complaint; <c>Reason</c> indexes the dataset's interned reasons (an absent reason is <c>""</c>).</summary>
internal readonly record struct ComplaintRow(int Shop, int Customer, int Account, long At, int Reason);
