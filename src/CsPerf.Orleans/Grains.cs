namespace CsPerf.Orleans;

/// <summary>
/// The grain of one shop (key: <see cref="CsPerfGrainKeys.Shop"/>, <c>scope/shop</c>): ingests the shop's records,
/// keeps them in grain storage (the provider named <see cref="CsPerfGrainKeys.StorageName"/>), and answers with the
/// shop's mergeable partial (docs/partials.md) for a config, roster and request.
/// </summary>
[Alias("CsPerf.Orleans.ICsPerfShopGrain")]
public interface ICsPerfShopGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends a batch of the shop's records and persists it before returning. Records of another shop are refused;
    /// a batch whose <see cref="ShopBatch.Id"/> was applied already is ignored.
    /// </summary>
    /// <param name="batch">The records.</param>
    /// <returns>The number of records the grain holds after the batch.</returns>
    /// <exception cref="ArgumentException">A message, order, rating or complaint of another shop.</exception>
    [Alias("IngestAsync")]
    Task<long> IngestAsync(ShopBatch batch);

    /// <summary>
    /// The shop's partial: <see cref="CsPerfEngine.Aggregate(Dataset, CsPerfConfig, ReportRequest)"/> over a dataset of every record the grain holds, built
    /// with <paramref name="config"/> and <paramref name="roster"/> (the shared roster listing every account).
    /// </summary>
    /// <param name="config">The config, the same for every shop of one report.</param>
    /// <param name="roster">The roster, the same for every shop of one report.</param>
    /// <param name="request">The as-of instant and the dates the partial owns.</param>
    /// <returns>The partial (<see cref="KpiPartial.Empty"/> when the grain holds nothing).</returns>
    /// <exception cref="ArgumentException">Records the engine refuses (a duplicate id, a refund of an unknown order), or an invalid config.</exception>
    [Alias("GetPartialAsync")]
    Task<KpiPartial> GetPartialAsync(CsPerfConfig config, Roster roster, ReportRequest request);

    /// <summary>The number of records the grain holds.</summary>
    [Alias("CountAsync")]
    Task<long> CountAsync();
}

/// <summary>The directory of one scope (key: the scope): the shops that have received records.</summary>
[Alias("CsPerf.Orleans.ICsPerfDirectoryGrain")]
public interface ICsPerfDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a shop (idempotent); called by a shop grain on its first batch.</summary>
    /// <param name="shop">The shop id.</param>
    [Alias("AddShopAsync")]
    Task AddShopAsync(string shop);

    /// <summary>The shops of the scope, in ordinal order.</summary>
    [Alias("GetShopsAsync")]
    Task<IReadOnlyList<string>> GetShopsAsync();
}

/// <summary>Grain keys and the storage provider name of CsPerf's grains.</summary>
public static class CsPerfGrainKeys
{
    /// <summary>
    /// The name of the grain storage provider CsPerf's grains persist their state in. Register a provider of this
    /// name on every silo (durable in production; see docs/scale-out.md).
    /// </summary>
    public const string StorageName = "CsPerf";

    /// <summary>The scope used when none is given.</summary>
    public const string DefaultScope = "default";

    /// <summary>
    /// The key of a shop grain: <c>scope + "/" + shop</c>. A scope (a tenant, a shop group, a test run) keeps its
    /// shops apart from other scopes' in one cluster.
    /// </summary>
    /// <param name="scope">The scope; must not contain <c>/</c>.</param>
    /// <param name="shop">The shop id.</param>
    /// <exception cref="ArgumentException">An empty scope or shop, or a scope containing <c>/</c>.</exception>
    public static string Shop(string scope, string shop)
    {
        CheckScope(scope);
        ArgumentException.ThrowIfNullOrEmpty(shop);
        return scope + "/" + shop;
    }

    internal static void CheckScope(string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        if (scope.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"scope: must not contain '/': {scope}", nameof(scope));
        }
    }

    internal static (string Scope, string Shop) Split(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }
}
