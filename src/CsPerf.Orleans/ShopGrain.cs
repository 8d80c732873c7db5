using System.Text;
using System.Text.Json;
using CsPerf.IO;
using Orleans.Serialization;

namespace CsPerf.Orleans;

/// <summary>The persisted state of a shop grain: its batches in Orleans' binary form, and the batch ids applied.</summary>
[GenerateSerializer]
[Alias("CsPerf.Orleans.ShopGrainState")]
internal sealed class ShopGrainState
{
    /// <summary>Every batch received, serialized once on arrival (a write of the state copies bytes, it does not re-encode records).</summary>
    [Id(0)]
    public List<byte[]> Batches { get; set; } = [];

    [Id(1)]
    public HashSet<string> BatchIds { get; set; } = [];

    [Id(2)]
    public long Count { get; set; }

    /// <summary>Whether the shop is in its scope's directory.</summary>
    [Id(3)]
    public bool Listed { get; set; }
}

/// <summary>One shop's records and partial (see <see cref="ICsPerfShopGrain"/>).</summary>
internal sealed class ShopGrain(
    [PersistentState("shop", CsPerfGrainKeys.StorageName)] IPersistentState<ShopGrainState> state,
    Serializer<ShopBatch> serializer) : Grain, ICsPerfShopGrain
{
    // Caches, rebuilt after a batch or for another config/roster/request; never persisted (a reactivated grain
    // rebuilds them from the state).
    private Dataset? dataset;
    private string? datasetKey;
    private KpiPartial? partial;
    private string? partialKey;

    private string Shop => CsPerfGrainKeys.Split(this.GetPrimaryKeyString()).Shop;

    private string Scope => CsPerfGrainKeys.Split(this.GetPrimaryKeyString()).Scope;

    public async Task<long> IngestAsync(ShopBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ShopGrainState s = state.State;
        if (batch.Id is not null && s.BatchIds.Contains(batch.Id))
        {
            return s.Count;
        }

        CheckShop(batch);
        if (!s.Listed)
        {
            await GrainFactory.GetGrain<ICsPerfDirectoryGrain>(Scope).AddShopAsync(Shop);
            s.Listed = true;
        }

        if (batch.Count > 0)
        {
            s.Batches.Add(serializer.SerializeToArray(batch));
            s.Count += batch.Count;
        }

        if (batch.Id is not null)
        {
            s.BatchIds.Add(batch.Id);
        }

        dataset = null;
        partial = null;
        await state.WriteStateAsync();
        return s.Count;
    }

    public Task<KpiPartial> GetPartialAsync(CsPerfConfig config, Roster roster, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Count == 0)
        {
            return Task.FromResult(KpiPartial.Empty);
        }

        string dk = JsonSerializer.Serialize(config, CsPerfJsonContext.Default.CsPerfConfig) + "\n"
            + JsonSerializer.Serialize(roster, CsPerfJsonContext.Default.Roster);
        string pk = dk + "\n" + JsonSerializer.Serialize(request, CsPerfJsonContext.Default.ReportRequest);
        if (partial is not null && partialKey == pk)
        {
            return Task.FromResult(partial);
        }

        if (dataset is null || datasetKey != dk)
        {
            dataset = null;
            dataset = BuildDataset(config, roster);
            datasetKey = dk;
        }

        partial = CsPerfEngine.Aggregate(dataset, config, request);
        partialKey = pk;
        return Task.FromResult(partial);
    }

    public Task<long> CountAsync() => Task.FromResult(state.State.Count);

    private Dataset BuildDataset(CsPerfConfig config, Roster roster)
    {
        var batches = new List<ShopBatch>(state.State.Batches.Count);
        foreach (byte[] bytes in state.State.Batches)
        {
            batches.Add(serializer.Deserialize(bytes)!);
        }

        return Dataset.Create(
            config,
            roster,
            batches.SelectMany(b => b.Messages),
            batches.SelectMany(b => b.Orders),
            batches.SelectMany(b => b.Refunds),
            batches.SelectMany(b => b.Reviews),
            batches.SelectMany(b => b.Ratings),
            batches.SelectMany(b => b.Complaints));
    }

    private void CheckShop(ShopBatch batch)
    {
        string shop = Shop;
        string? other = batch.Messages.FirstOrDefault(m => m.Shop != shop)?.Shop
            ?? batch.Orders.FirstOrDefault(o => o.Shop != shop)?.Shop
            ?? batch.Ratings.FirstOrDefault(r => r.Shop != shop)?.Shop
            ?? batch.Complaints.FirstOrDefault(c => c.Shop != shop)?.Shop;
        if (other is not null)
        {
            throw new ArgumentException(
                new StringBuilder().Append("batch: shop: a record of shop ").Append(other)
                    .Append(" sent to the grain of shop ").Append(shop).ToString(),
                nameof(batch));
        }
    }
}

/// <summary>The persisted state of a scope's directory.</summary>
[GenerateSerializer]
[Alias("CsPerf.Orleans.DirectoryGrainState")]
internal sealed class DirectoryGrainState
{
    [Id(0)]
    public List<string> Shops { get; set; } = [];
}

/// <summary>The shops of one scope (see <see cref="ICsPerfDirectoryGrain"/>).</summary>
internal sealed class DirectoryGrain(
    [PersistentState("directory", CsPerfGrainKeys.StorageName)] IPersistentState<DirectoryGrainState> state) : Grain, ICsPerfDirectoryGrain
{
    public async Task AddShopAsync(string shop)
    {
        ArgumentException.ThrowIfNullOrEmpty(shop);
        if (!state.State.Shops.Contains(shop))
        {
            state.State.Shops.Add(shop);
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetShopsAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Shops.Order(StringComparer.Ordinal)]);
}
