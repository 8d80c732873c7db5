using System.Diagnostics;
using CsPerf.IO;
using CsPerf.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace CsPerf.Orleans.Tests;

// Issue 11 item 5 ("a lost silo loses nothing"); docs/scale-out.md "Losing a silo". docs/partials.md "Merging": the
// per-shop partials compose into exactly the report of all the data, so a report after a silo is killed must equal
// the single-process report byte for byte, and every record must still be counted once.
[Collection(KillClusterCollection.Name)]
public sealed class SiloKillTests(KillClusterFixture fixture)
{
    private static readonly Lazy<SyntheticDataset> Data = new(() => SyntheticData.Generate(
        new GeneratorOptions { Shops = 6, Agents = 3, Customers = 120, Days = 6, Seed = 11 }));

    private static readonly Lazy<string> Expected = new(() =>
    {
        var d = Data.Value;
        var data = Dataset.Create(d.Config, d.Roster, d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints);
        return JsonReportWriter.ToJson(CsPerfEngine.Report(data, d.Config, Request(d)));
    });

    private static ReportRequest Request(SyntheticDataset d) => new() { AsOf = d.End, By = PeriodGrouping.Day, AllRules = true };

    private static long Total(SyntheticDataset d) =>
        d.Messages.Count + d.Orders.Count + d.Refunds.Count + d.Reviews.Count + d.Ratings.Count + d.Complaints.Count;

    [Fact]
    public async Task DistributedReport_SiloKilledAfterIngest_GrainsReactivateFromStorage_StillEqual()
    {
        await fixture.EnsureThreeSilosAsync();
        var d = Data.Value;
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "kill-after");
        await coordinator.IngestAsync(d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints, batchSize: 700);
        Assert.Equal(Total(d), await CountAll(coordinator));

        SiloHandle victim = await BusiestSecondaryAsync("kill-after/");
        await fixture.Cluster.KillSiloAsync(victim);

        Assert.Equal(Expected.Value, JsonReportWriter.ToJson(await coordinator.ReportAsync(d.Config, d.Roster, Request(d))));
        Assert.Equal(Total(d), await CountAll(coordinator));
        var after = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null);
        Assert.DoesNotContain(after, s => s.SiloAddress.Equals(victim.SiloAddress));
    }

    [Fact]
    public async Task DistributedReport_SiloKilledDuringIngest_CoordinatorRetriesBatches_NothingLostNothingTwice()
    {
        await fixture.EnsureThreeSilosAsync();
        var d = Data.Value;
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "kill-during");

        // Activate every shop grain first so the victim (the secondary silo hosting most of them) is known, then
        // ingest in small batches and kill the victim once some batches of the scope are stored.
        foreach (var shop in d.Roster.Shops)
        {
            await coordinator.Shop(shop.Id).CountAsync();
        }

        SiloHandle victim = await BusiestSecondaryAsync("kill-during/");
        Task ingest = coordinator.IngestAsync(d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints, batchSize: 20);
        var clock = Stopwatch.StartNew();
        while (SharedMemoryGrainStorage.WritesOf("kill-during/") < 30 && !ingest.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(1);
        }

        Assert.False(ingest.IsCompleted, "the ingest ended before the silo was killed: make the batches smaller");
        await fixture.Cluster.KillSiloAsync(victim);
        await ingest;

        Assert.Equal(Total(d), await CountAll(coordinator));
        Assert.Equal(Expected.Value, JsonReportWriter.ToJson(await coordinator.ReportAsync(d.Config, d.Roster, Request(d))));
    }

    [Fact]
    public void KillCluster_SilosAndClient_UseFastFailureDetection()
    {
        var silo = Assert.IsType<InProcessSiloHandle>(fixture.Cluster.Primary);
        Assert.Equal(FailureDetection.Fast.ProbeTimeout, silo.SiloHost.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.ProbeTimeout);
        Assert.Equal(FailureDetection.Fast.ResponseTimeout, silo.SiloHost.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
        Assert.Equal(FailureDetection.Fast.ResponseTimeout, fixture.Cluster.Client.ServiceProvider.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
    }

    /// <summary>The secondary silo hosting the most grains of the scope (the primary hosts the test membership table).</summary>
    private async Task<SiloHandle> BusiestSecondaryAsync(string prefix)
    {
        var stats = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null);
        var hosts = stats.Where(s => s.GrainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
        var victim = fixture.Cluster.SecondarySilos
            .Where(s => hosts.ContainsKey(s.SiloAddress)).OrderByDescending(s => hosts[s.SiloAddress]).FirstOrDefault();
        Assert.NotNull(victim);
        return victim;
    }

    private static async Task<long> CountAll(CsPerfCoordinator coordinator)
    {
        long n = 0;
        foreach (string shop in await coordinator.GetShopsAsync())
        {
            n += await coordinator.Shop(shop).CountAsync();
        }

        return n;
    }
}
