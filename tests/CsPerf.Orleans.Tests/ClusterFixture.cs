using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace CsPerf.Orleans.Tests;

/// <summary>
/// The settings in which the test clusters differ: failure detection and response timeouts. Null: Orleans' defaults
/// (a silo declared dead after tens of seconds, 30 s response timeouts).
/// </summary>
public sealed record FailureDetection
{
    /// <summary>
    /// Declares a killed silo dead within about 2 s and fails calls to it within 5 s, so that the coordinator's retries
    /// reach the grains' new activations (docs/scale-out.md "Losing a silo").
    /// </summary>
    public static readonly FailureDetection Fast = new()
    {
        ProbeTimeout = TimeSpan.FromMilliseconds(500),
        NumMissedProbesLimit = 2,
        NumProbedSilos = 2,
        NumVotesForDeathDeclaration = 1,
        TableRefreshTimeout = TimeSpan.FromSeconds(1),
        IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2),
        DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10),
        ResponseTimeout = TimeSpan.FromSeconds(5),
        GatewayListRefreshPeriod = TimeSpan.FromSeconds(1),
    };

    public TimeSpan ProbeTimeout { get; init; }

    public int NumMissedProbesLimit { get; init; }

    public int NumProbedSilos { get; init; }

    public int NumVotesForDeathDeclaration { get; init; }

    public TimeSpan TableRefreshTimeout { get; init; }

    public TimeSpan IAmAliveTablePublishTimeout { get; init; }

    public TimeSpan DeathVoteExpirationTimeout { get; init; }

    /// <summary>Response timeouts of silos (application and system calls) and of the client.</summary>
    public TimeSpan ResponseTimeout { get; init; }

    public TimeSpan GatewayListRefreshPeriod { get; init; }
}

/// <summary>
/// A 3-silo in-process cluster shared by the test classes of a collection (a cluster start costs seconds): CsPerf on
/// every silo and the client, grain storage shared by the silos (<see cref="SharedMemoryGrainStorage"/>), and the
/// given failure detection.
/// </summary>
public abstract class ThreeSiloClusterFixture(FailureDetection? failureDetection) : IAsyncLifetime
{
    private const string FailureDetectionKey = "CsPerfTests:FailureDetection";

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Starts silos until three are active again (a test may have stopped or killed one).</summary>
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
        if (failureDetection is not null)
        {
            builder.Properties[FailureDetectionKey] = JsonSerializer.Serialize(failureDetection);
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static FailureDetection? Of(IConfiguration configuration) =>
        configuration[FailureDetectionKey] is string json ? JsonSerializer.Deserialize<FailureDetection>(json) : null;

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddCsPerf();
            // Orleans' memory provider keeps state in MemoryStorageGrain activations, which live on silos: a stopped
            // silo takes its share of the state with it. The test silos share one in-process store instead, as a
            // durable database would outlive any silo.
            siloBuilder.Services.AddGrainStorage(CsPerfGrainKeys.StorageName, (sp, _) => new SharedMemoryGrainStorage(sp.GetRequiredService<Serializer>()));
            if (Of(siloBuilder.Configuration) is not FailureDetection f)
            {
                return;
            }

            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = f.ProbeTimeout;
                o.NumMissedProbesLimit = f.NumMissedProbesLimit;
                o.NumProbedSilos = f.NumProbedSilos;
                o.NumVotesForDeathDeclaration = f.NumVotesForDeathDeclaration;
                o.TableRefreshTimeout = f.TableRefreshTimeout;
                o.IAmAliveTablePublishTimeout = f.IAmAliveTablePublishTimeout;
                o.DeathVoteExpirationTimeout = f.DeathVoteExpirationTimeout;
                o.EnableIndirectProbes = false;
            });
            siloBuilder.Configure<SiloMessagingOptions>(o =>
            {
                o.ResponseTimeout = f.ResponseTimeout;
                o.SystemResponseTimeout = f.ResponseTimeout;
            });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.AddCsPerf();
            if (Of(configuration) is FailureDetection f)
            {
                clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = f.ResponseTimeout);
                clientBuilder.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = f.GatewayListRefreshPeriod);
            }
        }
    }
}

/// <summary>The cluster of most tests: Orleans' default failure detection.</summary>
public sealed class ClusterFixture() : ThreeSiloClusterFixture(null);

/// <summary>
/// The cluster of the tests that kill a silo (no graceful stop: its grains are not deactivated, its connections drop):
/// <see cref="FailureDetection.Fast"/>, a cluster of its own so that no other test runs on such short timeouts.
/// </summary>
public sealed class KillClusterFixture() : ThreeSiloClusterFixture(FailureDetection.Fast);

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "3-silo cluster";
}

[CollectionDefinition(Name)]
public sealed class KillClusterCollection : ICollectionFixture<KillClusterFixture>
{
    public const string Name = "3-silo cluster, silos killed";
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

    /// <summary>Writes so far of the states whose key (state name, <c>|</c>, grain id) contains every one of <paramref name="parts"/> (e.g. a scope and a slash).</summary>
    public static int WritesOf(params string[] parts) => WriteCounts.Where(kv => parts.All(p => kv.Key.Contains(p, StringComparison.Ordinal))).Sum(kv => kv.Value.Writes);

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

    /// <summary>
    /// Makes the next write of a state whose key contains every one of <paramref name="parts"/> fail, once, with an
    /// <see cref="InconsistentStateException"/> (as an ETag conflict would; Orleans then deactivates the grain).
    /// </summary>
    public static void FailNextWriteOf(params string[] parts) => Volatile.Write(ref failNext, parts);

    private static string[]? failNext;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string key = Key(stateName, grainId);
        if (Volatile.Read(ref failNext) is { } fail && fail.All(p => key.Contains(p, StringComparison.Ordinal))
            && Interlocked.CompareExchange(ref failNext, null, fail) == fail)
        {
            throw new InconsistentStateException($"{key}: write failed on purpose", grainState.ETag ?? "", grainState.ETag ?? "");
        }

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
