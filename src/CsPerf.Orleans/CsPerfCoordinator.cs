using System.Collections.Immutable;
using System.Globalization;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace CsPerf.Orleans;

/// <summary>
/// The client side of CsPerf on Orleans, for one scope: splits records per shop and sends them to the shop grains,
/// and computes reports by asking every shop grain of the scope for its partial, merging the partials
/// (<see cref="KpiPartial.Merge(IEnumerable{KpiPartial})"/>) and composing them (<see cref="CsPerfEngine.Compose"/>)
/// with the shared roster and config: exactly the report one process computes from all the records (docs/scale-out.md).
/// </summary>
/// <remarks>
/// Thread safe; holds no state but the grain factory and the scope. Works in a client or inside a silo. A call to a
/// grain that fails for a transient reason (a silo lost or leaving: <see cref="SiloUnavailableException"/> and other
/// message rejections, a connection failure, a <see cref="TimeoutException"/>, a storage ETag conflict) is sent again,
/// at most <see cref="MaxAttempts"/> times in all, waiting 0.2 s, 0.4 s, 0.8 s ... (at most 2 s) in between; only
/// calls that cannot count twice are retried (reads, and batches with an <see cref="ShopBatch.Id"/>).
/// </remarks>
public sealed class CsPerfCoordinator
{
    /// <summary>The batch size the splitting <c>IngestAsync</c> uses by default: records of each kind per call to a shop grain.</summary>
    public const int DefaultBatchSize = 50_000;

    /// <summary>The default of <see cref="MaxAttempts"/>: with its waits (0.2 + 0.4 + 0.8 + 1.6 + 2 s) a call keeps trying for about 5 s plus the response timeouts.</summary>
    public const int DefaultMaxAttempts = 6;

    private readonly IGrainFactory grains;

    /// <summary>A coordinator of the default scope (<see cref="CsPerfGrainKeys.DefaultScope"/>).</summary>
    /// <param name="grains">The cluster client, or a silo's grain factory.</param>
    public CsPerfCoordinator(IGrainFactory grains)
        : this(grains, CsPerfGrainKeys.DefaultScope)
    {
    }

    /// <summary>A coordinator of <paramref name="scope"/>.</summary>
    /// <param name="grains">The cluster client, or a silo's grain factory.</param>
    /// <param name="scope">The scope (a tenant, a shop group); must not contain <c>/</c>.</param>
    /// <exception cref="ArgumentException">An empty scope or one containing <c>/</c>.</exception>
    public CsPerfCoordinator(IGrainFactory grains, string scope)
    {
        ArgumentNullException.ThrowIfNull(grains);
        CsPerfGrainKeys.CheckScope(scope);
        this.grains = grains;
        Scope = scope;
    }

    /// <summary>The scope whose shops this coordinator addresses.</summary>
    public string Scope { get; }

