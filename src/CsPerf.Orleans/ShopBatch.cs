using System.Collections.Immutable;

namespace CsPerf.Orleans;

/// <summary>
/// A batch of one shop's input records for <see cref="ICsPerfShopGrain.IngestAsync"/>: messages, orders, ratings and
/// complaints of that shop, and the refunds and reviews of its orders.
/// </summary>
/// <remarks>
/// Give a batch an <see cref="Id"/> to make sending it idempotent: a shop grain applies a batch id once, so a caller
/// that retries after a timeout or a lost silo never counts a batch twice.
/// </remarks>
[GenerateSerializer]
[Immutable]
[Alias("CsPerf.Orleans.ShopBatch")]
public sealed class ShopBatch
{
    /// <summary>The batch id: a batch id already applied by the shop grain is ignored; null to apply always.</summary>
    [Id(0)]
    public string? Id { get; init; }

    /// <summary>Chat lines of the shop.</summary>
    [Id(1)]
    public ImmutableArray<Message> Messages { get; init; } = [];

    /// <summary>Orders of the shop.</summary>
    [Id(2)]
    public ImmutableArray<Order> Orders { get; init; } = [];

    /// <summary>Refunds of the shop's orders (the order may come in an earlier or later batch).</summary>
    [Id(3)]
    public ImmutableArray<Refund> Refunds { get; init; } = [];

    /// <summary>Reviews of the shop's orders (the order may come in an earlier or later batch).</summary>
    [Id(4)]
    public ImmutableArray<Review> Reviews { get; init; } = [];

    /// <summary>Satisfaction votes of the shop.</summary>
    [Id(5)]
    public ImmutableArray<Rating> Ratings { get; init; } = [];

    /// <summary>Complaints of the shop.</summary>
    [Id(6)]
    public ImmutableArray<Complaint> Complaints { get; init; } = [];

    /// <summary>The number of records in the batch.</summary>
    public int Count => Messages.Length + Orders.Length + Refunds.Length + Reviews.Length + Ratings.Length + Complaints.Length;
}
