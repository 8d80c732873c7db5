using CsPerf.IO;
using CsPerf.Synthetic;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace CsPerf.Orleans.Tests;

// Issue 11 item 5; docs/partials.md "Merging" (per-shop partials of one roster compose into exactly the report of all
// the data) and domain.md §5 invariant 7.
[Collection(ClusterCollection.Name)]
public sealed class DistributedReportTests(ClusterFixture fixture)
{
    private static readonly Lazy<SyntheticDataset> Data = new(() => SyntheticData.Generate(
        new GeneratorOptions { Shops = 6, Agents = 3, Customers = 120, Days = 6, Seed = 7 }));

    private static ReportRequest Request(SyntheticDataset d) => new() { AsOf = d.End, By = PeriodGrouping.Day, AllRules = true };

    private static string SingleProcess(SyntheticDataset d, ReportRequest request)
    {
        var data = Dataset.Create(d.Config, d.Roster, d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints);
        return JsonReportWriter.ToJson(CsPerfEngine.Report(data, d.Config, request));
    }

    private static async Task Ingest(CsPerfCoordinator coordinator, SyntheticDataset d) =>
        await coordinator.IngestAsync(d.Messages, d.Orders, d.Refunds, d.Reviews, d.Ratings, d.Complaints, batchSize: 700);

    [Fact]
    public async Task DistributedReport_ThreeSilos_EqualsSingleProcessReport_ByteForByte()
    {
        await fixture.EnsureThreeSilosAsync();
        var d = Data.Value;
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "equal");
        await Ingest(coordinator, d);

        Assert.Equal(d.Roster.Shops.Select(s => s.Id).Order(StringComparer.Ordinal), await coordinator.GetShopsAsync());
        var request = Request(d);
        Assert.Equal(SingleProcess(d, request), JsonReportWriter.ToJson(await coordinator.ReportAsync(d.Config, d.Roster, request)));

        // Another grouping and a range inside the data: the grains' partials are recomputed, the report still equal.
        var week = new ReportRequest { AsOf = d.End, By = PeriodGrouping.Week, From = new NodaTime.LocalDate(2026, 11, 2), To = new NodaTime.LocalDate(2026, 11, 5) };
        Assert.Equal(SingleProcess(d, week), JsonReportWriter.ToJson(await coordinator.ReportAsync(d.Config, d.Roster, week)));
    }

    [Fact]
    public async Task DistributedReport_SiloStoppedAfterIngest_GrainsReactivateFromStorage_StillEqual()
    {
        await fixture.EnsureThreeSilosAsync();
        var d = Data.Value;
        // The secondary silo hosting the most shop grains of the scope (the primary hosts the test membership table).
        // Placement is the cluster's choice: when it put every grain of a scope on the primary, ingest into a fresh
        // scope (each try has a chance of at most 3^-6 to find no grain on a secondary; five tries never failed).
        CsPerfCoordinator? coordinator = null;
        SiloHandle? victim = null;
        for (int attempt = 0; attempt < 5 && victim is null; attempt++)
        {
            string scope = "failover" + attempt;
            coordinator = new CsPerfCoordinator(fixture.Cluster.Client, scope);
            await Ingest(coordinator, d);
            var stats = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null);
            var hosts = stats.Where(s => s.GrainId.Key.ToString()!.StartsWith(scope + "/", StringComparison.Ordinal))
                .GroupBy(s => s.SiloAddress).ToDictionary(g => g.Key, g => g.Count());
            victim = fixture.Cluster.SecondarySilos
                .Where(s => hosts.ContainsKey(s.SiloAddress)).OrderByDescending(s => hosts[s.SiloAddress]).FirstOrDefault();
        }

        Assert.NotNull(victim);
        Assert.NotNull(coordinator);
        long before = await CountAll(coordinator);
        await fixture.Cluster.StopSiloAsync(victim);

        Assert.Equal(before, await CountAll(coordinator));
        var request = Request(d);
        Assert.Equal(SingleProcess(d, request), JsonReportWriter.ToJson(await coordinator.ReportAsync(d.Config, d.Roster, request)));
        var after = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null);
        Assert.DoesNotContain(after, s => s.SiloAddress.Equals(victim.SiloAddress));
    }

    [Fact]
    public async Task Ingest_SameBatchIdTwice_CountsOnce()
    {
        var d = Data.Value;
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "idempotent");
        string shop = d.Roster.Shops[0].Id;
        var batch = new ShopBatch { Id = "b1", Messages = [.. d.Messages.Where(m => m.Shop == shop).Take(50)] };
        Assert.Equal(50, await coordinator.IngestAsync(shop, batch));
        Assert.Equal(50, await coordinator.IngestAsync(shop, batch));
        Assert.Equal(50, await coordinator.Shop(shop).CountAsync());
    }

    [Fact]
    public async Task Ingest_RecordOfAnotherShop_Refused()
    {
        var d = Data.Value;
        var coordinator = new CsPerfCoordinator(fixture.Cluster.Client, "refused");
        var other = d.Messages.First(m => m.Shop != d.Roster.Shops[0].Id);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => coordinator.IngestAsync(d.Roster.Shops[0].Id, new ShopBatch { Messages = [other] }));
        Assert.Contains("shop", e.Message, StringComparison.Ordinal);
        Assert.Empty(await coordinator.GetShopsAsync());
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
