using System.Globalization;
using System.Text;
using System.Text.Json;
using CsPerf.IO;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace CsPerf.Orleans;

/// <summary>
/// The persisted header of a shop grain (state <c>shop</c>): how many batch records it has committed, how many input
/// records they hold, and whether the shop is listed. Fixed size: a batch rewrites the header, never earlier batches.
/// </summary>
[GenerateSerializer]
[Alias("CsPerf.Orleans.ShopGrainState")]
internal sealed class ShopGrainState
{
    // Ids 0 and 1 held the batches and batch ids in the one-record layout before issue 11 item 5; not reused.
    [Id(2)]
    public long Count { get; set; }

    /// <summary>Whether the shop is in its scope's directory.</summary>
    [Id(3)]
    public bool Listed { get; set; }

    /// <summary>
    /// The batch records committed: <c>shop-batch-0</c> .. <c>shop-batch-(Batches-1)</c>. A record at index
    /// <see cref="Batches"/> (written before a header write that failed) is not part of the state and is overwritten.
    /// </summary>
    [Id(4)]
    public int Batches { get; set; }
}

/// <summary>One batch as stored: its id (to recognise a retry after reactivation) and its records in Orleans' binary form.</summary>
[GenerateSerializer]
[Alias("CsPerf.Orleans.ShopBatchRecord")]
internal sealed class ShopBatchRecord
{
    [Id(0)]
    public string? Id { get; set; }

    /// <summary>The <see cref="ShopBatch"/> serialized once on arrival (empty for a batch without records).</summary>
    [Id(1)]
    public byte[] Batch { get; set; } = [];
}

/// <summary>
/// One shop's records and partial (see <see cref="ICsPerfShopGrain"/>). Storage layout (docs/scale-out.md "Storage"):
/// a header (<see cref="ShopGrainState"/>, state <c>shop</c>) and one record per batch (<see cref="ShopBatchRecord"/>,
/// state <c>shop-batch-{index}</c>) in the same provider. A batch writes its record once, then the header, which commits
/// it: ingesting n batches writes n records and n headers.
/// </summary>
internal sealed class ShopGrain(
    [PersistentState("shop", CsPerfGrainKeys.StorageName)] IPersistentState<ShopGrainState> state,
    Serializer<ShopBatch> serializer) : Grain, ICsPerfShopGrain
{
    /// <summary>The state name of the batch record of index <paramref name="index"/>.</summary>
    internal static string BatchStateName(int index) => "shop-batch-" + index.ToString(CultureInfo.InvariantCulture);

    // The committed batches (bytes, decoded only to build a dataset) and the batch ids applied, loaded on activation.
    private readonly List<byte[]> batches = [];
    private readonly HashSet<string> batchIds = new(StringComparer.Ordinal);
    private IGrainStorage storage = null!;

    // The record slot at index state.Batches: its ETag when a record was stored there without being committed.
    private GrainState<ShopBatchRecord> next = new();

    // Caches, rebuilt after a batch or for another config/roster/request; never persisted (a reactivated grain
    // rebuilds them from the stored batches).
    private Dataset? dataset;
    private string? datasetKey;
    private KpiPartial? partial;
    private string? partialKey;

    private string Shop => CsPerfGrainKeys.Split(this.GetPrimaryKeyString()).Shop;

    private string Scope => CsPerfGrainKeys.Split(this.GetPrimaryKeyString()).Scope;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(CsPerfGrainKeys.StorageName);
        ShopGrainState s = state.State;
        if (s.Count > 0 && s.Batches == 0)
        {
            throw new InvalidOperationException(
                $"shop grain {this.GetPrimaryKeyString()}: state stored in the one-record layout of an earlier CsPerf.Orleans; ingest the shop again");
        }

        for (int i = 0; i < s.Batches; i++)
        {
            var record = new GrainState<ShopBatchRecord>();
            await storage.ReadStateAsync(BatchStateName(i), GrainContext.GrainId, record);
            if (!record.RecordExists || record.State is null)
            {
                throw new InvalidOperationException(
                    $"shop grain {this.GetPrimaryKeyString()}: batch record {BatchStateName(i)} missing from storage {CsPerfGrainKeys.StorageName}");
            }

            Load(record.State);
        }

        await storage.ReadStateAsync(BatchStateName(s.Batches), GrainContext.GrainId, next);
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<long> IngestAsync(ShopBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ShopGrainState s = state.State;
        if (batch.Id is not null && batchIds.Contains(batch.Id))
        {
            return s.Count;
        }

        CheckShop(batch);
        if (!s.Listed)
        {
            await GrainFactory.GetGrain<ICsPerfDirectoryGrain>(Scope).AddShopAsync(Shop);
            s.Listed = true;
        }

        if (batch.Count == 0 && batch.Id is null)
        {
            // Nothing to keep; only a first (empty) batch's listing needs the header written.
            if (!state.RecordExists)
            {
                await state.WriteStateAsync();
            }

            return s.Count;
        }

        // The record first, then the header that commits it: a failure in between leaves an uncommitted record,
        // overwritten by the next batch (its ETag is kept in `next`, read again on reactivation).
        var record = new ShopBatchRecord { Id = batch.Id, Batch = batch.Count > 0 ? serializer.SerializeToArray(batch) : [] };
        next.State = record;
        await storage.WriteStateAsync(BatchStateName(s.Batches), GrainContext.GrainId, next);
        s.Batches++;
        s.Count += batch.Count;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            s.Batches--;
            s.Count -= batch.Count;
            throw;
        }

        next = new GrainState<ShopBatchRecord>();
        Load(record);
        dataset = null;
        partial = null;
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
        var decoded = new List<ShopBatch>(this.batches.Count);
        foreach (byte[] bytes in this.batches)
        {
            decoded.Add(serializer.Deserialize(bytes)!);
        }

        return Dataset.Create(
            config,
            roster,
            decoded.SelectMany(b => b.Messages),
            decoded.SelectMany(b => b.Orders),
            decoded.SelectMany(b => b.Refunds),
            decoded.SelectMany(b => b.Reviews),
            decoded.SelectMany(b => b.Ratings),
            decoded.SelectMany(b => b.Complaints));
    }

    private void Load(ShopBatchRecord record)
    {
        if (record.Batch.Length > 0)
        {
            batches.Add(record.Batch);
        }

        if (record.Id is not null)
        {
            batchIds.Add(record.Id);
        }
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
