using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CsPerf.Orleans;
using CsPerf.Synthetic;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace CsPerf.Benchmarks;

/// <summary>
/// The Orleans path (issue 11 item 5, docs/scale-out.md) on a 3-silo in-process <see cref="TestCluster"/> (silos and
/// client in the benchmark process, loopback TCP between them, Orleans' memory grain storage): a generated dataset
/// of 8 shops, 7 days, about 100 000 and 1M messages (about 20 000 in the short CI run).
/// <see cref="IngestBatches"/> sends every record through <c>CsPerfCoordinator.IngestAsync</c> (the splitting
/// overload, batches of <see cref="CsPerfCoordinator.DefaultBatchSize"/>) to fresh shop grains (a new scope per
/// invocation); <see cref="DistributedReport"/> asks the shop grains of an ingested scope for their partials, merges and
/// composes them (<see cref="CsPerfCoordinator.ReportAsync"/>), the as-of instant moved by a second per invocation so
/// that every grain aggregates again (its dataset stays cached); <see cref="CachedReport"/> repeats one request, so the
/// grains answer from their cached partials and only the fan-out, the transfer of the partials, the merge and the
/// compose are measured (full run only: the short run has the merge and compose in <see cref="MergeBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[CsPerfJob(warmupCount: 1, iterationCount: 5)]
public class OrleansBenchmarks
{
    private TestCluster _cluster = null!;
    private SyntheticDataset _d = null!;
    private CsPerfCoordinator _ingested = null!;
    private int _scopes;
    private int _seconds;

    [ParamsSource(typeof(BenchScale), nameof(BenchScale.OrleansMessages))]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new GeneratorOptions { Shops = 8, Agents = 6, Customers = 100, Days = 7, Seed = 3 };
        while (SyntheticData.EstimateMessages(options) < Messages)
        {
            options = options with { Customers = options.Customers + 100 };
        }

        _d = SyntheticData.Generate(options);
        var sw = Stopwatch.StartNew();
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        _cluster.Deploy();
        double deploy = sw.Elapsed.TotalSeconds;
        _ingested = new CsPerfCoordinator(_cluster.Client, "ingested");
        Ingest(_ingested).GetAwaiter().GetResult();
        Console.WriteLine($"// orleans input: {_d.Messages.Count:N0} messages, {_d.Orders.Count:N0} orders, {options.Shops} shops on {_cluster.GetActiveSilos().Count()} silos (deployed in {deploy:F1} s)");
    }

    [GlobalCleanup]
    public void Cleanup() => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Every record to the shop grains of a new scope.</summary>
    [Benchmark]
    public Task IngestBatches() => Ingest(new CsPerfCoordinator(_cluster.Client, $"ingest{++_scopes}"));

    /// <summary>The distributed report, every grain aggregating its shop again.</summary>
    [Benchmark]
    public async Task<int> DistributedReport()
    {
        var request = new ReportRequest { AsOf = _d.End.Plus(NodaTime.Duration.FromSeconds(++_seconds)), By = PeriodGrouping.Day };
        return (await _ingested.ReportAsync(_d.Config, _d.Roster, request)).Periods.Length;
    }

    /// <summary>The distributed report from the grains' cached partials.</summary>
    [Benchmark]
    [FullRunOnly]
    public async Task<int> CachedReport() =>
        (await _ingested.ReportAsync(_d.Config, _d.Roster, new ReportRequest { AsOf = _d.End, By = PeriodGrouping.Day })).Periods.Length;

    private Task Ingest(CsPerfCoordinator coordinator) =>
        coordinator.IngestAsync(_d.Messages, _d.Orders, _d.Refunds, _d.Reviews, _d.Ratings, _d.Complaints);

    /// <summary>Each silo: CsPerf's grains, and Orleans' memory provider as their grain storage.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddCsPerf().AddMemoryGrainStorage(CsPerfGrainKeys.StorageName);
    }

    /// <summary>The client: CsPerf's serializers.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.AddCsPerf();
    }
}
