using System.Diagnostics;
using System.Text.Json;
using CsPerf.IO;
using CsPerf.Synthetic;
using Xunit.Abstractions;

namespace CsPerf.Orleans.Tests;

/// <summary>
/// The overhead of the Orleans path against one process (docs/scale-out.md), measured only when
/// CSPERF_ORLEANS_OVERHEAD is set (e.g. to 1000000 messages); otherwise the test returns at once. Run alone, under the lock:
/// <c>CSPERF_ORLEANS_OVERHEAD=1000000 flock /tmp/csperf-dotnet.lock dotnet test tests/CsPerf.Orleans.Tests -c Release
/// --filter FullyQualifiedName~OverheadMeasurement --logger "console;verbosity=detailed"</c>. CSPERF_ORLEANS_BATCH sets
/// the ingest's batch size (records of each kind per batch; default <see cref="CsPerfCoordinator.DefaultBatchSize"/>),
/// e.g. 1000 for about a thousand batches of a thousand messages at 1M messages.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OverheadMeasurement(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Measure_SingleProcess_Against_ThreeSiloCluster()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable("CSPERF_ORLEANS_OVERHEAD"), out long target))
        {
            return;
        }

        await fixture.EnsureThreeSilosAsync();
        var options = new GeneratorOptions { Shops = 8, Agents = 6, Customers = 500, Days = 7, Seed = 3 };
        while (SyntheticData.EstimateMessages(options) < target)
        {
            options = options with { Customers = options.Customers + 500 };
        }

        var d = SyntheticData.Generate(options);
        var request = new ReportRequest { AsOf = d.End, By = PeriodGrouping.Day, AllRules = true };
        output.WriteLine($"dataset: {options.Shops} shops, {options.Customers} customers, {options.Days} days: {d.Messages.Count:N0} messages, {d.Orders.Count:N0} orders, {d.Refunds.Count:N0} refunds, {d.Reviews.Count:N0} reviews");

        var sw = Stopwatch.StartNew();
        var data = Dataset.Create(d.Config, d.Roster, d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints);
        double create = sw.Elapsed.TotalSeconds;
        string single = JsonReportWriter.ToJson(CsPerfEngine.Report(data, d.Config, request));
        double singleTotal = sw.Elapsed.TotalSeconds;
        data = null;
        output.WriteLine($"single process: Dataset.Create {create:F2} s + Report {singleTotal - create:F2} s = {singleTotal:F2} s");

        int batchSize = int.TryParse(Environment.GetEnvironmentVariable("CSPERF_ORLEANS_BATCH"), out int b) ? b : CsPerfCoordinator.DefaultBatchSize;
        string scope = "overhead-" + batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, scope);
        sw.Restart();
        await coordinator.IngestAsync(d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints, batchSize);
        double ingest = sw.Elapsed.TotalSeconds;
        int batches = d.Messages.GroupBy(m => m.Shop).Sum(g => (g.Count() + batchSize - 1) / batchSize);
        output.WriteLine($"ingest in batches of {batchSize:N0} records of each kind (about {batches:N0} batches, by messages): {ingest:F2} s; grain storage of the scope: {SharedMemoryGrainStorage.WritesOf(scope + "/"):N0} writes, {SharedMemoryGrainStorage.BytesWrittenOf(scope + "/") / 1e6:F1} MB written, {SharedMemoryGrainStorage.BytesOf(scope + "/") / 1e6:F1} MB stored");
        sw.Restart();
        var cold = await coordinator.ReportAsync(d.Config, d.Roster, request);
        double coldReport = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var partial = await coordinator.AggregateAsync(d.Config, d.Roster, request);
        double warmAggregate = sw.Elapsed.TotalSeconds;
        var warm = CsPerfEngine.Compose(partial, d.Roster, d.Config, request);
        double warmReport = sw.Elapsed.TotalSeconds;
        Assert.Equal(single, JsonReportWriter.ToJson(cold));
        Assert.Equal(single, JsonReportWriter.ToJson(warm));

        long partialBytes = 0;
        foreach (string shop in await coordinator.GetShopsAsync())
        {
            partialBytes += JsonSerializer.SerializeToUtf8Bytes(await coordinator.Shop(shop).GetPartialAsync(d.Config, d.Roster, request), CsPerfJsonContext.Default.KpiPartial).Length;
        }

        output.WriteLine($"3-silo cluster: ingest {ingest:F2} s + report {coldReport:F2} s (grains build datasets, aggregate, merge, compose) = {ingest + coldReport:F2} s; report again (partials cached) {warmReport:F2} s, of which fan-out and merge {warmAggregate:F2} s");
        output.WriteLine($"grain storage: {SharedMemoryGrainStorage.Bytes / 1e6:F1} MB in {SharedMemoryGrainStorage.Writes} writes (this scope and others of the run); partials: {partialBytes / 1e3:F0} kB of JSON for {options.Shops} shops, merged {JsonSerializer.SerializeToUtf8Bytes(partial, CsPerfJsonContext.Default.KpiPartial).Length / 1e3:F0} kB");
    }
}
