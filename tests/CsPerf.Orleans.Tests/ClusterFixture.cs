using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CsPerf.Orleans.Tests;

/// <summary>One 3-silo in-process cluster shared by the test classes of the collection (a cluster start costs seconds).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Starts silos until three are active again (a test may have stopped one).</summary>
    public async Task EnsureThreeSilosAsync()
    {
        while (Cluster.GetActiveSilos().Count() < 3)
        {
            await Cluster.StartAdditionalSiloAsync();
        }
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddCsPerf();
            // Orleans' memory provider keeps state in MemoryStorageGrain activations, which live on silos: a stopped
            // silo takes its share of the state with it. The test silos share one in-process store instead, as a
            // durable database would outlive any silo.
            siloBuilder.Services.AddGrainStorage(CsPerfGrainKeys.StorageName, (sp, _) => new SharedMemoryGrainStorage(sp.GetRequiredService<Serializer>()));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.AddCsPerf();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "3-silo cluster";
}

/// <summary>
/// Grain storage over one process-wide dictionary, shared by every silo of the test cluster: state outlives a silo, as
/// in a database. Optimistic concurrency by ETag, as real providers do.
/// </summary>
internal sealed class SharedMemoryGrainStorage(Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> Store = new(StringComparer.Ordinal);

    public static int Writes;

    private static readonly ConcurrentDictionary<string, (int Writes, long Bytes)> WriteCounts = new(StringComparer.Ordinal);

    /// <summary>Writes so far of the states whose key contains <paramref name="part"/> (e.g. a scope and a slash).</summary>
    public static int WritesOf(string part) => WriteCounts.Where(kv => kv.Key.Contains(part, StringComparison.Ordinal)).Sum(kv => kv.Value.Writes);

    /// <summary>Bytes written so far (the serialized state of every write) of the states whose key contains <paramref name="part"/>.</summary>
    public static long BytesWrittenOf(string part) => WriteCounts.Where(kv => kv.Key.Contains(part, StringComparison.Ordinal)).Sum(kv => kv.Value.Bytes);

    /// <summary>Bytes held by the store for the states whose key contains <paramref name="part"/>.</summary>
    public static long BytesOf(string part) => Store.Where(kv => kv.Key.Contains(part, StringComparison.Ordinal)).Sum(kv => (long)kv.Value.Data.Length);

    /// <summary>Bytes held by the store.</summary>
    public static long Bytes => Store.Values.Sum(v => (long)v.Data.Length);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryGetValue(Key(stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.Data);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = Key(stateName, grainId);
        string etag = Guid.NewGuid().ToString("N");
        byte[] data = serializer.SerializeToArray(grainState.State);
        Store.AddOrUpdate(
            key,
            _ => grainState.ETag is null ? (data, etag) : throw new InconsistentStateException($"{key}: no stored state", "", grainState.ETag),
            (_, old) => old.ETag == grainState.ETag ? (data, etag) : throw new InconsistentStateException($"{key}: etag", old.ETag, grainState.ETag ?? ""));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        Interlocked.Increment(ref Writes);
        WriteCounts.AddOrUpdate(key, (1, data.Length), (_, n) => (n.Writes + 1, n.Bytes + data.Length));
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Store.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => stateName + "|" + grainId.ToString();
}