    /// <summary>
    /// How many times in all a grain call failing for a transient reason (a lost silo, a timeout) is sent; 1 sends
    /// once. Default <see cref="DefaultMaxAttempts"/>. Cover the time the cluster takes to declare a dead silo dead
    /// (ClusterMembershipOptions) so that calls to its grains reach their new activations.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxAttempts
    {
        get => maxAttempts;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            maxAttempts = value;
        }
    }

    private readonly int maxAttempts = DefaultMaxAttempts;

    /// <summary>The grain of <paramref name="shop"/> in this scope.</summary>
    /// <param name="shop">The shop id.</param>
    public ICsPerfShopGrain Shop(string shop) => grains.GetGrain<ICsPerfShopGrain>(CsPerfGrainKeys.Shop(Scope, shop));

    /// <summary>The shops of this scope that have received records, in ordinal order.</summary>
    public Task<IReadOnlyList<string>> GetShopsAsync() => RetryAsync(() => grains.GetGrain<ICsPerfDirectoryGrain>(Scope).GetShopsAsync());

    /// <summary>
    /// Sends one shop's batch to its grain; a batch with an <see cref="ShopBatch.Id"/> is sent again after a transient
    /// failure (see <see cref="MaxAttempts"/>), one without is sent once.
    /// </summary>
    /// <param name="shop">The shop id.</param>
    /// <param name="batch">The shop's records.</param>
    /// <returns>The number of records the shop grain holds after the batch.</returns>
    public Task<long> IngestAsync(string shop, ShopBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ICsPerfShopGrain grain = Shop(shop);
        return batch.Id is null ? grain.IngestAsync(batch) : RetryAsync(() => grain.IngestAsync(batch));
    }

    /// <summary>
    /// Splits records per shop and sends them to the shop grains, shops in parallel, each shop's records in batches
    /// holding at most <paramref name="batchSize"/> records of each kind. Messages, orders, ratings and complaints go by their shop; refunds and reviews by
    /// the shop of their order, which must be among <paramref name="orders"/>. Each batch gets an id unique to this
    /// call, so a batch that failed for a transient reason is sent again without being counted twice
    /// (<see cref="MaxAttempts"/>).
    /// </summary>
    /// <param name="messages">Chat lines.</param>
    /// <param name="orders">Orders.</param>
    /// <param name="refunds">Refunds of <paramref name="orders"/>.</param>
    /// <param name="reviews">Reviews of <paramref name="orders"/>.</param>
    /// <param name="ratings">Satisfaction votes.</param>
    /// <param name="complaints">Complaints.</param>
    /// <param name="batchSize">Records of each kind per call to a shop grain.</param>
    /// <param name="cancellationToken">Stops sending further batches.</param>
    /// <exception cref="ArgumentException">A refund or review of an order not among <paramref name="orders"/>.</exception>
    public async Task IngestAsync(
        IEnumerable<Message> messages,
        IEnumerable<Order>? orders = null,
        IEnumerable<Refund>? refunds = null,
        IEnumerable<Review>? reviews = null,
        IEnumerable<Rating>? ratings = null,
        IEnumerable<Complaint>? complaints = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var parts = new Dictionary<string, Part>(StringComparer.Ordinal);
        Part Of(string shop)
        {
            if (!parts.TryGetValue(shop, out Part? p))
            {
                parts[shop] = p = new Part();
            }

            return p;
        }

        var shopOfOrder = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            Of(m.Shop).Messages.Add(m);
        }

        foreach (var o in orders ?? [])
        {
            Of(o.Shop).Orders.Add(o);
            shopOfOrder.TryAdd(o.Id, o.Shop);
        }

        string ShopOfOrder(string order, string what) => shopOfOrder.TryGetValue(order, out string? shop)
            ? shop
            : throw new ArgumentException($"{what}: order: {order} is not among the orders given", what);

        foreach (var r in refunds ?? [])
        {
            Of(ShopOfOrder(r.Order, nameof(refunds))).Refunds.Add(r);
        }

        foreach (var r in reviews ?? [])
        {
            Of(ShopOfOrder(r.Order, nameof(reviews))).Reviews.Add(r);
        }

        foreach (var r in ratings ?? [])
        {
            Of(r.Shop).Ratings.Add(r);
        }

        foreach (var c in complaints ?? [])
        {
            Of(c.Shop).Complaints.Add(c);
        }

        await Task.WhenAll(parts.Select(p => SendAsync(p.Key, p.Value, batchSize, cancellationToken)));
    }

    /// <summary>
    /// The merged partial of every shop of the scope: each shop grain's partial (in parallel) merged.
    /// </summary>
    /// <param name="config">The config, shared by every shop.</param>
    /// <param name="roster">The roster listing every account of every shop.</param>
    /// <param name="request">The as-of instant and the dates the partials own (see <see cref="CsPerfEngine.Aggregate(Dataset, CsPerfConfig, ReportRequest)"/>).</param>
    /// <returns>The merged partial.</returns>
    public async Task<KpiPartial> AggregateAsync(CsPerfConfig config, Roster roster, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<string> shops = await GetShopsAsync();
        KpiPartial[] partials = await Task.WhenAll(shops.Select(s => RetryAsync(() => Shop(s).GetPartialAsync(config, roster, request))));
        return KpiPartial.Merge(partials);
    }

    /// <summary>
    /// The report of every shop of the scope: <see cref="AggregateAsync"/> composed with
    /// <see cref="CsPerfEngine.Compose"/>; equal to <see cref="CsPerfEngine.Report(Dataset, CsPerfConfig, ReportRequest)"/> over all the records.
    /// </summary>
    /// <param name="config">The config, shared by every shop.</param>
    /// <param name="roster">The roster listing every account of every shop.</param>
    /// <param name="request">As-of instant, periods, range and rule.</param>
    /// <returns>The report.</returns>
    public async Task<Report> ReportAsync(CsPerfConfig config, Roster roster, ReportRequest request)
    {
        KpiPartial merged = await AggregateAsync(config, roster, request);
        return CsPerfEngine.Compose(merged, roster, config, request);
    }

    private async Task SendAsync(string shop, Part part, int batchSize, CancellationToken cancellationToken)
    {
        ICsPerfShopGrain grain = Shop(shop);
        var batch = new Batcher(batchSize, Guid.NewGuid().ToString("N"));
        foreach (ShopBatch b in batch.Cut(part))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RetryAsync(() => grain.IngestAsync(b), cancellationToken);
        }
    }

    /// <summary>Whether a grain call failed for a reason that sending it again may cure.</summary>
    private static bool Transient(Exception e) => e is TimeoutException or OrleansMessageRejectionException
        or ConnectionFailedException or GatewayTooBusyException or InconsistentStateException
        or global::Orleans.Networking.Shared.SocketConnectionException;

    private async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < maxAttempts && Transient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 200 << (attempt - 1))), cancellationToken);
            }
        }
    }

    private sealed class Part
    {
        public List<Message> Messages { get; } = [];

        public List<Order> Orders { get; } = [];

        public List<Refund> Refunds { get; } = [];

        public List<Review> Reviews { get; } = [];

        public List<Rating> Ratings { get; } = [];

        public List<Complaint> Complaints { get; } = [];
    }

    private sealed class Batcher(int size, string call)
    {
        public IEnumerable<ShopBatch> Cut(Part p)
        {
            // Each kind in chunks of `size`; a batch holds one chunk of each kind, so batches stay ≤ 6 × size records
            // and kinds arrive together (a refund seldom waits long for its order).
            int n = new[] { p.Messages.Count, p.Orders.Count, p.Refunds.Count, p.Reviews.Count, p.Ratings.Count, p.Complaints.Count }.Max();
            int rounds = Math.Max(1, (n + size - 1) / size);
            for (int i = 0; i < rounds; i++)
            {
                yield return new ShopBatch
                {
                    Id = call + "/" + i.ToString(CultureInfo.InvariantCulture),
                    Messages = Chunk(p.Messages, i),
                    Orders = Chunk(p.Orders, i),
                    Refunds = Chunk(p.Refunds, i),
                    Reviews = Chunk(p.Reviews, i),
                    Ratings = Chunk(p.Ratings, i),
                    Complaints = Chunk(p.Complaints, i),
                };
            }
        }

        private ImmutableArray<T> Chunk<T>(List<T> list, int i)
        {
            int from = i * size;
            return from >= list.Count ? [] : [.. list.GetRange(from, Math.Min(size, list.Count - from))];
        }
    }
}
